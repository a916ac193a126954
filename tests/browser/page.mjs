// Small helpers the scenarios share: what the dashboard writes on its elements, read the same way everywhere.

export function chartSelector(metric) {
  return `.metric-section[data-metric="${metric}"] .time-chart`;
}

/** Waits until the chart of a metric is drawn; returns its data attributes. */
export async function readyChart(page, metric, timeout = 20_000) {
  const selector = metric ? `${chartSelector(metric)}[data-ready="true"]` : '.time-chart[data-ready="true"]';
  await page.waitForSelector(selector, { timeout });
  return page.$eval(selector, (element) => ({ ...element.dataset }));
}

/** Milliseconds from the start of navigation until the first chart was drawn (the app's performance mark). */
export function chartRenderedAfter(page) {
  return page.evaluate(() => performance.getEntriesByName('tsm:chart-rendered')[0]?.startTime);
}

export async function connectionState(page, state, timeout) {
  await page.waitForSelector(`#connection[data-state="${state}"]`, { timeout });
}

/** Posts points to the gateway as a service would. */
export async function postPoints(base, points) {
  const response = await fetch(`${base}/v1/points`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(points) });
  if (!response.ok) throw new Error(`POST /v1/points answered ${response.status}: ${await response.text()}`);
}

export function timing(name, milliseconds) {
  console.log(`timing: ${name} = ${Math.round(milliseconds)} ms`);
}

/** A new test enters the catalog with the silo's next flush (every 2 s): waits for it, with a deadline. */
export async function waitForCatalog(base, test, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(`${base}/v1/tests/${test}`)).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${test} never appeared in GET /v1/tests/${test} within ${timeoutMs} ms`);
}
