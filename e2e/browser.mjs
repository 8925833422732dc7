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

/** Every state a finished run ends in (core/src/codec/report.rs, RunEnd). */
export const END_STATES = ['done', 'stopped', 'nothing-ran', 'crashed', 'deadlocked'];

/**
 * Opens `url` and waits for the run it describes to end, however it ends; returns the
 * published result, whose `state` the caller checks.
 */
export async function runToCompletion(page, url, { timeout = 60_000 } = {}) {
  await page.goto(url);
  // Polled by a timer, not Playwright's default of an animation frame: a frame asked for at
  // every vsync costs the run being measured what the page itself takes care not to cost it
  // (about 1 ms of a cooperative run's loop at every step, traced).
  await page.waitForFunction(
    (ends) => ends.includes(document.documentElement.dataset.runState),
    END_STATES,
    { timeout, polling: 100 },
  );
  return page.evaluate(() => window.interleaveResult);
}

/**
 * Clicks Run on a page already loaded and waits for that run to end, however it ends; returns
 * its published result. Polled by a timer, as in `runToCompletion`.
 */
export async function runAgain(page, { timeout = 60_000 } = {}) {
  await page.evaluate(() => {
    window.interleaveResult = null;
  });
  await page.click('#run:not([disabled])');
  await page.waitForFunction(
    (ends) => window.interleaveResult && ends.includes(document.documentElement.dataset.runState),
    END_STATES,
    { timeout, polling: 100 },
  );
  return page.evaluate(() => window.interleaveResult);
}
