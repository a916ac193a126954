import { getJson } from '../api.js';
import { escapeHtml, formatAgo, formatLift } from '../format.js';
import { metricHref, testHref } from '../router.js';
import { variantLabel } from '../timeChart.js';
import { directionArrow, verdictLook } from '../verdicts.js';
import { alertBadge } from '../alertList.js';

const runningWithinMs = 5 * 60_000;
const recentWithinMs = 30 * 86_400_000;
const refreshMs = 5_000;

/**
 * The start page: A/B tests (running first, then recently active), each with a verdict per metric and
 * treatment, a warning when the sample ratio is off and how many alerts are raised; then the plain
 * metrics. Refreshed every 5 s.
 */
export function renderTestListPage(root) {
  const lifetime = new AbortController();
  let timer = 0;
  root.innerHTML = '<p class="muted">Loading…</p>';

  async function refresh() {
    try {
      const [tests, metrics] = await Promise.all([getJson('/v1/tests', lifetime.signal), getJson('/v1/metrics/catalog', lifetime.signal)]);
      const [analyses, alerts] = await Promise.all([
        Promise.all(tests.map((test) =>
          getJson(`/v1/tests/${encodeURIComponent(test.name)}/comparison`, lifetime.signal).catch((error) => ({ error })))),
        Promise.all(tests.map((test) => getJson(`/v1/tests/${encodeURIComponent(test.name)}/alerts`, lifetime.signal).catch(() => null))),
      ]);
      render(tests.map((test, i) => ({ test, analysis: analyses[i], alerts: alerts[i] })), metrics);
    } catch (error) {
      if (error.name === 'AbortError') return;
      root.innerHTML = `<p class="error">Could not load the tests: ${escapeHtml(error.message)}</p>`;
    }
    if (!lifetime.signal.aborted) timer = setTimeout(refresh, refreshMs);
  }

  function render(entries, metrics) {
    const now = Date.now();
    const age = ({ test }) => now - Date.parse(test.lastSeen ?? 0);
    entries.sort((a, b) => age(a) - age(b) || a.test.name.localeCompare(b.test.name));
    const running = entries.filter((e) => age(e) <= runningWithinMs);
    const recent = entries.filter((e) => age(e) > runningWithinMs && age(e) <= recentWithinMs);
    const older = entries.filter((e) => age(e) > recentWithinMs);
    root.innerHTML = `
      ${group('Running', running, now)}
      ${group('Recently active', recent, now)}
      ${older.length ? `<details class="older"><summary>${older.length} older tests</summary>${group('', older, now)}</details>` : ''}
      ${entries.length === 0 ? '<p class="muted">No A/B tests yet: post points with a "test" and a "variant" to /v1/points.</p>' : ''}
      <h2 class="list-heading">Plain metrics</h2>
      <ul class="plain-metrics">${metrics.map((m) => `<li><a href="${metricHref(m.name)}" data-plain-metric="${escapeHtml(m.name)}">${escapeHtml(m.name)}</a>
        <span class="muted">${escapeHtml(m.unit ?? '')} · last point ${formatAgo(m.lastSeen, now)}</span></li>`).join('') || '<li class="muted">none</li>'}</ul>`;
  }

  refresh();
  return () => {
    lifetime.abort();
    clearTimeout(timer);
  };
}

function group(title, entries, now) {
  if (entries.length === 0) return '';
  return `${title ? `<h2 class="list-heading">${title}</h2>` : ''}<div class="test-cards">${entries.map((e) => card(e, now)).join('')}</div>`;
}

function card({ test, analysis, alerts }, now) {
  const running = now - Date.parse(test.lastSeen ?? 0) <= runningWithinMs;
  const srm = analysis?.sampleRatio?.mismatch
    ? `<span class="badge srm-badge" data-srm="mismatch" title="p = ${analysis.sampleRatio.pValue}">⚠ sample ratio off</span>` : '';
  const metrics = analysis?.metrics
    ? analysis.metrics.map((metric) => metricRow(metric, analysis)).join('')
    : `<li class="muted">${analysis?.error ? escapeHtml(analysis.error.message) : 'no comparison yet'}</li>`;
  return `
    <article class="test-card" data-test="${escapeHtml(test.name)}">
      <header>
        <a class="test-name" href="${testHref(test.name)}">${escapeHtml(test.name)}</a>
        <span class="badge ${running ? 'running' : ''}">${running ? '● running' : `last point ${formatAgo(test.lastSeen, now)}`}</span>${srm}${alertBadge(alerts)}
      </header>
      <p class="muted">${test.variants.map((v) => variantLabel(v.name)).join(' / ')}${test.control ? ` · control ${escapeHtml(test.control)}` : ''}${test.description ? ` · ${escapeHtml(test.description)}` : ''}</p>
      <ul class="metric-verdicts">${metrics}</ul>
    </article>`;
}

function metricRow(metric, analysis) {
  const chips = metric.comparisons.map((c) => {
    const look = verdictLook(c.verdict);
    const lift = c.verdict === 'notEnoughData' ? '' : ` ${formatLift(c.lift, analysis.differenceType, metric.unit)}`;
    return `<span class="verdict tone-${look.tone}" data-variant="${escapeHtml(c.variant)}" data-verdict="${c.verdict}" title="${look.label}">${escapeHtml(variantLabel(c.variant))}: ${look.label}${lift}</span>`;
  }).join('');
  return `<li data-metric="${escapeHtml(metric.metric)}"><span class="metric-name">${escapeHtml(metric.metric)}</span>
    <span class="muted direction">${directionArrow(metric.direction)}</span><span class="chips">${chips}</span></li>`;
}
