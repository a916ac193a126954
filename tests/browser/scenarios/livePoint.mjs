import assert from 'node:assert/strict';
import { screenshot, withBrowser } from '../browser.mjs';
import { chartSelector, connectionState, postPoints, readyChart, timing, waitForCatalog } from '../page.mjs';

const budgetMs = 2_000;
const rounds = 5;

/**
 * A point posted while a test page is open shows on it within 2 s, in the chart (one more point counted
 * in its buckets) and in the table (one more n), without a reload. A test of its own, so that no demo
 * traffic moves the counts.
 */
export async function livePoint({ base, artifacts }) {
  const test = `dash_live_${Date.now()}`;
  const now = Date.now() / 1000;
  await postPoints(base, [10, 11, 12, 13].flatMap((value, i) => [
    { test, metric: 'latency', variant: 'A', value, timestamp: now - 30 + i },
    { test, metric: 'latency', variant: 'B', value: value + 2, timestamp: now - 30 + i },
  ]));
  await waitForCatalog(base, test);

  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    await page.goto(`${base}/#/tests/${test}?frame=15m&g=1s`);
    const chart = await readyChart(page, 'latency');
    assert.equal(chart.totalCount, '8');
    await connectionState(page, 'connected', 10_000);
    const rowN = (variant) => `.metric-section[data-metric="latency"] tr[data-variant="${variant}"]`;
    await page.waitForSelector(`${rowN('B')}[data-n="4"]`);
    // These points carry no user ids: the table counts points, and says the comparison is per event.
    assert.equal(await page.$eval('.metric-section[data-metric="latency"] .comparison-table', (t) => t.dataset.unit), 'event');
    assert.equal(await page.$eval(`${rowN('B')} [data-points]`, (td) => td.dataset.points), '4');
    assert.match(await page.$eval('.metric-section[data-metric="latency"] .unit-line', (p) => p.textContent), /^Per event/);

    const acknowledged = [];
    const chartDelays = [];
    const tableDelays = [];
    for (let round = 1; round <= rounds; round++) {
      const started = performance.now();
      await postPoints(base, [{ test, metric: 'latency', variant: 'B', value: 40 + round }]);
      acknowledged.push(performance.now() - started);
      await page.waitForSelector(`${chartSelector('latency')}[data-total-count="${8 + round}"]`, { timeout: budgetMs * 2 });
      chartDelays.push(performance.now() - started);
      await page.waitForSelector(`${rowN('B')}[data-n="${4 + round}"]`, { timeout: budgetMs * 2 });
      tableDelays.push(performance.now() - started);
    }

    acknowledged.forEach((ms, i) => timing(`update ${i + 1}: POST sent to its answer (stored durably)`, ms));
    chartDelays.forEach((ms, i) => timing(`update ${i + 1}: POST sent to the point drawn in the chart`, ms));
    tableDelays.forEach((ms, i) => timing(`update ${i + 1}: POST sent to the table counting it`, ms));
    const sorted = [...tableDelays].sort((a, b) => a - b);
    timing(`update median of ${rounds} (table)`, sorted[Math.floor(rounds / 2)]);
    assert.ok(Math.max(...chartDelays, ...tableDelays) < budgetMs, `every update within ${budgetMs} ms: ${[...chartDelays, ...tableDelays].map(Math.round).join(', ')}`);
    const last = await page.$eval(chartSelector('latency'), (e) => ({ ...e.dataset }));
    assert.equal(last.seriesCount, '2');
    await screenshot(page, artifacts, 'test-live-point-laptop');
  });
}
