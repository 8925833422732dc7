// WebKitGTK's MiniBrowser, driven through Debian's WebKitWebDriver under a private Xvfb display.
// The W3C WebDriver protocol is a handful of JSON requests over loopback HTTP, so this speaks
// it with node's own fetch: a client package from npm (webdriverio pulls in ~150 packages)
// would add nothing the five calls below need.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER =
  process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** A free loopback port, for the driver to listen on. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The longest any one WebDriver request may take: a page load, or a script's evaluation. */
const CALL_TIMEOUT_MS = 60_000;

/**
 * Starts WebKitWebDriver (under `xvfb-run -a` unless a display is set, as MiniBrowser has no
 * headless mode) and opens one session; resolves with { command(method, path, body), close() }.
 */
export async function startWebKit({ width = 1280, height = 900 } = {}) {
  const port = await freePort();
  const argv = [WEBKIT_DRIVER, `--port=${port}`, '--host=127.0.0.1'];
  const [cmd, ...args] = process.env.DISPLAY
    ? argv
    : ['xvfb-run', '-a', '-s', `-screen 0 ${width + 100}x${height + 200}x24`, ...argv];
  // WebKitGTK under Xvfb composites every frame with software GL on the same cores as the
  // page's workers: a run of two workers on two cores reached 0.55–0.84 of the ideal speedup,
  // and 0.82–0.91 (median 0.88) with compositing off. Safari composites on the GPU, so the
  // measurement without it is the closer one; the page draws the same either way.
  const env = { ...process.env, WEBKIT_DISABLE_COMPOSITING_MODE: process.env.WEBKIT_DISABLE_COMPOSITING_MODE ?? '1' };
  // Its own process group, so that closing ends xvfb-run, the driver and the browser together.
  const driver = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env });
  let log = '';
  driver.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A browser that hangs must fail the test, not hold the run until CI's limit.
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const json = await res.json();
    if (json.value && json.value.error) {
      throw new Error(`WebDriver ${path}: ${json.value.error}: ${json.value.message}`);
    }
    return json.value;
  };
  for (let i = 0; ; i++) {
    try {
      await call('GET', '/status');
      break;
    } catch (e) {
      if (i > 100 || driver.exitCode !== null) throw new Error(`WebKitWebDriver did not start: ${e.message}\n${log}`);
      await sleep(100);
    }
  }
  const { sessionId } = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      },
    },
  });
  const session = `/session/${sessionId}`;
  await call('POST', `${session}/window/rect`, { width, height }).catch(() => {});
  return {
    command: (method, path, body) => call(method, session + path, body),
    async close() {
      try {
        await call('DELETE', session);
      } catch {
        // Gone already (a crashed browser): the group is ended all the same.
      } finally {
        try {
          process.kill(-driver.pid, 'SIGTERM');
        } catch {}
        driver.stderr.destroy();
      }
    },
  };
}
