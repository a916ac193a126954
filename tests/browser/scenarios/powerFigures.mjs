import assert from 'node:assert/strict';
import path from 'node:path';
import { screenshot, withBrowser } from '../browser.mjs';
import { timing } from '../page.mjs';

const lineSelector = (metric) => `.metric-section[data-metric="${metric}"] .power-lines li[data-variant="B"]`;

/**
 * checkout_v2's test page says, per metric, how long the test still needs: B's effect detectable now (as the
 * API computes it) and whether the minimum effect is detectable already or in how long; the minimum effect
 * set on the page goes into the URL, asks again, and survives a reload.
 */
export async function powerFigures({ base, artifacts }) {
  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(`${base}/#/tests/checkout_v2?frame=24h`);
    await page.waitForSelector(lineSelector('response_time'), { timeout: 20_000 });
    timing('test page: navigation to the power figures shown', performance.now() - started);

    const atFive = await lines(page);
    const asked = performance.now();
    const answer = await (await fetch(`${base}/v1/tests/checkout_v2/power?method=sequential&minimumEffect=0.05`)).json();
    timing('power API: answer for both metrics since the test\'s start', performance.now() - asked);
    for (const metric of ['response_time', 'add_to_cart']) {
      const shown = atFive[metric];
      const computed = answer.metrics.find((m) => m.metric === metric).treatments.find((t) => t.variant === 'B');
      assert.ok(['alreadyPowered', 'needsMoreData'].includes(shown.status), `${metric}: a figure, not "${shown.status}" (${shown.text})`);
      assert.equal(shown.status, computed.status, `${metric}: the page says what the API says`);
      // Demo traffic keeps arriving between the page's request and ours: close, not equal.
      assert.ok(Math.abs(shown.detectable / computed.detectableEffectNow - 1) < 0.1, `${metric}: detectable ${shown.detectable} vs ${computed.detectableEffectNow}`);
      assert.match(shown.text, /detectable now ±\d/);
      assert.match(shown.text, shown.status === 'alreadyPowered' ? /±5\.0% detectable already/ : /±5\.0% needs about .+ more/);
    }

    // A smaller minimum effect: asked again, the chance of detecting it now is lower, and a wait is given when not powered.
    const input = `.metric-section[data-metric="response_time"] input[name="mde"]`;
    await page.fill(input, '0.5');
    await page.press(input, 'Tab'); // leaving the field commits it (a change event)
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent.includes('±0.5%'), lineSelector('response_time'), { timeout: 10_000 });
    assert.match(page.url(), /[?&]mde=0\.5(&|$)/, `the minimum effect is kept in the URL: ${page.url()}`);
    const atHalf = await lines(page);
    for (const metric of ['response_time', 'add_to_cart']) {
      assert.ok(atHalf[metric].power <= atFive[metric].power + 0.01, `${metric}: power at 0.5% (${atHalf[metric].power}) ≤ at 5% (${atFive[metric].power})`);
      if (atHalf[metric].status === 'needsMoreData') assert.ok(atHalf[metric].days > 0, `${metric}: ${atHalf[metric].text}`);
    }
    await screenshot(page, artifacts, 'power-checkout_v2-laptop');
    // The full page draws the sticky bar over a section; the metric's own picture shows its power lines whole.
    const section = path.join(artifacts, 'power-checkout_v2-add_to_cart.png');
    await page.locator('.metric-section[data-metric="add_to_cart"]').screenshot({ path: section });
    console.log(`screenshot: ${section}`);

    await page.reload();
    await page.waitForSelector(lineSelector('response_time'), { timeout: 20_000 });
    assert.equal(await page.$eval(input, (e) => e.value), '0.5', 'the minimum effect survives a reload');
    console.log(`step: response_time B at 5%: ${atFive.response_time.text}`);
    console.log(`step: add_to_cart B at 0.5%: ${atHalf.add_to_cart.text}`);
  });
}

async function lines(page) {
  return page.$$eval('.power-lines li[data-variant="B"]', (items) => Object.fromEntries(items.map((li) => [
    li.closest('.metric-section').dataset.metric,
    { status: li.dataset.status, detectable: Number(li.dataset.detectable), power: Number(li.dataset.power), days: Number(li.dataset.days), text: li.textContent },
  ])));
}
