import { screenshot, withBrowser } from '../browser.mjs';
import { chartSelector, connectionState, readyChart } from '../page.mjs';

/**
 * The page says when the live connection drops and when it is back, and moves again afterwards. The
 * xunit test stops the gateway when this prints "ready: connected" and starts it again after
 * "seen: disconnected".
 */
export async function reconnect({ base, artifacts }) {
  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    await page.goto(`${base}/#/tests/checkout_v2?frame=15m`);
    await readyChart(page, 'response_time');
    await connectionState(page, 'connected', 10_000);
    console.log('ready: connected');

    await connectionState(page, 'disconnected', 30_000);
    console.log(`seen: disconnected ("${await page.textContent('#connection')}")`);
    await screenshot(page, artifacts, 'test-disconnected-laptop');

    await connectionState(page, 'reconnected', 90_000);
    console.log(`seen: reconnected ("${await page.textContent('#connection')}")`);
    const count = Number(await page.$eval(chartSelector('response_time'), (e) => e.dataset.totalCount));
    await page.waitForFunction(({ selector, count }) => Number(document.querySelector(selector).dataset.totalCount) > count,
      { selector: chartSelector('response_time'), count }, { timeout: 5_000 });
    console.log('step: the chart moves again after the reconnect');
  });
}
