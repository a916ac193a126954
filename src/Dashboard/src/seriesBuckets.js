/**
 * The buckets of one metric per variant at one granularity: loaded from GET /v1/series, then kept current
 * by adding live points, exactly as the gateway would bucket them (count, sum, min, max).
 */
export class SeriesBuckets {
  #step;
  #variants = new Map();

  constructor(stepSeconds, variants = []) {
    this.#step = stepSeconds;
    for (const variant of variants) this.#variants.set(variant, new Map());
  }

  static fromResponse(response, stepSeconds, knownVariants = []) {
    const buckets = new SeriesBuckets(stepSeconds, knownVariants);
    for (const { variant, buckets: rows } of response.variants) {
      const target = buckets.#variant(variant);
      // A bucket of only string values has no numbers (count 0, no min or max): nothing to average.
      for (const row of rows) if (row.count > 0) target.set(row.t, { count: row.count, sum: row.sum, min: row.min, max: row.max });
    }
    return buckets;
  }

  get variants() {
    return [...this.#variants.keys()];
  }

  /**
   * Adds one point; returns false when it lies outside [from, to). A histogram data point comes with its
   * `summary` ({ count, min, max }; value is then its sum) and adds as that many values, as the gateway does.
   */
  add(variant, t, value, from, to, summary = undefined) {
    if (t < from || t >= to) return false;
    const start = Math.floor(t / this.#step) * this.#step;
    const target = this.#variant(variant);
    const bucket = target.get(start);
    const count = summary?.count ?? 1;
    const min = summary?.min ?? value;
    const max = summary?.max ?? value;
    if (bucket) {
      bucket.count += count;
      bucket.sum += value;
      bucket.min = Math.min(bucket.min, min);
      bucket.max = Math.max(bucket.max, max);
    } else {
      target.set(start, { count, sum: value, min, max });
    }
    return true;
  }

  /** Forgets buckets that ended before `from` (a sliding frame moved past them). */
  dropBefore(from) {
    for (const buckets of this.#variants.values())
      for (const start of buckets.keys()) if (start + this.#step <= from) buckets.delete(start);
  }

  /**
   * uPlot's aligned columns: shared bucket starts, and per variant the average and a band (null where the
   * variant has no bucket). The band is min to max, or for a proportion (values 0 or 1) the 95% confidence
   * interval of the rate, which count and average alone give; its min-max would always be 0 to 1.
   */
  toColumns(band = 'minmax') {
    const starts = new Set();
    for (const buckets of this.#variants.values()) for (const start of buckets.keys()) starts.add(start);
    const xs = [...starts].sort((a, b) => a - b);
    const lines = [...this.#variants].map(([variant, buckets]) => {
      const line = { variant, avg: [], low: [], high: [] };
      for (const x of xs) {
        const bucket = buckets.get(x);
        const avg = bucket ? bucket.sum / bucket.count : null;
        const [low, high] = !bucket ? [null, null] : band === 'ci' ? rateInterval(avg, bucket.count) : [bucket.min, bucket.max];
        line.avg.push(avg);
        line.low.push(low);
        line.high.push(high);
      }
      return line;
    });
    return { xs, lines };
  }

  /** Points counted in all buckets together. */
  get totalCount() {
    let total = 0;
    for (const buckets of this.#variants.values()) for (const bucket of buckets.values()) total += bucket.count;
    return total;
  }

  #variant(name) {
    let buckets = this.#variants.get(name);
    if (!buckets) {
      buckets = new Map();
      this.#variants.set(name, buckets);
    }
    return buckets;
  }
}

// Normal approximation of a binomial rate's 95% interval, kept within [0, 1].
function rateInterval(rate, count) {
  const half = 1.96 * Math.sqrt((rate * (1 - rate)) / count);
  return [Math.max(0, rate - half), Math.min(1, rate + half)];
}
