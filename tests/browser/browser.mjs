import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

// Debian's Chromium (scripts/ensure-browser.sh installs it): Playwright cannot download its own browser
// here. Without the background-networking flags Chromium keeps calling Google's hosts, which this
// machine's closed network refuses.
const executablePath = process.env.TSM_CHROMIUM ?? '/usr/bin/chromium';
const flags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export const viewports = {
  laptop: { width: 1366, height: 800 },
  phone: { width: 390, height: 844 },
};

/**
 * Runs body(browser) with a fresh headless Chromium and profile, closing both however body ends. An
 * uncaught error in any page fails the scenario even when every assertion held.
 */
export async function withBrowser(body) {
  const profile = mkdtempSync(path.join(tmpdir(), 'tsm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: flags, viewport: viewports.laptop });
  const pageErrors = [];
  context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
  try {
    const result = await body(context);
    if (pageErrors.length) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);
    return result;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Saves a full-page screenshot under the artifacts folder and prints where. */
export async function screenshot(page, artifacts, name) {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
  return file;
}
