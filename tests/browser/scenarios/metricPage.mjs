import assert from 'node:assert/strict';
import { screenshot, viewports, withBrowser } from '../browser.mjs';
import { chartRenderedAfter, readyChart, timing } from '../page.mjs';

/** A plain metric has its timeline too: one line, moved by the demo's live traffic while the page is open. */
export async function metricPage({ base, artifacts }) {
  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    await page.goto(`${base}/#/metrics/cpu_usage?frame=15m`);
    const chart = await readyChart(page);
    timing('plain metric page: navigation to chart drawn', await chartRenderedAfter(page));
    assert.equal(chart.seriesCount, '1');
    assert.equal(chart.granularity, '1s');
    assert.ok(Number(chart.points) > 0);

    const before = Number(chart.totalCount);
    const started = performance.now();
    await page.waitForFunction((count) => Number(document.querySelector('.time-chart').dataset.totalCount) > count, before, { timeout: 2_000 });
    timing('plain metric page: live demo points drawn after', performance.now() - started);
    await page.waitForFunction(() => Number(document.querySelector('.window-summary').dataset.n) > 0, null, { timeout: 5_000 });

    await screenshot(page, artifacts, 'metric-cpu_usage-laptop');
    await page.setViewportSize(viewports.phone);
    await screenshot(page, artifacts, 'metric-cpu_usage-phone');
  });
}
