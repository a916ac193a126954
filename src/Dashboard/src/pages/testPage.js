import { getJson } from '../api.js';
import { renderComparison } from '../comparisonTable.js';
import { renderQuantiles } from '../quantileTable.js';
import { renderCategories } from '../categoryTable.js';
import { showConnection } from '../connectionIndicator.js';
import { escapeHtml, formatAgo } from '../format.js';
import { openLiveStream } from '../liveStream.js';
import { MetricPanel } from '../metricPanel.js';
import { variantLabel } from '../timeChart.js';
import { directionArrow } from '../verdicts.js';
import { readViewState, ViewControls } from '../viewControls.js';
import { renderSampleRatio } from '../sampleRatioBadge.js';
import { renderAlerts } from '../alertList.js';
import { LiftPanel } from '../liftPanel.js';
import { readMinimumEffect, renderPower } from '../powerPanel.js';
import { currentRoute, replaceParams } from '../router.js';

// Lift charts and alerts are recomputed on the server; live pushes refresh them at most this often.
const liveRefreshMs = 2_000;

/**
 * One A/B test: its raised alerts, then per metric the lift over time (the chart to decide by) above the
 * per-bucket means chart (a line per variant) beside its comparison table, with time-frame, granularity
 * and method controls, and under the lift how long the test still needs for a minimum effect (?mde=, in %).
 * The live push moves all of them while the page is open.
 */
