// The Content Security Policy of www/_headers, in force: it is strict; every mode, the
// exports, the kitchen and the tooltip, the embed (framed by a page of the origin and by a deck
// opened from a file), the example deck, and the service worker's path (a host that sends no
// headers) run without a single violation, in any frame; and a probe shows in each that the
// policy really is enforced there (an injected inline script and style are refused, eval
// throws).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, runToCompletion, END_STATES } from './browser.mjs';
import { CSP, reportViolations, useBrowser } from './fixture.mjs';
import { DECK_MOUNTS, serve, siteHeaders } from './server.mjs';

const env = useBrowser({ isolated: true, mounts: { ...DECK_MOUNTS, '/host/': 'e2e/pages' } });
const SMALL = 'workload=cpu&tasks=4&cpu=10&threads=2';
const EVERY_MODE = 'modes=sequential,cooperative,gil,processes,threads';

/**
 * A page whose errors and policy violations, in any of its frames, are collected in `errors`.
 * Not the fixture's: the probes below cause violations on purpose, which would fail the test.
 */
async function watchedPage(browser) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (CSP.test(m.text())) errors.push(m.text());
  });
  await page.addInitScript(reportViolations);
  return { page, errors };
}

/** The policy at work in `frame`: what it did with an inline script, a style attribute, eval. */
function probe(frame) {
  return frame.evaluate(async () => {
    const refused = (act) =>
      new Promise((resolve) => {
        const seen = (e) => resolve(e.effectiveDirective);
        document.addEventListener('securitypolicyviolation', seen, { once: true });
        act();
        setTimeout(() => resolve(null), 2_000);
      });
    const script = await refused(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__probeRan = true';
      document.head.append(s);
    });
    const style = await refused(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    let evalThrew = false;
    try {
      (0, eval)('1');
    } catch {
      evalThrew = true;
    }
    return { script, style, scriptRan: window.__probeRan === true, evalThrew };
  });
}

async function assertEnforced(frame, where) {
  assert.deepEqual(
    await probe(frame),
    { script: 'script-src-elem', style: 'style-src-attr', scriptRan: false, evalThrew: true },
    `the policy is in force in ${where}`,
  );
}

async function runOf(frame, timeout = 90_000) {
  await frame.waitForFunction((ends) => ends.includes(document.documentElement.dataset.runState), END_STATES, { timeout });
  return frame.evaluate(() => window.interleaveResult);
}

test('the policy served is the one in _headers, and it is strict', async () => {
  const shipped = await siteHeaders('dist/_headers');
  const policy = shipped['Content-Security-Policy'];
  for (const path of ['', 'boot.js', 'sw.js', 'deck/']) {
    const response = await fetch(env.url() + path);
    assert.equal(response.headers.get('content-security-policy'), policy, `/${path}`);
  }
  const directives = Object.fromEntries(
    policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]),
  );
  for (const name of ['script-src', 'style-src', 'worker-src']) {
    for (const lax of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'data:', 'blob:']) {
      assert.ok(!directives[name].includes(lax), `${name} allows ${lax}`);
    }
  }
  assert.doesNotMatch(policy, /'unsafe-eval'|'unsafe-inline'/);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives['worker-src'], ["'self'"]);
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  // The built page itself: scripts from files only, no inline style.
  const html = await readFile('dist/index.html', 'utf8');
  for (const tag of html.match(/<script[^>]*>/g)) assert.match(tag, /\bsrc=/, `inline script: ${tag}`);
  assert.doesNotMatch(html, /<style|\sstyle=/);
});

