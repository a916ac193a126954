import assert from 'node:assert/strict';
import { screenshot, viewports, withBrowser } from '../browser.mjs';
import { connectionState, postPoints, readyChart, timing, waitForCatalog } from '../page.mjs';

const section = '.metric-section[data-metric="latency"]';
const chart = `${section} .percentile-chart`;
const table = `${section} .quantile-table`;

/**
 * A latency metric (percentiles kept by default) with injected traffic whose B has the slower tail: its
 * chart switches from the means to p50/p95/p99 lines per variant, the comparison lists each level per variant
 * with B's lift, interval and verdict, and both move when slow points arrive while the page is open.
 */
export async function percentiles({ base, artifacts }) {
  const test = `dash_pct_${Date.now()}`;
  const now = Date.now() / 1000;
  // 400 points per variant over the last 4 minutes: A uniform on 50-149 ms, B the same stretched by 1.4.
  await postPoints(base, Array.from({ length: 400 }, (_, i) => {
    const value = 50 + ((i * 37) % 100);
    const timestamp = now - 240 + (i * 240) / 400;
    return [{ test, metric: 'latency', variant: 'A', value, timestamp }, { test, metric: 'latency', variant: 'B', value: value * 1.4, timestamp }];
  }).flat());
  await waitForCatalog(base, test);

  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    await page.goto(`${base}/#/tests/${test}?frame=15m&g=1m`);
    await readyChart(page, 'latency');
    await connectionState(page, 'connected', 10_000);
    const modes = await page.$eval(`${section} .chart-modes`, (e) => e.dataset.modes);
    assert.equal(modes, 'means,percentiles', 'a latency metric offers its percentiles beside the means');

    const started = performance.now();
    await page.click(`${section} .chart-modes button[data-mode="percentiles"]`);
    await page.waitForSelector(`${chart}[data-ready="true"]`, { timeout: 5_000 });
    timing('percentiles: switch to the lines drawn', performance.now() - started);
    const drawn = await page.$eval(chart, (e) => ({ ...e.dataset }));
    assert.equal(drawn.series, 'A p50,A p95,A p99,B p50,B p95,B p99', 'a line per variant and level');
    assert.ok(Number(drawn.points) >= 4, `4 minutes at 1 minute per bucket (${drawn.points} buckets)`);
    assert.ok(Number(drawn.values) >= 6 * Number(drawn.points) - 6, `each line has a value in (almost) every bucket (${drawn.values})`);
    assert.equal(await page.$eval(`${section} .chart-host[data-mode="means"]`, (e) => e.hidden), true, 'the means chart gives way');
    const legend = await page.$$eval(`${chart} .chart-legend li.variant .name`, (items) => items.map((i) => i.textContent));
    assert.deepEqual(legend, ['A', 'B']);
    const canvas = await page.$eval(`${chart} canvas`, (c) => ({ width: c.width, height: c.height }));
    assert.ok(canvas.width > 300 && canvas.height > 100, `drawn on a real canvas (${canvas.width}x${canvas.height})`);

    // The comparison: every level has a row per variant; B's slower tail is a lift with an interval and a verdict.
    await page.waitForSelector(`${table} tr[data-level="p95"][data-variant="B"] .interval-range`, { timeout: 10_000 });
    const rows = await page.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) => ({
      level: tr.dataset.level, variant: tr.dataset.variant, n: Number(tr.dataset.n), value: Number(tr.dataset.value),
      interval: tr.querySelector('.interval-range')?.getBoundingClientRect().width ?? 0,
      verdict: tr.querySelector('.verdict')?.dataset.verdict ?? null,
    })));
    assert.deepEqual(rows.map((r) => `${r.level} ${r.variant}`), ['p50 A', 'p50 B', 'p95 A', 'p95 B', 'p99 A', 'p99 B']);
    assert.ok(rows.every((r) => r.n === 400), 'n counts every point of the window');
    const p95 = Object.fromEntries(rows.filter((r) => r.level === 'p95').map((r) => [r.variant, r]));
    assert.ok(Math.abs(p95.A.value - 145) < 4, `A's p95 is about 145 ms (1% sketch error): ${p95.A.value}`);
    assert.ok(Math.abs(p95.B.value / p95.A.value - 1.4) < 0.04, `B's p95 is 1.4 times A's: ${p95.B.value}`);
    assert.ok(p95.B.interval > 0, 'B\'s p95 lift interval is drawn');
    assert.equal(p95.B.verdict, 'increased', 'B\'s p95 is higher (no direction defined for this metric)');
    await screenshot(page, artifacts, 'percentiles-laptop');

    // Slow points arrive: the lines' highest value and B's p99 in the table move without a reload.
    const before = { peak: Number(drawn.peak), p99: rows.at(-1).value };
    const moved = performance.now();
    await postPoints(base, Array.from({ length: 40 }, () => ({ test, metric: 'latency', variant: 'B', value: 5_000 })));
    await page.waitForFunction(({ chart, peak }) => Number(document.querySelector(chart)?.dataset.peak) > peak, { chart, peak: before.peak }, { timeout: 10_000 });
    timing('percentiles: slow points posted to the lines redrawn', performance.now() - moved);
    await page.waitForFunction(({ table, p99 }) => Number(document.querySelector(`${table} tr[data-level="p99"][data-variant="B"]`)?.dataset.value) > p99,
      { table, p99: before.p99 }, { timeout: 10_000 });
    timing('percentiles: slow points posted to the p99 row moved', performance.now() - moved);

    // The method switch reads the quantiles with it too.
    await page.click('.view-controls button[data-group="method"][data-value="bayesian"]');
    await page.waitForSelector(`${table}[data-method="bayesian"]`, { timeout: 10_000 });
    const headers = await page.$$eval(`${table} th`, (ths) => ths.map((th) => th.textContent));
    assert.ok(headers.includes('Chance to win'), `the Bayesian view gives the quantiles' chance to win (${headers.join(', ')})`);

    await page.setViewportSize(viewports.phone);
    await screenshot(page, artifacts, 'percentiles-phone');
  });
}
