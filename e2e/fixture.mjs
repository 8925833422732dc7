// What every e2e file needs: the release build served (with or without the headers of its
// _headers: isolation and the Content Security Policy), a fresh Chromium, pages that collect
// page errors and policy violations (any fails the test that caused it) and count animation
// frames on the same absolute clock as the spans.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { launch } from './browser.mjs';
import { serve } from './server.mjs';

/** What Chromium logs, and what `reportViolations` writes, when the policy blocks something. */
export const CSP = /Content Security Policy/;

/**
 * An init script: logs every `securitypolicyviolation` in the document as an error, before
 * any of the page's own script runs.
 */
export function reportViolations() {
  document.addEventListener('securitypolicyviolation', (e) => {
    const where = e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : '';
    console.error(`Content Security Policy violation: ${e.effectiveDirective} refused ${e.blockedURI || 'inline'}${where}`);
  });
}

/**
 * Registers set-up and tear-down; returns { url(), newPage(), pageErrors, browser() }. Pages of
 * one file share a profile, so a service worker registered by one controls the next.
 */
export function useBrowser({ isolated = true, serviceWorkers = 'allow', mounts = {} } = {}) {
  let server;
  let browser;
  const pageErrors = [];
  before(async () => {
    server = await serve('dist', { isolated, mounts });
    browser = await launch({ serviceWorkers });
  });
  // After every test, not once at the end of a file: an error thrown in a test's page fails
  // that test (an error that comes after its page closed fails the next one).
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'errors thrown in the page');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    pageErrors,
    url: () => server.url,
    browser: () => browser,
    /** Stops serving, as if the host went away (the offline test). */
    closeServer: () => server.close(),
    async newPage() {
      const page = await browser.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      // A violation of the Content Security Policy is a page error too, in any frame.
      page.on('console', (m) => {
        if (CSP.test(m.text())) pageErrors.push(m.text());
      });
      await page.addInitScript(reportViolations);
      await page.addInitScript(() => {
        window.__frames = [];
        const tick = () => {
          window.__frames.push(performance.timeOrigin + performance.now());
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      return page;
    },
  };
}
