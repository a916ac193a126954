import assert from 'node:assert/strict';
import { screenshot, viewports, withBrowser } from '../browser.mjs';
import { chartRenderedAfter, chartSelector, readyChart, timing } from '../page.mjs';

/**
 * A test page draws one line per variant (onboarding_flow: A, B, C) beside a comparison table with a row
 * per variant (its users and points: the demo compares per user) and each treatment's interval drawn; the
 * method switch changes the table's statistics.
 */
export async function testPage({ base, artifacts }) {
  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    await page.goto(`${base}/#/tests/onboarding_flow?frame=24h`);
    const chart = await readyChart(page, 'conversion');
    timing('test page: navigation to first chart drawn', await chartRenderedAfter(page));

    assert.equal(chart.seriesCount, '3');
    assert.equal(chart.variants, 'A,B,C');
    assert.ok(Number(chart.points) > 1000, `24 h at the default 1-minute granularity draws over 1,000 points, not ${chart.points}`);
    const canvas = await page.$eval(`${chartSelector('conversion')} canvas`, (c) => ({ width: c.width, height: c.height }));
    assert.ok(canvas.width > 300 && canvas.height > 100, `the chart is drawn on a real canvas (${canvas.width}x${canvas.height})`);

    const table = '.metric-section[data-metric="conversion"] .comparison-table';
    await page.waitForSelector(`${table} tbody tr`);
    // Right after start-up the first answer may still lack a treatment's interval (the demo history is being
    // written); the table redraws as answers arrive, so wait for the intervals, then assert what is there.
    await page.waitForFunction((selector) => {
      const treatments = [...document.querySelectorAll(`${selector} tbody tr`)].slice(1);
      return treatments.length > 0 && treatments.every((tr) => (tr.querySelector('.interval-range')?.getBoundingClientRect().width ?? 0) > 0);
    }, table, { timeout: 20_000 }).catch(() => {});
    const rows = await page.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) => ({
      variant: tr.dataset.variant,
      n: Number(tr.dataset.n),
      interval: tr.querySelector('.interval-range')?.getBoundingClientRect().width ?? 0,
      verdict: tr.querySelector('.verdict')?.dataset.verdict ?? null,
      users: Number(tr.querySelector('[data-users]')?.dataset.users),
      points: Number(tr.querySelector('[data-points]')?.dataset.points),
    })));
    assert.deepEqual(rows.map((r) => r.variant), ['A', 'B', 'C'], 'one row per variant');
    assert.ok(rows.every((r) => r.n > 0), 'every variant has points in the window');
    assert.equal(rows[0].verdict, null, 'the control has no verdict of its own');
    // The demo's points carry user ids: the comparison counts users, each with several points.
    assert.equal(await page.$eval(table, (t) => t.dataset.unit), 'user', 'the demo is compared per user');
    const headers = await page.$$eval(`${table} th`, (ths) => ths.map((th) => th.textContent));
    assert.ok(headers.includes('Userspoints'), `a users-over-points column (${headers.join(', ')})`);
    for (const row of rows) {
      assert.ok(row.users > 1000, `${row.variant} counts its users (${row.users})`);
      assert.ok(row.points > 5 * row.users, `${row.variant}'s users send several points each (${row.points} points, ${row.users} users)`);
      assert.equal(row.n, row.users, `${row.variant}'s n is its users`);
    }
    const unitText = await page.$eval('.metric-section[data-metric="conversion"] .unit-line', (p) => p.textContent);
    assert.match(unitText, /Per user: each user is one observation since the test started · share of users who converted/);
    for (const row of rows.slice(1)) {
      assert.ok(row.interval > 0, `${row.variant}'s lift interval is drawn`);
      assert.ok(row.verdict, `${row.variant} has a verdict`);
    }
    assert.equal(await page.$eval(`${table}`, (t) => t.dataset.method), 'sequential', 'sequential is the default view');
    await screenshot(page, artifacts, 'test-onboarding_flow-laptop');

    for (const [button, method, column] of [['Bayesian', 'bayesian', 'Chance to win'], ['Fixed', 'fixed', 'p-value']]) {
      await page.click(`.view-controls button[data-group="method"][data-value="${method}"]`);
      await page.waitForSelector(`${table}[data-method="${method}"]`);
      const headers = await page.$$eval(`${table} th`, (ths) => ths.map((th) => th.textContent));
      assert.ok(headers.includes(column), `the ${button} view shows "${column}" (${headers.join(', ')})`);
      assert.match(page.url(), new RegExp(`method=${method}`), 'the method is kept in the URL');
    }

    await page.setViewportSize(viewports.phone);
    await page.click('.view-controls button[data-group="method"][data-value="sequential"]');
    await page.waitForSelector(`${table}[data-method="sequential"]`);
    await screenshot(page, artifacts, 'test-onboarding_flow-phone');

    await page.setViewportSize(viewports.laptop);
    await page.goto(`${base}/#/tests/checkout_v2?frame=1h`);
    await readyChart(page, 'response_time');
    await readyChart(page, 'add_to_cart');
    await page.waitForSelector('.metric-section[data-metric="add_to_cart"] .comparison-table tbody tr');
    await screenshot(page, artifacts, 'test-checkout_v2-laptop');
  });
}
