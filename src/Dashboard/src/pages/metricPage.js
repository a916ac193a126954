import { getJson } from '../api.js';
import { showConnection } from '../connectionIndicator.js';
import { escapeHtml, formatAgo, formatCount, formatNumber } from '../format.js';
import { openLiveStream } from '../liveStream.js';
import { MetricPanel } from '../metricPanel.js';
import { readViewState, ViewControls } from '../viewControls.js';

/** A plain metric (no A/B test): the predecessors' metrics timeline, live, with n/mean/sd of the live window. */
export function renderMetricPage(root, metricName, params) {
  const view = readViewState(params);
  const lifetime = new AbortController();
  let loads = new AbortController();
  let stream = null;
  let panel = null;

  root.innerHTML = `
    <section class="page-head">
      <h1>${escapeHtml(metricName)} <span class="muted">plain metric</span></h1>
      <p class="muted metric-facts"></p>
      <p class="window-summary" data-n=""></p>
    </section>
    <div class="controls-slot"></div>
    <section class="metric-section"><div class="chart-slot"></div></section>`;

  start().catch(showError);

  async function start() {
    const metrics = await getJson('/v1/metrics/catalog', lifetime.signal);
    const metric = metrics.find((m) => m.name === metricName);
    if (!metric) throw new Error('no such plain metric');
    root.querySelector('.metric-facts').textContent =
      [metric.description, metric.unit, `last point ${formatAgo(metric.lastSeen)}`].filter(Boolean).join(' · ');
    panel = new MetricPanel(root.querySelector('.chart-slot'), { test: '', metric: metricName, unit: metric.unit, kind: metric.kind, variants: [''], valueType: metric.valueType });
    new ViewControls(root.querySelector('.controls-slot'), view, { withMethod: false, onChange: changed });
    await loadChart();
    if (!lifetime.signal.aborted) connect(); // the person may have left the page meanwhile
  }

  function changed(_, what) {
    if (what === 'band') panel.setBand(view);
    else loadChart().catch(showError);
  }

  function loadChart() {
    loads.abort();
    loads = new AbortController();
    return panel.load(view, loads.signal);
  }

  function connect() {
    stream = openLiveStream('/v1/metrics/live?points=true', {
      onEvent(event) {
        const data = JSON.parse(event.data);
        if (event.type === 'points') panel.addPoints(data.filter((p) => p.metric === metricName));
        else if (event.type === 'comparison') showSummary(data);
      },
      onStatus(state, detail) {
        showConnection(state, detail);
        if (state === 'reconnected') loadChart().catch(showError);
      },
    });
  }

  function showSummary(analysis) {
    const summary = analysis.metrics.find((m) => m.metric === metricName)?.variants[0];
    if (!summary) return;
    const line = root.querySelector('.window-summary');
    line.dataset.n = String(summary.n);
    line.textContent = `Since ${new Date(analysis.windowFrom).toLocaleString()}: n ${formatCount(summary.n)} · mean ${formatNumber(summary.mean)} · sd ${formatNumber(summary.sd)}`;
  }

  function showError(error) {
    if (error.name === 'AbortError') return;
    const box = document.createElement('p');
    box.className = 'error';
    box.textContent = `Could not load ${metricName}: ${error.message}`;
    root.querySelector('.metric-section').prepend(box);
  }

  return () => {
    lifetime.abort();
    loads.abort();
    stream?.close();
    panel?.dispose();
    showConnection('idle');
  };
}
