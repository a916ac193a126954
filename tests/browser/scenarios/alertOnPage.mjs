import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { screenshot, withBrowser } from '../browser.mjs';
import { postPoints, timing, waitForCatalog } from '../page.mjs';

const budgetMs = 5_000;

/**
 * Traffic that makes B's latency worse raises the guardrail alert: it shows on the open test page and on
 * the list, and reaches a webhook receiver on 127.0.0.1 signed, within seconds.
 */
export async function alertOnPage({ base, artifacts }) {
  const test = `dash_alert_${Date.now()}`;
  const received = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.push({ at: performance.now(), body, signature: request.headers['x-tsmetrics-signature'] });
      response.end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    await put(base, `/v1/tests/${test}/metrics/latency`, { unit: 'ms', direction: 'lower' });
    const hook = await (await fetch(`${base}/v1/tests/${test}/hooks`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${receiver.address().port}/hook` }),
    })).json();
    assert.ok(hook.secret, `the hook was created: ${JSON.stringify(hook)}`);
    await postPoints(base, latencies(test, 'A', 100, 300).concat(latencies(test, 'B', 100, 300)));
    await waitForCatalog(base, test);

    await withBrowser(async (browser) => {
      const page = await browser.newPage();
      await page.goto(`${base}/#/tests/${test}`);
      await page.waitForSelector('.metric-section[data-metric="latency"] .lift-chart[data-ready="true"]', { timeout: 20_000 });
      await page.waitForSelector('#connection[data-state="connected"]', { timeout: 10_000 });
      assert.equal(await page.$('.alert[data-alert-rule="guardrail"]'), null, 'no alert before the breach');

      const sent = performance.now();
      await postPoints(base, latencies(test, 'A', 100, 300).concat(latencies(test, 'B', 130, 300))); // B 30% slower
      await page.waitForSelector('.alert[data-alert-rule="guardrail"][data-alert-subject="latency/B"]', { timeout: budgetMs });
      timing('guardrail breach: POST sent to the alert shown on the page', performance.now() - sent);
      const deadline = Date.now() + budgetMs;
      while (!received.some(isGuardrail) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const delivery = received.find(isGuardrail);
      assert.ok(delivery, `the webhook received the guardrail alert within ${budgetMs} ms`);
      timing('guardrail breach: POST sent to the webhook receiving it', delivery.at - sent);
      assert.equal(delivery.signature, `sha256=${createHmac('sha256', hook.secret).update(delivery.body).digest('hex')}`, 'signed with the hook secret');
      await screenshot(page, artifacts, 'alert-test-page-laptop');

      await page.goto(`${base}/`);
      await page.waitForSelector(`.test-card[data-test="${test}"] .alert-badge`, { timeout: 15_000 });
      await screenshot(page, artifacts, 'alert-list-laptop');
    });
  } finally {
    receiver.close();
  }
}

function isGuardrail(delivery) {
  const event = JSON.parse(delivery.body);
  return event.rule.id === 'guardrail' && event.alert.variant === 'B' && event.type === 'alert.raised';
}

function latencies(test, variant, mean, count) {
  const now = Date.now() / 1000;
  return Array.from({ length: count }, (_, i) => ({ test, metric: 'latency', variant, value: mean + 10 * Math.cos(i * 2.399) * Math.sqrt(2), timestamp: now - i * 0.001 }));
}

async function put(base, path, body) {
  const response = await fetch(`${base}${path}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`PUT ${path} answered ${response.status}: ${await response.text()}`);
}