test('every mode, the exports, the kitchen and the tooltip run without a violation', async () => {
  const { page, errors } = await watchedPage(env.browser());
  const r = await runToCompletion(page, `${env.url()}?${SMALL}&${EVERY_MODE}&autorun=1`);
  assert.equal(r.state, 'done');
  assert.deepEqual(r.modes.map((m) => [m.mode, m.outcome]), [
    ['sequential', 'completed'], ['cooperative', 'completed'], ['gil', 'completed'],
    ['processes', 'completed'], ['threads', 'completed'],
  ]);
  // Processes are workers made from a file of the origin; the pool's, from blob URLs.
  assert.ok(r.modes.find((m) => m.mode === 'processes').counters.every((c) => c >= 1));

  // The tooltip is placed through the CSSOM, never a style attribute. The first lane of the
  // first mode lies under its 22-px header, right of the 96-px labels; how far its spans reach
  // depends on the axis, which the slowest mode sets.
  const box = await page.locator('#timeline').boundingBox();
  for (let x = 100; x < box.width && !(await page.$('#span-tooltip')); x += 10) await page.mouse.move(box.x + x, box.y + 33);
  const tip = await page.evaluate(() => {
    const el = document.getElementById('span-tooltip');
    return { left: el.style.left, top: el.style.top };
  });
  assert.match(tip.left, /^\d+(\.\d+)?px$/);
  assert.match(tip.top, /^\d+(\.\d+)?px$/);

  // Dishes in the kitchen wear their task's colour, set the same way. Which events come first
  // (a process starting, a message) depends on timing: step until a dish is on show.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('k');
  for (let i = 0; i < 200 && !(await page.$('.kitchen span.dish')); i++) await page.keyboard.press('ArrowRight');
  const colours = await page.$$eval('.kitchen span.dish', (dishes) => dishes.map((d) => d.style.background));
  assert.ok(colours.length > 0 && colours.every((c) => c.startsWith('rgb')), `dish colours: ${colours}`);
  // In the picture, colours are attributes: no style at all.
  const fills = await page.$$eval('.kitchen-picture g.dish circle', (cs) => cs.map((c) => c.getAttribute('fill')));
  assert.ok(fills.length > 0 && fills.every((f) => /^#[0-9a-f]{6}$/i.test(f)), `picture dish fills: ${fills}`);
  await page.keyboard.press('k');

  // Downloads go through blob URLs; the theme, the key help and the embed snippet are DOM.
  for (const id of ['#download-trace', '#download-png']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    assert.ok((await download.path()) !== null);
  }
  await page.keyboard.press('t');
  await page.keyboard.press('?');
  await page.click('#embed');
  await page.waitForSelector('#embed-code');
  assert.deepEqual(errors, []);
  await assertEnforced(page, 'the page');
  await page.close();
});

test('the embed runs under the policy in a page of the origin, and parks and comes back', async () => {
  const { page, errors } = await watchedPage(env.browser());
  await page.goto(`${env.url()}host/host.html?${SMALL}&modes=cooperative,processes,threads&embed=1&autoplay=load`);
  const frame = await (await page.waitForSelector('#f')).contentFrame();
  const r = await runOf(frame);
  assert.equal(r.state, 'done');
  assert.ok(r.modes.every((m) => m.outcome === 'completed'));
  // slide:stop parks the frame (a reload under the policy too), slide:start plays it again.
  await page.evaluate(() => document.getElementById('f').contentWindow.postMessage('slide:stop', '*'));
  await frame.waitForSelector('html[data-parked]', { timeout: 10_000 });
  await frame.waitForSelector('html[data-ready]');
  await page.evaluate(() => document.getElementById('f').contentWindow.postMessage('slide:start', '*'));
  assert.equal((await runOf(frame)).state, 'done');
  assert.deepEqual(errors, []);
  await assertEnforced(frame, 'the embed');
  await assertEnforced(page.mainFrame(), 'the page around it');
  await page.close();
});

// No frame-ancestors, on purpose: any source list, `*` included, would refuse this frame,
// whose parent (a file) has an opaque origin. So would a sandboxed slide platform's.
test('a deck opened from a file embeds the page', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'interleave-deck-'));
  const deck = join(dir, 'deck.html');
  const src = `${env.url()}?${SMALL}&modes=cooperative,processes&embed=1&autoplay=load`;
  await writeFile(deck, `<!doctype html><title>deck</title><iframe src="${src.replaceAll('&', '&amp;')}" allow="cross-origin-isolated"></iframe>`);
  const { page, errors } = await watchedPage(env.browser());
  await page.goto(`file://${deck}`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  const r = await runOf(frame);
  assert.equal(r.state, 'done');
  assert.deepEqual(r.modes.map((m) => m.outcome), ['completed', 'completed']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the example deck runs every mode under the policy', async () => {
  const { page, errors } = await watchedPage(env.browser());
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${env.url()}deck/`);
  await page.waitForFunction(() => window.Reveal?.isReady());
  await page.waitForFunction(() => document.querySelector('#cpu-bound iframe')?.getAttribute('src'));
  const frame = await (await page.$('#cpu-bound iframe')).contentFrame();
  const r = await runOf(frame);
  assert.equal(r.state, 'done');
  assert.equal(r.modes.length, 5);
  assert.ok(r.modes.every((m) => m.outcome === 'completed'));
  // The next slide: the first frame parks, the second plays.
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => Reveal.getIndices().h === 1);
  const second = await (await page.$('#python-models iframe')).contentFrame();
  assert.equal((await runOf(second)).state, 'done');
  assert.deepEqual(errors, []);
  await assertEnforced(page.mainFrame(), 'the deck');
  await assertEnforced(second, 'the deck\'s frame');
  await page.close();
});

test('on a host without headers the service worker brings the policy, and every mode runs under it', async () => {
  const server = await serve('dist', { isolated: false });
  const browser = await launch();
  try {
    const { page, errors } = await watchedPage(browser);
    const r = await runToCompletion(page, `${server.url}?${SMALL}&${EVERY_MODE}&autorun=1`);
    assert.equal(r.env.isolation, 'isolated', 'served through the worker');
    assert.ok(r.modes.every((m) => m.outcome === 'completed'));
    assert.equal(r.modes.length, 5);
    // The host sent no policy: the one in force came from the worker, and is _headers' own.
    const served = await fetch(server.url);
    assert.equal(served.headers.get('content-security-policy'), null);
    const policy = (await siteHeaders('dist/_headers'))['Content-Security-Policy'];
    assert.equal(await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('content-security-policy'))), policy);
    assert.deepEqual(errors, []);
    await assertEnforced(page, 'the page the worker serves');
  } finally {
    await browser.close();
    await server.close();
  }
});
