import { getJson } from './api.js';
import { SeriesBuckets } from './seriesBuckets.js';
import { TimeChart } from './timeChart.js';
import { granularitySeconds, resolveRange } from './timeRange.js';

/**
 * One metric on a page: its chart, loaded from GET /v1/series for the chosen range and granularity and
 * then moved by live points. Redraws are batched to one per animation frame, however many points arrive.
 */
export class MetricPanel {
  #test;
  #metric;
  #variants;
  #kind;
  #chart;
  #buckets = null;
  #view = null;
  #range = null;
  #frame = 0;

  constructor(chartContainer, { test, metric, unit, kind, variants }) {
    this.#test = test;
    this.#kind = kind;
    this.#metric = metric;
    this.#variants = variants;
    this.#chart = new TimeChart(chartContainer, unit);
  }

  get metric() {
    return this.#metric;
  }

  /** Loads the buckets for a view. Live points arriving meanwhile are dropped: the answer includes them. */
  async load(view, signal) {
    this.#buckets = null;
    const range = resolveRange(view);
    const query = new URLSearchParams({ metric: this.#metric, from: range.from.toFixed(3), granularity: view.granularity });
    if (this.#test) query.set('test', this.#test);
    if (!range.live) query.set('to', range.to.toFixed(3));
    const response = await getJson(`/v1/series?${query}`, signal);
    this.#view = view;
    this.#range = range;
    this.#buckets = SeriesBuckets.fromResponse(response, granularitySeconds(view.granularity), this.#variants);
    this.#draw();
  }

  /** Live points of this metric: { variant, t, value }. */
  addPoints(points) {
    if (!this.#buckets) return;
    const to = this.#range.live ? Infinity : this.#range.to;
    let changed = false;
    for (const point of points) changed = this.#buckets.add(point.variant, point.t, point.value, this.#range.from, to) || changed;
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
    this.#chart.dispose();
  }

  #draw() {
    if (!this.#buckets) return;
    if (this.#range.live) {
      // A frame ending now slides: what fell out of it leaves the chart.
      const span = this.#range.to - this.#range.from;
      this.#range = { ...this.#range, from: Date.now() / 1000 - span };
      this.#buckets.dropBefore(this.#range.from);
    }
    const band = !this.#view.band ? 'none' : this.#kind === 'proportion' ? 'ci' : 'minmax';
    this.#chart.render(this.#buckets, { granularity: this.#view.granularity, band });
  }
}
