import assert from 'node:assert/strict';
import { screenshot, viewports, withBrowser } from '../browser.mjs';
import { timing } from '../page.mjs';

const demoTests = ['checkout_v2', 'onboarding_flow', 'search_ranking'];

/** The start page lists the three demo tests with a verdict per metric and treatment, and the plain metric. */
export async function testList({ base, artifacts }) {
  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    const shownAfter = await (await page.waitForFunction((names) => {
      const cards = names.map((name) => document.querySelector(`.test-card[data-test="${name}"] .verdict`));
      return cards.every(Boolean) && performance.now();
    }, demoTests, { timeout: 20_000 })).jsonValue();
    timing('list page: navigation to every demo verdict shown', shownAfter);

    // Other scenarios make tests of their own (dash_...); the demo's are all there is besides.
    const names = await page.$$eval('.test-card', (cards) => cards.map((c) => c.dataset.test).filter((n) => !n.startsWith('dash_')).sort());
    assert.deepEqual(names, demoTests, 'the list shows exactly the demo tests');

    const chips = (test, metric) => page.$$eval(`.test-card[data-test="${test}"] li[data-metric="${metric}"] .verdict`,
      (elements) => elements.map((e) => ({ variant: e.dataset.variant, verdict: e.dataset.verdict, tone: [...e.classList].find((c) => c.startsWith('tone-')) })));
    // The demo's truth: checkout_v2's B is 8% faster (response time, lower is better), so "better" in green.
    assert.deepEqual(await chips('checkout_v2', 'response_time'), [{ variant: 'B', verdict: 'better', tone: 'tone-good' }]);
    const onboarding = await chips('onboarding_flow', 'conversion');
    assert.deepEqual(onboarding.map((c) => c.variant), ['B', 'C'], 'one verdict per treatment of an A/B/C test');
    for (const test of demoTests) {
      const running = await page.$eval(`.test-card[data-test="${test}"] .badge`, (e) => e.textContent);
      assert.match(running, /running/, `${test} gets live demo traffic, so it is running`);
    }
    assert.equal(await page.locator('[data-plain-metric="cpu_usage"]').count(), 1, 'the plain metric is listed');

    await screenshot(page, artifacts, 'list-laptop');
    await page.setViewportSize(viewports.phone);
    await screenshot(page, artifacts, 'list-phone');
  });
}
