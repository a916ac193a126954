import { defaultGranularity, granularities, isGranularityAllowed, resolveRange, timeFrames } from './timeRange.js';
import { replaceParams } from './router.js';

const methods = [
  { id: 'sequential', label: 'Sequential' },
  { id: 'fixed', label: 'Fixed' },
  { id: 'bayesian', label: 'Bayesian' },
];

/** A page's view settings from the URL: frame (or custom from/to), granularity, band, method. */
export function readViewState(params) {
  const custom = params.get('frame') === 'custom' && Number(params.get('from')) < Number(params.get('to'));
  const state = {
    frame: custom ? 'custom' : timeFrames.some((f) => f.id === params.get('frame')) ? params.get('frame') : '1h',
    from: custom ? Number(params.get('from')) : null,
    to: custom ? Number(params.get('to')) : null,
    granularity: params.get('g'),
    band: params.get('band') !== 'none',
    method: methods.some((m) => m.id === params.get('method')) ? params.get('method') : 'sequential',
  };
  const span = spanOf(state);
  if (!isGranularityAllowed(state.granularity, span)) state.granularity = defaultGranularity(span);
  return state;
}

function spanOf(state) {
  const range = resolveRange(state);
  return range.to - range.from;
}

/**
 * The bar above a page's charts: time frame (or a custom range to the second), granularity, min-max band
 * and, on test pages, the comparison method. Each change is written to the URL and reported as
 * onChange(state, 'range' | 'band' | 'method').
 */
export class ViewControls {
  #container;
  #state;
  #withMethod;
  #onChange;

  constructor(container, state, { withMethod, onChange }) {
    this.#container = container;
    this.#state = state;
    this.#withMethod = withMethod;
    this.#onChange = onChange;
    this.#container.classList.add('view-controls');
    this.#container.addEventListener('click', (event) => this.#clicked(event));
    this.#container.addEventListener('submit', (event) => this.#customRange(event));
    this.#render();
  }

  #render() {
    const state = this.#state;
    const span = spanOf(state);
    const button = (group, id, label, active, disabled = false) =>
      `<button type="button" data-group="${group}" data-value="${id}" aria-pressed="${active}"${disabled ? ' disabled title="too many buckets for this range"' : ''}>${label}</button>`;
    const range = resolveRange(state);
    this.#container.innerHTML = `
      <div class="control-group" role="group" aria-label="Time frame"><span class="control-label">Last</span>
        ${timeFrames.map((f) => button('frame', f.id, f.label, state.frame === f.id)).join('')}
        ${button('frame', 'custom', 'Custom…', state.frame === 'custom')}</div>
      <form class="control-group custom-range" ${state.frame === 'custom' ? '' : 'hidden'}>
        <label>From <input name="from" type="datetime-local" step="1" required value="${localInputValue(range.from)}" /></label>
        <label>To <input name="to" type="datetime-local" step="1" required value="${localInputValue(range.to)}" /></label>
        <button type="submit" class="primary">Show</button></form>
      <div class="control-group" role="group" aria-label="Granularity"><span class="control-label">Every</span>
        ${granularities.map((g) => button('granularity', g.id, g.id, state.granularity === g.id, !isGranularityAllowed(g.id, span))).join('')}</div>
      <div class="control-group" role="group" aria-label="Band"><span class="control-label">Band</span>
        ${button('band', 'on', 'on', state.band)}${button('band', 'none', 'off', !state.band)}</div>
      ${this.#withMethod ? `<div class="control-group" role="group" aria-label="Method"><span class="control-label">Method</span>
        ${methods.map((m) => button('method', m.id, m.label, state.method === m.id)).join('')}</div>` : ''}`;
  }

  #clicked(event) {
    const target = event.target.closest('button[data-group]');
    if (!target || target.disabled) return;
    const { group, value } = target.dataset;
    const state = this.#state;
    if (group === 'frame' && value === 'custom') {
      // Show the range inputs, prefilled with what is on screen; nothing reloads until "Show".
      const range = resolveRange(state);
      Object.assign(state, { frame: 'custom', from: Math.floor(range.from), to: Math.ceil(range.to) });
      this.#render();
      return;
    }

    let change;
    if (group === 'frame') {
      Object.assign(state, { frame: value, from: null, to: null });
      state.granularity = defaultGranularity(spanOf(state));
      change = 'range';
    } else if (group === 'granularity') {
      state.granularity = value;
      change = 'range';
    } else if (group === 'band') {
      state.band = value === 'on';
      change = 'band';
    } else {
      state.method = value;
      change = 'method';
    }
    this.#commit(change);
  }

  #customRange(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const from = Date.parse(form.get('from')) / 1000;
    const to = Date.parse(form.get('to')) / 1000;
    if (!(from < to)) {
      event.target.querySelector('[name=to]').setCustomValidity('must be after From');
      event.target.reportValidity();
      return;
    }
    Object.assign(this.#state, { frame: 'custom', from, to });
    if (!isGranularityAllowed(this.#state.granularity, to - from)) this.#state.granularity = defaultGranularity(to - from);
    this.#commit('range');
  }

  #commit(change) {
    const state = this.#state;
    const params = new URLSearchParams({ frame: state.frame });
    if (state.frame === 'custom') {
      params.set('from', String(state.from));
      params.set('to', String(state.to));
    }
    params.set('g', state.granularity);
    if (!state.band) params.set('band', 'none');
    if (this.#withMethod) params.set('method', state.method);
    replaceParams(params);
    this.#render();
    this.#onChange(state, change);
  }
}

// datetime-local shows and takes local time, to the second.
function localInputValue(unixSeconds) {
  const date = new Date(unixSeconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
