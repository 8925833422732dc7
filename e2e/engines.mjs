// One page API over the three engines, so that the same tests run in each: Debian's Chromium
// through playwright-core, Debian's Firefox ESR through puppeteer-core over WebDriver BiDi, and
// WebKitGTK's MiniBrowser through WebKitWebDriver (e2e/webdriver.mjs). Never downloads a browser.
//
// A page offers goto, evaluate (a function and one argument, awaited in the page), waitFor
// (polled from here every 100 ms, never per animation frame: a frame asked for at every vsync
// costs the run being measured), click, errors() and close(). Only what every engine can do is
// here; the Chromium-only suite keeps Playwright's whole API.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { launch as launchChromium } from './browser.mjs';
import { startWebKit } from './webdriver.mjs';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** The engines a run covers: all three, or those named in INTERLEAVE_ENGINES (comma-separated). */
export const ENGINES = (process.env.INTERLEAVE_ENGINES ?? 'chromium,firefox,webkit')
  .split(',')
  .map((e) => e.trim())
  .filter(Boolean);

/**
 * WebKitGTK keeps SharedArrayBuffer switched off (a JavaScriptCore option) even on an isolated
 * page, where Safari turns it on: `safari: true` turns it on as Safari does, so that the worker
 * modes can be tested in WebKit; without it the page must say what is missing.
 */
const SAFARI_ENV = { JSC_useSharedArrayBuffer: '1' };

/** Every uncaught error and policy violation the page recorded itself (www/isolation.js). */
const RECORDED_ERRORS = () => (window.interleaveErrors ?? []).splice(0);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The page API on top of `evaluate(fn, arg)` and `goto(url)`. */
function pageOf({ goto, evaluate, close, nativeErrors = [] }) {
  const page = {
    goto,
    evaluate,
    close,
    /** Resolves with fn(arg)'s first truthy value, polled every 100 ms; fails after `timeout`. */
    async waitFor(fn, arg, { timeout = 60_000 } = {}) {
      const until = Date.now() + timeout;
      for (;;) {
        const value = await evaluate(fn, arg).catch((e) => {
          // A navigation (the service worker's reload) can end an evaluation; try again.
          if (Date.now() > until) throw e;
          return undefined;
        });
        if (value) return value;
        if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${fn}`);
        await sleep(100);
      }
    },
    click: (selector) =>
      page.waitFor((s) => {
        const el = document.querySelector(s);
        if (!el || el.disabled) return false;
        el.click();
        return true;
      }, selector),
    text: (selector) => evaluate((s) => document.querySelector(s)?.textContent ?? null, selector),
    /** Errors since the last call: the engine's own reports and what the page recorded. */
    async errors() {
      const recorded = await evaluate(RECORDED_ERRORS).catch(() => []);
      return [...nativeErrors.splice(0), ...recorded];
    },
  };
  return page;
}

/**
 * A browser whose pages speak Playwright's or Puppeteer's API (the same names for what is used
 * here): `newPage`, `goto`, `evaluate`, `close` and the `pageerror` event.
 */
function alike(browser) {
  return {
    async newPage() {
      const p = await browser.newPage();
      const nativeErrors = [];
      p.on('pageerror', (e) => nativeErrors.push(e.message));
      return pageOf({
        goto: (url) => p.goto(url),
        evaluate: (fn, arg) => p.evaluate(fn, arg),
        close: () => p.close(),
        nativeErrors,
      });
    },
    close: () => browser.close(),
  };
}

async function chromium() {
  return alike(await launchChromium());
}

async function firefox() {
  const profile = await mkdtemp(join(tmpdir(), 'interleave-firefox-'));
  return alike(
    await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      defaultViewport: { width: 1280, height: 900 },
    }),
  );
}

async function webkit({ safari }) {
  const saved = {};
  if (safari) {
    for (const [k, v] of Object.entries(SAFARI_ENV)) [saved[k], process.env[k]] = [process.env[k], v];
  }
  let wk;
  try {
    wk = await startWebKit();
  } finally {
    for (const k of Object.keys(saved)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
  // One window per session: pages follow each other in it, sharing its profile, as the pages
  // of one Chromium context do.
  const evaluate = (fn, arg) =>
    wk.command('POST', '/execute/sync', {
      script: `return (${fn}).apply(null, arguments)`,
      args: arg === undefined ? [] : [arg],
    });
  return {
    async newPage() {
      return pageOf({
        goto: (url) => wk.command('POST', '/url', { url }),
        evaluate,
        close: () => wk.command('POST', '/url', { url: 'about:blank' }),
      });
    },
    close: () => wk.close(),
  };
}

const LAUNCHERS = { chromium, firefox, webkit };

/**
 * A fresh browser of `engine` with a fresh profile. `safari` (WebKit only) gives it the
 * SharedArrayBuffer Safari has.
 */
export async function launchEngine(engine, { safari = true } = {}) {
  const start = LAUNCHERS[engine];
  if (!start) throw new Error(`unknown engine ${engine}: one of ${Object.keys(LAUNCHERS)}`);
  return start({ safari });
}
