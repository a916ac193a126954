import { escapeHtml, formatCount, formatLift } from './format.js';

/** The minimum relative effect the page asks about when the URL says nothing: 5%, the API's default. */
export const defaultMinimumEffectPercent = 5;

/** The minimum effect in percent from the URL's `mde`, or the default when absent or not a positive number. */
export function readMinimumEffect(params) {
  const value = Number(params.get('mde'));
  return params.has('mde') && Number.isFinite(value) && value > 0 && value < 1000 ? value : defaultMinimumEffectPercent;
}

/**
 * "How long this test still needs" for one metric, from GET /v1/tests/{test}/power: per treatment the
 * effect detectable now and the time until the chosen minimum effect would be, with the minimum effect's
 * input (the page listens for its change); label names variants. The input is drawn once, so a live
 * refresh never takes it from someone typing. What is shown is also on data attributes, for tests.
 */
export function renderPower(container, power, metricName, minimumEffectPercent, label) {
  if (!container.querySelector('.power-panel')) {
    container.innerHTML = `
      <div class="power-panel" data-metric="${escapeHtml(metricName)}">
        <p class="power-head"><strong>How long this test still needs</strong>
          <label class="power-effect">minimum effect <input type="number" name="mde" min="0.1" step="0.5" aria-label="Minimum effect in percent" />%</label>
          <span class="power-meta muted"></span></p>
        <ul class="power-lines"></ul>
      </div>`;
  }
  const input = container.querySelector('input[name="mde"]');
  if (document.activeElement !== input) input.value = String(minimumEffectPercent);
  const metric = power?.metrics.find((m) => m.metric === metricName);
  container.querySelector('.power-meta').textContent = power && !power.reason
    ? `· at ${Math.round(power.targetPower * 100)}% power (${power.method}) and the traffic of the ${formatDuration(power.elapsedDays)} since the first point`
    : '';
  container.querySelector('.power-lines').innerHTML = !power ? '<li class="muted">No points yet.</li>'
    : power.reason ? `<li class="muted">${escapeHtml(power.reason)}</li>`
      : !metric || metric.treatments.length === 0 ? '<li class="muted">No treatment has points for this metric yet.</li>'
        : metric.treatments.map((t) => `<li data-variant="${escapeHtml(t.variant)}" data-status="${t.status}"${attribute('detectable', t.detectableEffectNow)}${attribute('power', t.powerNow)}${attribute('days', t.additionalDays)}>${powerLine(t, power, metric, label)}</li>`).join('');
}

const attribute = (name, value) => (value === undefined || value === null ? '' : ` data-${name}="${value}"`);

/** One treatment's sentence: the effect detectable now, then powered, the time still needed, or why not. */
export function powerLine(treatment, power, metric, label = (variant) => variant) {
  const name = `<strong>${escapeHtml(label(treatment.variant))}</strong>`;
  if (treatment.status === 'notEnoughData') return `${name}: <span class="muted">${escapeHtml(treatment.reason ?? 'not enough data yet')}</span>`;
  const effect = (value) => formatLift(value, power.differenceType, metric.unit).replace(/^\+/, '±');
  const target = effect(metric.minimumEffect);
  const now = `detectable now ${effect(treatment.detectableEffectNow)}`;
  const chance = `power now ${Math.round(treatment.powerNow * 100)}%`;
  if (treatment.status === 'alreadyPowered') return `${name}: ${now} · <span class="power-ready">${target} detectable already</span> (${chance})`;
  if (treatment.status === 'outOfReach') return `${name}: ${now} · ${target} is out of reach at this variance`;
  const more = `≈ ${formatCount(Math.ceil(treatment.additionalN))} more observations at ${formatCount(Math.round(treatment.nPerDay))}/day`;
  return `${name}: ${now} · <span class="power-wait">${target} needs about ${formatDuration(treatment.additionalDays)} more</span> <span class="muted">(${more}; ${chance})</span>`;
}

/** Days as minutes, hours, days or years, two significant digits. */
export function formatDuration(days) {
  if (days === null || days === undefined || !Number.isFinite(days)) return '–';
  const round = (value) => Number(value.toPrecision(2));
  if (days * 24 < 1) return `${Math.max(1, round(days * 1440))} min`;
  if (days < 2) return `${round(days * 24)} h`;
  if (days < 730) return `${round(days)} days`;
  return `${round(days / 365)} years`;
}
