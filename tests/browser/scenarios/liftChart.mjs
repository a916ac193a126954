import assert from 'node:assert/strict';
import { screenshot, withBrowser } from '../browser.mjs';
import { readyChart, timing } from '../page.mjs';

const liftSelector = (metric) => `.metric-section[data-metric="${metric}"] .lift-chart`;

/**
 * checkout_v2's response time (B 8% faster in the demo): the lift over time is drawn above the means chart,
 * one treatment with its interval as a band, the point where the interval left 0 marked, and it moves live.
 */
export async function liftChart({ base, artifacts }) {
  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(`${base}/#/tests/checkout_v2?frame=24h`);
    const selector = `${liftSelector('response_time')}[data-ready="true"]`;
    await page.waitForSelector(selector, { timeout: 20_000 });
    timing('test page: navigation to the lift chart drawn', performance.now() - started);
    const lift = await page.$eval(selector, (e) => ({ ...e.dataset }));

    assert.equal(lift.treatments, 'B');
    assert.equal(lift.band, 'true');
    assert.ok(Number(lift.points) > 10, `the lift is drawn step by step (${lift.points} points)`);
    assert.ok(Number(lift.firstExcludedZero) > 0, 'the point where the interval left 0 is marked');
    const canvas = await page.$eval(`${liftSelector('response_time')} canvas`, (c) => ({ width: c.width, height: c.height }));
    assert.ok(canvas.width > 300 && canvas.height > 100, `the lift chart is drawn on a real canvas (${canvas.width}x${canvas.height})`);
    const order = await page.$eval('.metric-section[data-metric="response_time"]', (section) =>
      [...section.querySelectorAll('.lift-chart, .time-chart')].map((e) => e.classList.contains('lift-chart') ? 'lift' : 'means'));
    assert.deepEqual(order, ['lift', 'means'], 'the lift chart comes first, the per-bucket means second');

    // The band is the interval: every point's interval has width, in the answer the chart was drawn from.
    const answer = await (await fetch(`${base}/v1/tests/checkout_v2/lift?metric=response_time`)).json();
    const points = answer.treatments[0].points;
    assert.ok(points.every((p) => p.upper > p.lower && p.lower <= p.lift && p.lift <= p.upper), 'each point lies inside an interval of some width');
    assert.ok(points.at(-1).upper < 0, 'B is faster: the latest interval lies below 0');

    // Demo traffic keeps arriving: the chart's newest point moves forward without a reload.
    const moved = performance.now();
    await page.waitForFunction(({ selector, lastT }) => Number(document.querySelector(selector)?.dataset.lastT) > lastT,
      { selector, lastT: Number(lift.lastT) }, { timeout: 15_000 });
    timing('lift chart: its newest point moved live after', performance.now() - moved);
    await readyChart(page, 'response_time');
    await screenshot(page, artifacts, 'lift-checkout_v2-laptop');
  });
}
