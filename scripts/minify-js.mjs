// Trunk post-build hook (Trunk.toml): minifies, in a release build, the JavaScript that Trunk
// copies as written, i.e. wasm-bindgen's snippets and www/boot.js, with terser; shortens the
// names the app's module imports its glue's functions by (short-imports.mjs), then minifies
// the glue again, with terser; and rewrites the `integrity` hashes index.html gives for every
// file it changed. Trunk minifies only its own glue, CSS and HTML. The copied files are ~3.3 kB of the first load (brotli) as written
// and ~2.1 kB minified, much of it comments: room on the first load, whose budget is 300 kB.
//
// A file whose hash index.html gives but which this script could not rewrite would fail to
// load (the browser refuses it), so any failure here fails the build.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { minify } from 'terser';
import { shortenImports } from './short-imports.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (process.env.TRUNK_PROFILE !== 'release' || !dir) process.exit(0);

async function* scripts(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* scripts(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

const files = [join(dir, 'boot.js')];
for await (const path of scripts(join(dir, 'snippets'))) files.push(path);

const htmlPath = join(dir, 'index.html');
let html = await readFile(htmlPath, 'utf8');

/** Writes a file of the build anew, and the hash index.html gives for it. */
async function rewrite(path, contents) {
  await writeFile(path, contents);
  const name = relative(dir, path).split(sep).join('/');
  const hash = `sha384-${createHash('sha384').update(contents).digest('base64')}`;
  html = html.replace(/<[^>]+>/g, (tag) =>
    tag.includes(name) ? tag.replace(/integrity=("?)sha384-[A-Za-z0-9+/=]+\1/, `integrity=$1${hash}$1`) : tag);
}

for (const path of files) {
  const source = await readFile(path, 'utf8');
  // Every file is an ES module (the snippets and the worker scripts among them); licence
  // comments (`/*!`, `@license`) are kept.
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  await rewrite(path, code);
}

// The app's module and its glue, as boot.js's tag names them (pattern_script in Trunk.toml).
const app = (attribute) => {
  const found = html.match(new RegExp(`${attribute}=("?)([^"\\s>]+)\\1`));
  if (!found) throw new Error(`minify-js: index.html has no ${attribute}`);
  return join(dir, basename(found[2]));
};
const [gluePath, wasmPath] = [app('data-app-js'), app('data-app-wasm')];
const short = shortenImports(await readFile(wasmPath), await readFile(gluePath, 'utf8'));
await rewrite(wasmPath, short.wasm);
// Trunk's minifier keeps the glue's own top-level names (`passStringToWasm0`, `getObject`, …,
// called all over it) and its local ones; terser shortens both. The page and the workers use
// only the glue's exports, which keep their names.
const glue = await minify(short.glue, { module: true, compress: true, mangle: true });
await rewrite(gluePath, glue.code);
await writeFile(htmlPath, html);
