import { getJson } from './api.js';
import { LiftChart } from './liftChart.js';

/** One metric's lift over time, from GET /v1/tests/{test}/lift (from the test's start to now, in the page's method). */
export class LiftPanel {
  #test;
  #metric;
  #variants;
  #chart;

  constructor(container, { test, metric, variants }) {
    this.#test = test;
    this.#metric = metric;
    this.#variants = variants;
    this.#chart = new LiftChart(container);
  }

  async load(method, signal) {
    const query = new URLSearchParams({ metric: this.#metric, method });
    const lift = await getJson(`/v1/tests/${encodeURIComponent(this.#test)}/lift?${query}`, signal).catch((error) => {
      if (error.status === 404) return null; // no points yet
      throw error;
    });
    if (lift) this.#chart.render(lift, (variant) => Math.max(0, this.#variants.indexOf(variant)));
  }

  dispose() {
    this.#chart.dispose();
  }
}
