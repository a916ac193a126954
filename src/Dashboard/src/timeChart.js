import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { mountChartFrame } from './chartFrame.js';
import { formatNumber } from './format.js';

// Tableau 10: told apart by most colour-blind readers, and the control (first) is always blue.
export const variantColors = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function variantLabel(variant) {
  return variant === '' ? 'value' : variant;
}

/**
 * One metric over time with uPlot: a line per variant (the bucket average) and, when asked, a band from
 * bucket min to max. What is drawn is also written on the container as data attributes (variants, points,
 * total count, granularity), so browser tests and people inspecting the page can read it.
 */
export class TimeChart {
  #container;
  #plotHost;
  #legend;
  #unit;
  #plot = null;
  #shape = '';
  #resize;

  constructor(container, unit) {
    this.#container = container;
    this.#unit = unit;
    const frame = mountChartFrame(container, 'time-chart');
    this.#legend = frame.legend;
    this.#plotHost = frame.plotHost;
    this.#resize = new ResizeObserver(() => this.#plot?.setSize(this.#size()));
    this.#resize.observe(this.#container);
  }

  /** band: 'minmax', 'ci' (a proportion's 95% interval) or 'none'. */
  render(buckets, { granularity, band }) {
    const showBand = band !== 'none';
    const { xs, lines } = buckets.toColumns(band);
    const data = [xs];
    for (const line of lines) data.push(line.avg, line.high, line.low);

    // Variants or band changed: build a new plot; otherwise only new data (cheap, keeps zoom and cursor).
    const shape = `${lines.map((l) => l.variant).join('\u0000')}|${band}`;
    if (!this.#plot || shape !== this.#shape) {
      this.#plot?.destroy();
      this.#shape = shape;
      this.#plot = new uPlot(this.#options(lines, showBand), data, this.#plotHost);
      this.#renderLegend(lines, band);
    } else {
      this.#plot.setData(data);
      this.#showCursorValues(this.#plot); // new data under the same cursor: the legend's values follow it
    }

    const dataset = this.#container.dataset;
    dataset.variants = lines.map((l) => l.variant).join(',');
    dataset.seriesCount = String(lines.length);
    dataset.points = String(xs.length);
    dataset.totalCount = String(buckets.totalCount);
    dataset.granularity = granularity;
    dataset.band = band;
    dataset.lastT = xs.length ? String(xs.at(-1)) : '';
    dataset.ready = 'true';
    if (performance.getEntriesByName('tsm:chart-rendered').length === 0) performance.mark('tsm:chart-rendered');
  }

  dispose() {
    this.#resize.disconnect();
    this.#plot?.destroy();
  }

  #options(lines, showBand) {
    const series = [{}];
    const bands = [];
    lines.forEach((line, i) => {
      const color = variantColors[i % variantColors.length];
      series.push({ label: variantLabel(line.variant), stroke: color, width: 2, points: { show: false } });
      series.push({ label: `${variantLabel(line.variant)} high`, stroke: 'transparent', width: 0, points: { show: false }, show: showBand });
      series.push({ label: `${variantLabel(line.variant)} low`, stroke: 'transparent', width: 0, points: { show: false }, show: showBand });
      if (showBand) bands.push({ series: [series.length - 2, series.length - 1], fill: `${color}26` });
    });

    return {
      ...this.#size(),
      series,
      bands,
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: true } },
      axes: [{}, { size: 56, label: this.#unit ?? '', values: (_, ticks) => ticks.map(formatNumber) }],
      hooks: { setCursor: [(plot) => this.#showCursorValues(plot)] },
    };
  }

  #renderLegend(lines, band) {
    const bandNote = document.createElement('li');
    bandNote.className = 'band-note';
    bandNote.textContent = { minmax: 'band: min–max per bucket', ci: 'band: 95% CI of the rate', none: '' }[band];
    this.#legend.replaceChildren(...lines.map((line, i) => {
      const item = document.createElement('li');
      item.className = 'variant';
      item.innerHTML = '<span class="swatch"></span><span class="name"></span><span class="value"></span>';
      item.querySelector('.swatch').style.background = variantColors[i % variantColors.length];
      item.querySelector('.name').textContent = variantLabel(line.variant);
      return item;
    }), bandNote);
  }

  // The legend shows each variant's average under the cursor (or the newest bucket when not hovering).
  #showCursorValues(plot) {
    const index = plot.cursor.idx ?? plot.data[0].length - 1;
    this.#legend.querySelectorAll('li.variant').forEach((item, i) => {
      const value = plot.data[1 + i * 3]?.[index];
      item.querySelector('.value').textContent = value === null || value === undefined ? '' : formatNumber(value);
    });
  }

  #size() {
    const width = Math.max(240, this.#container.clientWidth);
    return { width, height: Math.round(Math.min(320, Math.max(200, width * 0.45))) };
  }
}
