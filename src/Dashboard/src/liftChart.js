import uPlot from 'uplot';
import { formatLift } from './format.js';
import { variantColors, variantLabel } from './timeChart.js';

/**
 * The lift over time of one metric: per treatment its cumulative estimate (line) inside its interval
 * (band), 0 drawn across, and a dashed mark where the interval first left 0. What is drawn is written on the
 * container as data attributes (treatments, points, band, first excluded-zero time), for tests and people.
 */
export class LiftChart {
  #container;
  #plotHost;
  #caption;
  #plot = null;
  #shape = '';
  #marks = [];
  #range = [0, 1];
  #resize;

  constructor(container) {
    this.#container = container;
    this.#container.classList.add('lift-chart');
    this.#caption = document.createElement('p');
    this.#caption.className = 'lift-caption muted';
    this.#plotHost = document.createElement('div');
    this.#plotHost.className = 'chart-plot';
    this.#container.append(this.#caption, this.#plotHost);
    this.#resize = new ResizeObserver(() => this.#plot?.setSize(this.#size()));
    this.#resize.observe(this.#container);
  }

  /** lift: the answer of GET /v1/tests/{test}/lift; treatmentIndex gives each treatment its variant colour. */
  render(lift, colorIndex) {
    const treatments = lift.treatments.filter((t) => t.points.length > 0);
    const xs = [...new Set(treatments.flatMap((t) => t.points.map((p) => p.t)))].sort((a, b) => a - b);
    const data = [xs];
    for (const treatment of treatments) {
      const at = new Map(treatment.points.map((p) => [p.t, p]));
      data.push(xs.map((x) => at.get(x)?.lift ?? null), xs.map((x) => at.get(x)?.upper ?? null), xs.map((x) => at.get(x)?.lower ?? null));
    }
    this.#marks = treatments.filter((t) => t.firstExcludedZeroAt)
      .map((t) => ({ t: Date.parse(t.firstExcludedZeroAt) / 1000, color: variantColors[colorIndex(t.variant) % variantColors.length] }));

    // From the first point to now (from the start while there is only one), so a young test's few points
    // are not spread over years, nor an old one's over days before its first point (which sums them).
    const from = Date.parse(lift.from) / 1000;
    this.#range = [xs.length > 1 ? xs[0] : from, Math.max(Date.parse(lift.to) / 1000, xs.at(-1) ?? from + 1)];
    const shape = `${treatments.map((t) => t.variant).join('\u0000')}|${lift.differenceType}`;
    if (!this.#plot || shape !== this.#shape) {
      this.#plot?.destroy();
      this.#shape = shape;
      this.#plot = new uPlot(this.#options(treatments, lift, colorIndex), data, this.#plotHost);
    } else {
      this.#plot.setData(data);
    }

    const first = this.#marks.length ? Math.min(...this.#marks.map((m) => m.t)) : null;
    // Steps older than the grains' memory arrive summed into the first point.
    const summed = xs.length > 1 && xs[0] - from > 2 * (xs[1] - xs[0]) ? ` The first point sums everything before ${new Date(xs[0] * 1000).toLocaleString()}.` : '';
    this.#caption.textContent = treatments.length === 0
      ? 'Lift over time: not enough data yet.'
      : `Lift over time (cumulative since ${new Date(lift.from).toLocaleString()}, ${lift.method}, ${lift.granularity} steps). ` +
        (first ? `Interval left 0 at ${new Date(first * 1000).toLocaleString()} (dashed).` : 'The interval still includes 0.') + summed;
    const dataset = this.#container.dataset;
    dataset.treatments = treatments.map((t) => t.variant).join(',');
    dataset.points = String(xs.length);
    dataset.band = String(treatments.length > 0);
    dataset.firstExcludedZero = first ? String(first) : '';
    dataset.lastT = xs.length ? String(xs.at(-1)) : '';
    dataset.ready = 'true';
  }

  dispose() {
    this.#resize.disconnect();
    this.#plot?.destroy();
  }

  #options(treatments, lift, colorIndex) {
    const series = [{}];
    const bands = [];
    // A cumulative value holds until the next step with data changes it: steps, not slopes.
    const paths = uPlot.paths.stepped({ align: 1 });
    for (const treatment of treatments) {
      const color = variantColors[colorIndex(treatment.variant) % variantColors.length];
      const name = variantLabel(treatment.variant);
      series.push({ label: `${name} lift`, stroke: color, width: 2, points: { show: false }, paths });
      series.push({ label: `${name} upper`, stroke: 'transparent', points: { show: false }, paths });
      series.push({ label: `${name} lower`, stroke: 'transparent', points: { show: false }, paths });
      bands.push({ series: [series.length - 2, series.length - 1], fill: `${color}33` });
    }

    return {
      ...this.#size(),
      series,
      bands,
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: true, range: () => this.#range } },
      axes: [{}, { size: 64, values: (_, ticks) => ticks.map((v) => formatLift(v, lift.differenceType, lift.unit)) }],
      hooks: { draw: [(plot) => this.#drawGuides(plot)] },
    };
  }

  // 0 across the plot, and a dashed vertical line where each treatment's interval first left 0.
  #drawGuides(plot) {
    const { ctx, bbox } = plot;
    ctx.save();
    const zero = plot.valToPos(0, 'y', true);
    if (zero >= bbox.top && zero <= bbox.top + bbox.height) {
      ctx.strokeStyle = '#57606a';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(bbox.left, zero);
      ctx.lineTo(bbox.left + bbox.width, zero);
      ctx.stroke();
    }
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 2;
    for (const mark of this.#marks) {
      const x = plot.valToPos(mark.t, 'x', true);
      if (x < bbox.left || x > bbox.left + bbox.width) continue;
      ctx.strokeStyle = mark.color;
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  }

  #size() {
    const width = Math.max(240, this.#container.clientWidth);
    return { width, height: Math.round(Math.min(260, Math.max(160, width * 0.3))) };
  }
}
