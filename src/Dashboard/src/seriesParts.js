/**
 * What a series' buckets hold besides count and sum: quantiles by name ("p95", asked with q=) and counts
 * per string value, per variant and bucket start, as GET /v1/series answers them. A browser cannot merge
 * quantiles from single points, so these are refreshed from the gateway (mergeAnswer) rather than moved
 * point by point like the means.
 */
export class SeriesParts {
  #variants = new Map(); // variant -> Map(start -> { quantiles, categories })

  constructor(variants = []) {
    for (const variant of variants) this.#variants.set(variant, new Map());
  }

  static fromResponse(response, knownVariants = []) {
    const parts = new SeriesParts(knownVariants);
    parts.mergeAnswer(response);
    return parts;
  }

  /** Takes the buckets of an answer (a newer one over the tail of the range), replacing those it covers. */
  mergeAnswer(response) {
    for (const { variant, buckets: rows } of response.variants) {
      const target = this.#variant(variant);
      for (const row of rows) {
        if (row.quantiles || row.categories) target.set(row.t, { quantiles: row.quantiles ?? null, categories: row.categories ?? null });
        else target.delete(row.t);
      }
    }
  }

  get variants() {
    return [...this.#variants.keys()];
  }

  /** The newest bucket start of any variant, or null when there are none. */
  get lastStart() {
    let last = null;
    for (const buckets of this.#variants.values()) for (const start of buckets.keys()) if (last === null || start > last) last = start;
    return last;
  }

  /** Quantile names in any bucket, lowest level first ("p50", "p95", "p99"). */
  get levels() {
    const names = new Set();
    for (const bucket of this.#buckets()) for (const name of Object.keys(bucket.quantiles ?? {})) names.add(name);
    return [...names].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  }

  /** String values by their count over all buckets and variants, most frequent first. */
  get categories() {
    const totals = new Map();
    for (const bucket of this.#buckets())
      for (const [name, { count }] of Object.entries(bucket.categories ?? {})) totals.set(name, (totals.get(name) ?? 0) + count);
    return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  }

  get hasQuantiles() {
    return this.levels.length > 0;
  }

  get hasCategories() {
    return this.categories.length > 0;
  }

  /** Forgets buckets that ended before `from`. */
  dropBefore(from, stepSeconds) {
    for (const buckets of this.#variants.values())
      for (const start of buckets.keys()) if (start + stepSeconds <= from) buckets.delete(start);
  }

  /** uPlot's aligned columns: shared starts and one line per variant and level (null where a bucket lacks it). */
  quantileColumns() {
    const xs = this.#starts();
    const levels = this.levels;
    const lines = [];
    for (const [variant, buckets] of this.#variants)
      for (const level of levels) lines.push({ variant, level, values: xs.map((x) => buckets.get(x)?.quantiles?.[level] ?? null) });
    return { xs, levels, lines };
  }

  /**
   * One value's share per bucket and variant, shaped as SeriesBuckets.toColumns is (avg the share, low
   * and high its 95% interval), so the means chart can draw it; totalCount counts the string values.
   */
  shareColumns(category) {
    const xs = this.#starts();
    const lines = [...this.#variants].map(([variant, buckets]) => {
      const line = { variant, avg: [], low: [], high: [] };
      for (const x of xs) {
        const counts = buckets.get(x)?.categories;
        const total = counts ? Object.values(counts).reduce((sum, c) => sum + c.count, 0) : 0;
        const share = total > 0 ? (counts[category]?.count ?? 0) / total : null;
        const half = share === null ? null : 1.96 * Math.sqrt((share * (1 - share)) / total);
        line.avg.push(share);
        line.low.push(share === null ? null : Math.max(0, share - half));
        line.high.push(share === null ? null : Math.min(1, share + half));
      }
      return line;
    });
    let totalCount = 0;
    for (const bucket of this.#buckets()) for (const { count } of Object.values(bucket.categories ?? {})) totalCount += count;
    return { xs, lines, totalCount };
  }

  #starts() {
    const starts = new Set();
    for (const buckets of this.#variants.values()) for (const start of buckets.keys()) starts.add(start);
    return [...starts].sort((a, b) => a - b);
  }

  *#buckets() {
    for (const buckets of this.#variants.values()) yield* buckets.values();
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
