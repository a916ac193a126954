import assert from 'node:assert/strict';
import { withBrowser } from '../browser.mjs';
import { chartSelector, readyChart } from '../page.mjs';

/** Changing the granularity reloads the chart with that bucket width: 24 h is ~1,440 minutes, ~25 hours, ~289 five-minute buckets. */
export async function granularity({ base }) {
  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    await page.goto(`${base}/#/tests/checkout_v2?frame=24h&g=1m`);
    const minutes = await readyChart(page, 'response_time');
    assert.equal(minutes.granularity, '1m');
    assert.ok(Number(minutes.points) >= 1400 && Number(minutes.points) <= 1442, `24 h of 1-minute buckets, not ${minutes.points}`);

    for (const [id, least, most] of [['1h', 24, 26], ['5m', 287, 290]]) {
      await page.click(`.view-controls button[data-group="granularity"][data-value="${id}"]`);
      await page.waitForSelector(`${chartSelector('response_time')}[data-granularity="${id}"]`);
      const chart = await page.$eval(chartSelector('response_time'), (e) => ({ ...e.dataset }));
      assert.ok(Number(chart.points) >= least && Number(chart.points) <= most, `${id}: ${least} to ${most} points, not ${chart.points}`);
      assert.equal(chart.seriesCount, '2', 'still one line per variant');
      assert.match(page.url(), new RegExp(`g=${id}`), 'the granularity is kept in the URL');
      console.log(`step: granularity ${id} draws ${chart.points} points per line (1m drew ${minutes.points})`);
    }

    // 1 s over 30 days would be 2.6 million buckets: the gateway refuses that, so the button is disabled.
    await page.click('.view-controls button[data-group="frame"][data-value="30d"]');
    await page.waitForSelector(`${chartSelector('response_time')}[data-granularity="1h"]`);
    assert.equal(await page.$eval('.view-controls button[data-group="granularity"][data-value="1s"]', (b) => b.disabled), true);
  });
}
