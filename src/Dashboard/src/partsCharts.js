import { escapeHtml } from './format.js';
import { PercentileChart } from './percentileChart.js';
import { TimeChart } from './timeChart.js';

const modeLabels = { means: 'Mean', percentiles: 'Percentiles', shares: 'Shares' };

/**
 * The chart slot of a metric: the per-bucket means chart, and where the series has them its percentile
 * lines (p50/p95/p99 per variant) or the share of a string value per variant, with a switch between them.
 * Means are the default where there are numbers (they sit beside the means comparison); a metric of only
 * string values opens on its shares.
 */
export class PartsCharts {
  #switch;
  #hosts;
  #percentiles;
  #shares = null; // made on first use: most metrics have no string values
  #chosen = null; // the mode a person picked; null until they do
  #category = null;
  #last = null; // what the last render drew from, to redraw on a switch
  #colorIndex;

  constructor(slot, { unit, colorIndex }) {
    this.#switch = document.createElement('div');
    this.#switch.className = 'control-group chart-modes';
    this.#switch.setAttribute('role', 'group');
    this.#switch.setAttribute('aria-label', 'Lines');
    this.#switch.hidden = true;
    this.#hosts = Object.fromEntries(['means', 'percentiles', 'shares'].map((mode) => {
      const host = document.createElement('div');
      host.className = 'chart-host';
      host.dataset.mode = mode;
      return [mode, host];
    }));
    slot.append(this.#switch, ...Object.values(this.#hosts));
    this.#percentiles = new PercentileChart(this.#hosts.percentiles, unit);
    this.#colorIndex = colorIndex;
    this.#switch.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-mode]');
      if (!button) return;
      this.#chosen = button.dataset.mode;
      this.#redraw();
    });
    this.#switch.addEventListener('change', (event) => {
      if (event.target.name !== 'category') return;
      this.#category = event.target.value;
      this.#redraw();
    });
  }

  /** Where the means chart goes. */
  get meansHost() {
    return this.#hosts.means;
  }

  /** parts: a SeriesParts; hasNumbers: whether the means chart has anything to draw. */
  render(parts, hasNumbers, { granularity, band }) {
    this.#last = { parts, hasNumbers, granularity, band };
    this.#redraw();
  }

  dispose() {
    this.#percentiles.dispose();
    this.#shares?.dispose();
  }

  #redraw() {
    if (!this.#last) return;
    const { parts, hasNumbers, granularity, band } = this.#last;
    const categories = parts.categories;
    const modes = [
      ...(hasNumbers || categories.length === 0 ? ['means'] : []),
      ...(parts.hasQuantiles ? ['percentiles'] : []),
      ...(categories.length ? ['shares'] : []),
    ];
    const mode = modes.includes(this.#chosen) ? this.#chosen : modes[0];
    if (!categories.includes(this.#category)) this.#category = categories[0] ?? null;
    this.#renderSwitch(modes, mode, categories);
    for (const [name, host] of Object.entries(this.#hosts)) host.hidden = name !== mode;

    if (mode === 'percentiles') this.#percentiles.render(parts, this.#colorIndex);
    else if (mode === 'shares') {
      const columns = parts.shareColumns(this.#category);
      this.#shares ??= this.#shareChart();
      this.#shares.render({ toColumns: () => columns, totalCount: columns.totalCount }, { granularity, band: band ? 'ci' : 'none' });
      this.#hosts.shares.dataset.category = this.#category;
    }
  }

  // The means chart drawing shares: one .time-chart per section stays the means, for people and tests alike.
  #shareChart() {
    const chart = new TimeChart(this.#hosts.shares, 'share');
    this.#hosts.shares.classList.replace('time-chart', 'share-chart');
    return chart;
  }

  #renderSwitch(modes, mode, categories) {
    this.#switch.hidden = modes.length < 2 && mode !== 'shares';
    this.#switch.dataset.modes = modes.join(',');
    this.#switch.dataset.mode = mode;
    const select = mode === 'shares'
      ? `<label class="share-of">of <select name="category">${categories.map((c) => `<option${c === this.#category ? ' selected' : ''}>${escapeHtml(c)}</option>`).join('')}</select></label>`
      : '';
    const focused = this.#switch.contains(document.activeElement) && document.activeElement.tagName === 'SELECT';
    if (focused) return; // a live redraw never closes the list someone is choosing from
    this.#switch.innerHTML = `<span class="control-label">Lines</span>${modes.map((m) =>
      `<button type="button" data-mode="${m}" aria-pressed="${m === mode}">${modeLabels[m]}</button>`).join('')}${select}`;
  }
}
