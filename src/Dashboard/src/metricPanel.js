import { getJson } from './api.js';
import { PartsCharts } from './partsCharts.js';
import { SeriesBuckets } from './seriesBuckets.js';
import { SeriesParts } from './seriesParts.js';
import { TimeChart } from './timeChart.js';
import { granularitySeconds, resolveRange } from './timeRange.js';

// The quantiles a chart asks for; series that keep no percentiles answer without them.
const quantileLevels = '0.5,0.95,0.99';
// Quantiles and value counts cannot be folded in from single points: live points make the panel re-read
// the newest buckets from the gateway, at most this often.
const partsRefreshMs = 1_000;

/**
 * One metric on a page: its chart, loaded from GET /v1/series for the chosen range and granularity and
 * then moved by live points. Redraws are batched to one per animation frame, however many points arrive.
 * Percentile lines and value shares (PartsCharts) come from the same answer and move with re-reads of its tail.
 */
export class MetricPanel {
  #test;
  #metric;
  #variants;
  #kind;
  #strings;
  #chart;
  #partsCharts;
  #buckets = null;
  #parts = null;
  #view = null;
  #range = null;
  #frame = 0;
  #partsTimer = 0;
  #partsLoading = false;
  #partsStale = false;
  #signal = null;

  constructor(chartContainer, { test, metric, unit, kind, variants, valueType }) {
    this.#test = test;
    this.#kind = kind;
    this.#metric = metric;
    this.#variants = variants;
    this.#strings = valueType === 'string';
    this.#partsCharts = new PartsCharts(chartContainer, { unit, colorIndex: (variant) => this.#colorIndex(variant) });
    this.#chart = new TimeChart(this.#partsCharts.meansHost, unit);
  }

  get metric() {
    return this.#metric;
  }

  /** Loads the buckets for a view. Live points arriving meanwhile are dropped: the answer includes them. */
  async load(view, signal) {
    this.#buckets = null;
    clearTimeout(this.#partsTimer);
    this.#partsTimer = 0;
    const range = resolveRange(view);
    const response = await getJson(`/v1/series?${this.#query(view, range, range.from)}`, signal);
    this.#view = view;
    this.#range = range;
    this.#signal = signal;
    this.#buckets = SeriesBuckets.fromResponse(response, granularitySeconds(view.granularity), this.#variants);
    this.#parts = SeriesParts.fromResponse(response, this.#variants);
    this.#draw();
  }

  /** Live points of this metric: { variant, t, value } (value a number, or a string value's string; a histogram's sum with count, min, max). */
  addPoints(points) {
    if (!this.#buckets) return;
    if (this.#range.live && (this.#parts.hasQuantiles || this.#parts.hasCategories || this.#strings)) this.#refreshParts();
    if (this.#isCategorical()) return; // a string value's point carries no number to average
    const to = this.#range.live ? Infinity : this.#range.to;
    let changed = false;
    for (const point of points)
      if (typeof point.value === 'number')
        changed = this.#buckets.add(point.variant, point.t, point.value, this.#range.from, to, point.count ? point : undefined) || changed;
    if (changed) this.redraw();
  }

  redraw() {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#draw();
    });
  }

  setBand(view) {
    this.#view = view;
    this.redraw();
  }

  dispose() {
    cancelAnimationFrame(this.#frame);
    clearTimeout(this.#partsTimer);
    this.#chart.dispose();
    this.#partsCharts.dispose();
  }

  #query(view, range, from) {
    const query = new URLSearchParams({ metric: this.#metric, from: from.toFixed(3), granularity: view.granularity, q: quantileLevels });
    if (this.#test) query.set('test', this.#test);
    if (!range.live) query.set('to', range.to.toFixed(3));
    return query;
  }

  // Re-reads from the newest bucket on (it may have grown) and merges the answer; points arriving during a
  // read ask for one more, so the last of a burst is never left out.
  #refreshParts() {
    if (this.#partsLoading) {
      this.#partsStale = true;
      return;
    }
    if (this.#partsTimer) return;
    this.#partsTimer = setTimeout(async () => {
      this.#partsTimer = 0;
      const parts = this.#parts;
      const view = this.#view;
      this.#partsLoading = true;
      this.#partsStale = false;
      try {
        const from = Math.max(this.#range.from, parts.lastStart ?? this.#range.from);
        const response = await getJson(`/v1/series?${this.#query(view, this.#range, from)}`, this.#signal);
        if (parts !== this.#parts) return; // a new load replaced them meanwhile
        parts.mergeAnswer(response);
        this.redraw();
      } catch (error) {
        if (error.name !== 'AbortError') console.warn(`re-reading ${this.#metric}: ${error.message}`);
      } finally {
        this.#partsLoading = false;
        if (this.#partsStale) this.#refreshParts();
      }
    }, partsRefreshMs);
  }

  #isCategorical() {
    return this.#strings || (this.#parts.hasCategories && this.#buckets.totalCount === 0);
  }

  #colorIndex(variant) {
    return Math.max(0, this.#parts.variants.indexOf(variant)); // the known variants first, as the means chart orders them
  }

  #draw() {
    if (!this.#buckets) return;
    const step = granularitySeconds(this.#view.granularity);
    if (this.#range.live) {
      // A frame ending now slides: what fell out of it leaves the chart.
      const span = this.#range.to - this.#range.from;
      this.#range = { ...this.#range, from: Date.now() / 1000 - span };
      this.#buckets.dropBefore(this.#range.from);
      this.#parts.dropBefore(this.#range.from, step);
    }
    const band = !this.#view.band ? 'none' : this.#kind === 'proportion' ? 'ci' : 'minmax';
    this.#chart.render(this.#buckets, { granularity: this.#view.granularity, band });
    this.#partsCharts.render(this.#parts, this.#buckets.totalCount > 0, { granularity: this.#view.granularity, band: this.#view.band });
  }
}
