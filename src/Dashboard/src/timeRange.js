// Time frames and granularities a person can pick, and the range and bucket width they mean.

export const timeFrames = [
  { id: '15m', label: '15 min', seconds: 15 * 60 },
  { id: '1h', label: '1 h', seconds: 3600 },
  { id: '24h', label: '24 h', seconds: 86_400 },
  { id: '7d', label: '7 d', seconds: 7 * 86_400 },
  { id: '30d', label: '30 d', seconds: 30 * 86_400 },
];

// 1s is there for the live view of the last minutes (the silos keep 1-second buckets for 15 minutes).
export const granularities = [
  { id: '1s', seconds: 1 },
  { id: '1m', seconds: 60 },
  { id: '5m', seconds: 300 },
  { id: '1h', seconds: 3600 },
  { id: '1d', seconds: 86_400 },
];

// The gateway refuses more than 20,000 buckets per variant (TSMetrics:Query:MaxBucketsPerSeries);
// beyond ~1,500 a line has more points than a laptop screen has pixels across.
const mostBuckets = 20_000;
const preferredBuckets = 1_500;

/** The range of a selection: a frame ending now (live), or a custom range [from, to) in unix seconds. */
export function resolveRange(selection, nowSeconds = Date.now() / 1000) {
  if (selection.frame === 'custom') return { from: selection.from, to: selection.to, live: selection.to > nowSeconds };
  const frame = timeFrames.find((f) => f.id === selection.frame) ?? timeFrames[1];
  return { from: nowSeconds - frame.seconds, to: nowSeconds, live: true };
}

export function granularitySeconds(id) {
  return granularities.find((g) => g.id === id)?.seconds;
}

export function isGranularityAllowed(id, spanSeconds) {
  const seconds = granularitySeconds(id);
  return seconds !== undefined && spanSeconds / seconds <= mostBuckets;
}

/** The finest granularity that keeps a line under ~1,500 points. */
export function defaultGranularity(spanSeconds) {
  return (granularities.find((g) => spanSeconds / g.seconds <= preferredBuckets) ?? granularities.at(-1)).id;
}
