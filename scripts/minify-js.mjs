// Trunk post-build hook (Trunk.toml): minifies, in a release build, the JavaScript that Trunk
// copies as written, i.e. wasm-bindgen's snippets and www/boot.js, with terser; and rewrites
// the `integrity` hashes index.html gives for them. Trunk minifies only its own glue, CSS and
// HTML. These files are ~3.3 kB of the first load (brotli) as written and ~2.1 kB minified,
// much of it comments: room on the first load, whose budget is 300 kB.
//
// A file whose hash index.html gives but which this script could not rewrite would fail to
// load (the browser refuses it), so any failure here fails the build.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { minify } from 'terser';

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
for (const path of files) {
  const source = await readFile(path, 'utf8');
  // Every file is an ES module (the snippets and the worker scripts among them); licence
  // comments (`/*!`, `@license`) are kept.
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  await writeFile(path, code);
  const name = relative(dir, path).split(sep).join('/');
  const hash = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  html = html.replace(/<[^>]+>/g, (tag) =>
    tag.includes(name) ? tag.replace(/integrity=("?)sha384-[A-Za-z0-9+/=]+\1/, `integrity=$1${hash}$1`) : tag);
}
await writeFile(htmlPath, html);
