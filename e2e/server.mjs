// A static file server for dist/, with or without the headers the build asks hosts to send
// (its _headers file: cross-origin isolation and the Content Security Policy), so the e2e
// tests and the bench load the real build as Netlify would serve it, or as GitHub Pages
// would (no headers: the service worker adds them). Loopback only.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * The headers `_headers` (Netlify's format) gives every path (`/*`), read from the build so
 * that the tests serve exactly what a host would, never a copy that can drift.
 */
export async function siteHeaders(file) {
  const headers = {};
  let everyPath = false;
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) everyPath = line.trim() === '/*';
    else if (everyPath) {
      const at = line.indexOf(':');
      headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  if (!Object.keys(headers).length) throw new Error(`${file} gives no headers for /*`);
  return headers;
}

/**
 * Serves `root` on `host` (loopback unless told) at a free port, under the path `prefix` (like
 * a host that puts the app in a subfolder); resolves with { url, origin, close, headers }.
 * `isolated` sends `root`'s _headers with every response (mounted folders too, as a host's
 * `/*` would); without it none are sent.
 */
export async function serve(root, { isolated = true, prefix = '/', mounts = {}, host = '127.0.0.1', port = 0 } = {}) {
  const headers = isolated ? await siteHeaders(join(root, '_headers')) : {};
  const server = createServer(async (req, res) => {
    const full = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!full.startsWith(prefix)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    let path = '/' + full.slice(prefix.length);
    // `mounts` serves other folders at sub-paths, longest first: { '/deck/': 'examples/deck' }.
    let dir = root;
    for (const [at, folder] of Object.entries(mounts).sort((a, b) => b[0].length - a[0].length)) {
      if (path.startsWith(at)) {
        [dir, path] = [folder, '/' + path.slice(at.length)];
        break;
      }
    }
    const base = resolve(dir);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...headers,
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(port, host, ok));
  ({ port } = server.address());
  return {
    origin: `http://${host}:${port}`,
    url: `http://${host}:${port}${prefix}`,
    headers,
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

/** The example deck beside the app: examples/deck at /deck/, with reveal.js from npm. */
export const DECK_MOUNTS = {
  '/deck/': 'examples/deck',
  '/deck/reveal/': 'node_modules/reveal.js/dist',
  // A deck written from reveal.js's docs, with none of the example's care (e2e/pages).
  '/unseen/': 'e2e/pages/unseen-deck',
  '/unseen/reveal/': 'node_modules/reveal.js/dist',
};

// node e2e/server.mjs [dist] [--no-headers] [--deck] [--port N]
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const isolated = !args.includes('--no-headers');
  const root = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'dist';
  const mounts = args.includes('--deck') ? DECK_MOUNTS : {};
  const port = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 8080;
  const s = await serve(root, { isolated, mounts, port });
  console.log(`serving ${root} at ${s.url} (${isolated ? `with the headers of ${root}/_headers` : 'without headers'})`);
  if (args.includes('--deck')) console.log(`example deck: ${s.url}deck/`);
}
