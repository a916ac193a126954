import assert from 'node:assert/strict';
import { screenshot, viewports, withBrowser } from '../browser.mjs';
import { connectionState, postPoints, timing, waitForCatalog } from '../page.mjs';

const section = '.metric-section[data-metric="payment_method"]';
const categories = `${section} .category-table`;

// Per variant, how many of its 400 points carry each value: B moves a third of card payments to PayPal.
const mix = { A: { card: 240, paypal: 120, applepay: 40 }, B: { card: 160, paypal: 200, applepay: 40 } };

/**
 * A metric of string values (payment_method) with injected traffic: the page shows, per variant, the share
 * of each value as a bar and in a table, the chi-square p-value saying the mix differs, and each value's
 * share lift of B with its interval; the share chart over time draws one line per variant; new points move
 * the shares live.
 */
export async function categoryShares({ base, artifacts }) {
  const test = `dash_cat_${Date.now()}`;
  const now = Date.now() / 1000;
  const points = Object.entries(mix).flatMap(([variant, counts]) =>
    Object.entries(counts).flatMap(([value, n]) => Array.from({ length: n }, (_, i) => ({
      test, metric: 'payment_method', variant, value, timestamp: now - 180 + (i * 180) / n,
    }))));
  await postPoints(base, points);
  await waitForCatalog(base, test);

  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(`${base}/#/tests/${test}?frame=15m&g=1m`);
    await page.waitForSelector(`${section} .share-chart[data-ready="true"]`, { timeout: 20_000 });
    timing('category shares: navigation to the share chart drawn', performance.now() - started);
    await connectionState(page, 'connected', 10_000);

    const modes = await page.$eval(`${section} .chart-modes`, (e) => ({ ...e.dataset }));
    assert.equal(modes.mode, 'shares', 'a metric of only string values opens on its shares');
    const options = await page.$$eval(`${section} .chart-modes select option`, (os) => os.map((o) => o.textContent));
    assert.deepEqual(options, ['card', 'paypal', 'applepay'], 'values by count, most frequent first');
    const shareChart = await page.$eval(`${section} .share-chart`, (e) => ({ ...e.dataset }));
    assert.equal(shareChart.variants, 'A,B');
    assert.equal(shareChart.category, 'card');
    assert.equal(shareChart.totalCount, '800');

    await page.waitForSelector(`${categories} td.share-lift[data-variant="B"][data-category="paypal"] .interval-range`, { timeout: 10_000 });
    const table = await page.$$eval(`${categories} tbody tr`, (trs) => trs.map((tr) => ({
      value: tr.dataset.category,
      shares: Object.fromEntries([...tr.querySelectorAll('td[data-share]')].map((td) => [td.dataset.variant, Number(td.dataset.share)])),
      interval: tr.querySelector('td.share-lift .interval-range')?.getBoundingClientRect().width ?? 0,
      p: Number(tr.querySelector('td.share-lift')?.dataset.pValue),
    })));
    assert.deepEqual(table.map((r) => r.value), ['card', 'paypal', 'applepay']);
    for (const row of table) {
      for (const variant of ['A', 'B']) assert.ok(Math.abs(row.shares[variant] - mix[variant][row.value] / 400) < 1e-9, `${variant}'s share of ${row.value}`);
      assert.ok(row.interval > 0, `B's share lift of ${row.value} has its interval drawn`);
    }
    assert.ok(table[1].p < 0.05, `PayPal's share moved from 30% to 50% (sequential p): ${table[1].p}`);
    assert.ok(table[2].p > 0.05, `Apple Pay's share did not move: p ${table[2].p}`);
    const chi = await page.$eval(`${section} .chi-square`, (e) => ({ p: Number(e.dataset.pValue), differs: e.dataset.differs }));
    assert.ok(chi.p < 0.001 && chi.differs === 'true', `the chi-square says the mix differs (p ${chi.p})`);
    const bar = await page.$$eval(`${section} .share-row[data-variant="B"] .share-segment`, (ss) => ss.map((s) => s.getBoundingClientRect().width));
    const track = await page.$eval(`${section} .share-row[data-variant="B"] .share-bar`, (b) => b.getBoundingClientRect().width);
    assert.equal(bar.length, 3, 'B\'s bar has a segment per value');
    assert.ok(Math.abs(bar[1] / track - 0.5) < 0.02, `PayPal fills half of B's bar (${bar[1]} of ${track} px)`);
    const hidden = await page.$$eval(`${section} :is(.comparison-slot, .lift-slot, .power-slot)`, (es) => es.map((e) => getComputedStyle(e).display));
    assert.deepEqual(hidden, ['none', 'none', 'none'], 'no means table, lift or power view for a metric without numbers');
    await screenshot(page, artifacts, 'category-shares-laptop');

    // The share chart follows the chosen value.
    await page.selectOption(`${section} .chart-modes select`, 'paypal');
    await page.waitForSelector(`${section} .share-chart[data-category="paypal"]`);

    // More PayPal payments in B arrive: its share in the table grows without a reload.
    const moved = performance.now();
    await postPoints(base, Array.from({ length: 200 }, () => ({ test, metric: 'payment_method', variant: 'B', value: 'paypal' })));
    await page.waitForFunction((selector) => Number(document.querySelector(selector)?.dataset.share) > 0.6,
      `${categories} tr[data-category="paypal"] td[data-variant="B"]`, { timeout: 10_000 });
    timing('category shares: points posted to the share table moved', performance.now() - moved);
    await page.waitForFunction((selector) => Number(document.querySelector(selector)?.dataset.totalCount) === 1000, `${section} .share-chart`, { timeout: 10_000 });
    timing('category shares: points posted to the share chart moved', performance.now() - moved);

    await page.setViewportSize(viewports.phone);
    await screenshot(page, artifacts, 'category-shares-phone');
  });
}
