import uPlot from 'uplot';
import { mountChartFrame } from './chartFrame.js';
import { formatNumber } from './format.js';
import { variantColors, variantLabel } from './timeChart.js';

// A variant keeps its colour; its levels differ by stroke: the median solid, the tails dashed, then dotted.
const dashes = [[], [8, 4], [2, 3], [12, 3, 2, 3]];

/**
 * Percentile lines of one metric over time with uPlot: per variant a line per level (p50, p95, p99), in
 * the variant's colour. What is drawn is written on the container as data attributes (series names such as
 * "A p95", levels, points), for browser tests and people inspecting the page.
 */
export class PercentileChart {
  #container;
  #plotHost;
  #legend;
  #unit;
  #plot = null;
  #shape = '';
  #lines = [];
  #resize;

  constructor(container, unit) {
    this.#container = container;
    this.#unit = unit;
    const frame = mountChartFrame(container, 'percentile-chart');
    this.#legend = frame.legend;
    this.#plotHost = frame.plotHost;
    this.#resize = new ResizeObserver(() => this.#plot?.setSize(this.#size()));
    this.#resize.observe(this.#container);
  }

  /** parts: a SeriesParts; colorIndex(variant) gives the variant's place in the page's colours. */
  render(parts, colorIndex) {
    const { xs, levels, lines } = parts.quantileColumns();
    const data = [xs, ...lines.map((line) => line.values)];
    const names = lines.map((line) => `${variantLabel(line.variant)} ${line.level}`);
    const shape = names.join('\u0000');
    if (!this.#plot || shape !== this.#shape) {
      this.#plot?.destroy();
      this.#shape = shape;
      this.#plot = new uPlot(this.#options(lines, levels, colorIndex), data, this.#plotHost);
      this.#renderLegend(lines, levels, colorIndex);
    } else {
      this.#plot.setData(data);
      this.#showCursorValues(this.#plot);
    }

    const dataset = this.#container.dataset;
    dataset.series = names.join(',');
    dataset.levels = levels.join(',');
    dataset.points = String(xs.length);
    const drawn = lines.flatMap((line) => line.values.filter((v) => v !== null));
    dataset.values = String(drawn.length);
    dataset.peak = drawn.length ? String(Math.max(...drawn)) : '';
    dataset.lastT = xs.length ? String(xs.at(-1)) : '';
    dataset.ready = 'true';
  }

  dispose() {
    this.#resize.disconnect();
    this.#plot?.destroy();
  }

  #options(lines, levels, colorIndex) {
    const series = [{}, ...lines.map((line) => ({
      label: `${variantLabel(line.variant)} ${line.level}`,
      stroke: variantColors[colorIndex(line.variant) % variantColors.length],
      width: line.level === levels[0] ? 2 : 1.5,
      dash: dashes[levels.indexOf(line.level) % dashes.length],
      spanGaps: true,
      points: { show: false },
    }))];
    return {
      ...this.#size(),
      series,
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: true } },
      axes: [{}, { size: 56, label: this.#unit ?? '', values: (_, ticks) => ticks.map(formatNumber) }],
      hooks: { setCursor: [(plot) => this.#showCursorValues(plot)] },
    };
  }

  // One legend entry per variant (its colour) listing its levels, with their values under the cursor.
  #renderLegend(lines, levels, colorIndex) {
    const variants = [...new Set(lines.map((line) => line.variant))];
    const levelNote = document.createElement('li');
    levelNote.className = 'band-note';
    levelNote.textContent = levels.map((level, i) => `${level} ${['solid', 'dashed', 'dotted', 'dash-dot'][i % dashes.length]}`).join(' · ');
    this.#legend.replaceChildren(...variants.map((variant) => {
      const item = document.createElement('li');
      item.className = 'variant';
      item.dataset.variant = variant;
      item.innerHTML = '<span class="swatch"></span><span class="name"></span><span class="value"></span>';
      item.querySelector('.swatch').style.background = variantColors[colorIndex(variant) % variantColors.length];
      item.querySelector('.name').textContent = variantLabel(variant);
      return item;
    }), levelNote);
    this.#lines = lines;
  }

  #showCursorValues(plot) {
    const index = plot.cursor.idx ?? plot.data[0].length - 1;
    this.#legend.querySelectorAll('li.variant').forEach((item) => {
      const values = this.#lines.map((line, i) => ({ line, value: plot.data[1 + i]?.[index] }))
        .filter(({ line, value }) => line.variant === item.dataset.variant && value !== null && value !== undefined);
      item.querySelector('.value').textContent = values.map(({ line, value }) => `${line.level} ${formatNumber(value)}`).join(' / ');
    });
  }

  #size() {
    const width = Math.max(240, this.#container.clientWidth);
    return { width, height: Math.round(Math.min(320, Math.max(200, width * 0.45))) };
  }
}