export function renderTestPage(root, test, params) {
  const view = readViewState(params);
  const lifetime = new AbortController();
  let loads = new AbortController();
  let stream = null;
  let panels = []; // { panel, lift, comparison, power, quantiles, categories } per metric
  let minimumEffect = readMinimumEffect(params); // percent
  let refreshTimer = 0;
  let lastRefresh = 0;

  root.innerHTML = `
    <section class="page-head">
      <h1>${escapeHtml(test)}</h1>
      <p class="muted test-facts"></p>
      <div class="srm-slot"></div>
      <div class="alerts-slot"></div>
    </section>
    <div class="controls-slot"></div>
    <div class="metrics"><p class="muted">Loading…</p></div>`;

  start().catch((error) => showError(error));

  async function start() {
    const catalog = await getJson(`/v1/tests/${encodeURIComponent(test)}`, lifetime.signal);
    const variants = catalog.variants.map((v) => v.name);
    root.querySelector('.test-facts').textContent = [
      catalog.description,
      `variants ${variants.map(variantLabel).join(', ')}`,
      catalog.control ? `control ${catalog.control}` : null,
      `last point ${formatAgo(catalog.lastSeen)}`,
    ].filter(Boolean).join(' · ');

    const metricsHost = root.querySelector('.metrics');
    metricsHost.innerHTML = '';
    panels = [...catalog.metrics].sort((a, b) => a.name.localeCompare(b.name)).map((metric) => {
      const section = document.createElement('section');
      section.className = 'metric-section';
      section.dataset.metric = metric.name;
      section.innerHTML = `
        <h2>${escapeHtml(metric.name)} <span class="muted">${escapeHtml(metric.unit ?? '')} · ${directionArrow(metric.direction)}</span></h2>
        <div class="lift-slot"></div>
        <div class="power-slot"></div>
        <div class="metric-body"><div class="chart-slot"></div>
          <div class="analysis-slot"><div class="comparison-slot"></div><div class="quantiles-slot"></div><div class="categories-slot"></div></div></div>`;
      metricsHost.append(section);
      const panel = new MetricPanel(section.querySelector('.chart-slot'), { test, metric: metric.name, unit: metric.unit, kind: metric.kind, variants, valueType: metric.valueType });
      const lift = new LiftPanel(section.querySelector('.lift-slot'), { test, metric: metric.name, variants });
      return { panel, lift, comparison: section.querySelector('.comparison-slot'), power: section.querySelector('.power-slot'),
        quantiles: section.querySelector('.quantiles-slot'), categories: section.querySelector('.categories-slot') };
    });
    metricsHost.addEventListener('change', minimumEffectChanged);

    new ViewControls(root.querySelector('.controls-slot'), view, { withMethod: true, onChange: changed });
    await Promise.all([loadCharts(), loadComparison(), loadDecisionViews()]);
    if (!lifetime.signal.aborted) connect(); // the person may have left the page meanwhile
  }

  function changed(_, what) {
    if (what === 'range') loadCharts().catch(showError);
    else if (what === 'band') panels.forEach(({ panel }) => panel.setBand(view));
    else {
      loadComparison().catch(showError);
      loadDecisionViews().catch(showError);
      connect();
    }
  }

  function loadDecisionViews() {
    lastRefresh = Date.now();
    const alerts = getJson(`/v1/tests/${encodeURIComponent(test)}/alerts`, lifetime.signal)
      .then((overview) => renderAlerts(root.querySelector('.alerts-slot'), overview));
    return Promise.all([alerts, loadPower(), ...panels.map(({ lift }) => lift.load(view.method, lifetime.signal))]);
  }

  async function loadPower() {
    const method = view.method;
    const asked = minimumEffect;
    const query = new URLSearchParams({ method, minimumEffect: String(asked / 100) });
    const power = await getJson(`/v1/tests/${encodeURIComponent(test)}/power?${query}`, lifetime.signal).catch((error) => {
      if (error.status === 404) return null; // no metric has points yet
      throw error;
    });
    if (method !== view.method || asked !== minimumEffect) return; // a newer request answers
    for (const { panel, power: slot } of panels) renderPower(slot, power, panel.metric, minimumEffect, variantLabel);
  }

  // One minimum effect for the page, kept in the URL so a link shows the same question.
  function minimumEffectChanged(event) {
    if (event.target.name !== 'mde') return;
    const value = Number(event.target.value);
    if (!(value > 0)) return;
    minimumEffect = value;
    const current = currentRoute().params;
    current.set('mde', String(value));
    replaceParams(current);
    loadPower().catch(showError);
  }

  // The numbers changed: refresh lift charts and alerts, at most once per liveRefreshMs.
  function scheduleRefresh() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = 0;
      loadDecisionViews().catch(showError);
    }, Math.max(0, lastRefresh + liveRefreshMs - Date.now()));
  }

  function loadCharts() {
    loads.abort();
    loads = new AbortController();
    return Promise.all(panels.map(({ panel }) => panel.load(view, loads.signal)));
  }

  async function loadComparison() {
    const method = view.method;
    const answer = await getJson(`/v1/tests/${encodeURIComponent(test)}/comparison?method=${method}`, lifetime.signal).catch((error) => {
      if (error.status === 404) return null; // no metric has points in the window yet
      throw error;
    });
    if (method === view.method) showAnalysis(answer);
  }

  function showAnalysis(analysis) {
    for (const { panel, comparison } of panels) renderComparison(comparison, analysis, panel.metric);
    renderSampleRatio(root.querySelector('.srm-slot'), analysis?.sampleRatio);
    showParts(analysis);
  }

  // Percentiles and value shares of the metrics that have them; a metric of only string values has no means to
  // compare, so its means table, lift and power views give way.
  function showParts(analysis) {
    for (const { panel, comparison, quantiles, categories } of panels) {
      renderQuantiles(quantiles, analysis, panel.metric);
      renderCategories(categories, analysis, panel.metric);
      const metric = analysis?.metrics.find((m) => m.metric === panel.metric);
      const onlyStrings = Boolean(metric?.categories) && metric.variants.every((v) => (v.mean ?? null) === null);
      comparison.closest('.metric-section').dataset.onlyStrings = String(onlyStrings); // hides the views of means
    }
  }

  function connect() {
    stream?.close();
    const method = view.method;
    stream = openLiveStream(`/v1/tests/${encodeURIComponent(test)}/live?points=true&method=${method}`, {
      onEvent(event) {
        const data = JSON.parse(event.data);
        if (event.type === 'comparison' && data.method === view.method) {
          showAnalysis(data);
          scheduleRefresh();
        }
        else if (event.type === 'points') addPoints(data);
      },
      onStatus(state, detail) {
        showConnection(state, detail);
        // Points pushed while the connection was down are only in the database now.
        if (state === 'reconnected') loadCharts().catch(showError);
      },
    });
  }

  function addPoints(points) {
    for (const { panel } of panels) {
      const mine = points.filter((p) => p.metric === panel.metric);
      if (mine.length) panel.addPoints(mine);
    }
  }

  function showError(error) {
    if (error.name === 'AbortError') return;
    const box = document.createElement('p');
    box.className = 'error';
    box.textContent = `Could not load ${test}: ${error.message}`;
    root.querySelector('.metrics').prepend(box);
  }

  return () => {
    lifetime.abort();
    loads.abort();
    stream?.close();
    clearTimeout(refreshTimer);
    panels.forEach(({ panel, lift }) => {
      panel.dispose();
      lift.dispose();
    });
    showConnection('idle');
  };
}
