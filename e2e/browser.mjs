// Launches Debian's Chromium through playwright-core. Never downloads a browser.
import { chromium } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Headless tabs are never hidden, but keep timers and frames at full rate regardless.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * A fresh browser with a fresh profile; close it with `context.close()`. `serviceWorkers:
 * 'block'` stands for a browser that offers none (a Firefox private window).
 */
export async function launch({ serviceWorkers = 'allow', viewport = { width: 1280, height: 900 } } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'interleave-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    serviceWorkers,
  });
}

/** Opens `url` and waits for the run it describes to finish; returns the published result. */
export async function runToCompletion(page, url, { timeout = 60_000 } = {}) {
  await page.goto(url);
  await page.waitForFunction(
    () => ['done', 'stopped'].includes(document.documentElement.dataset.runState),
    null,
    { timeout },
  );
  return page.evaluate(() => window.interleaveResult);
}
