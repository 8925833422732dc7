// Shortens the names by which the app's WebAssembly module imports wasm-bindgen's glue
// functions (`__wbg_location_7320782274fc691b` becomes `_0`), in the module and in the glue
// alike. wasm-bindgen makes each name unique with a 64-bit hash, which no compressor can
// shrink, and writes it twice, once in each file: ~13 kB of names over 245 imports, ~5.9 kB
// of the first load after brotli. Only the glue ever looks these names up (`__wbg_get_imports`,
// which the page and every worker instantiate the module with), so no other file changes.
//
// Each name must stand exactly once in the glue, as its imports object's key; anything else
// (a wasm-bindgen that writes its glue another way) throws, and fails the build.

/** The app's own glue: the module name wasm-bindgen gives its imports. */
const GLUE = './interleave_bg.js';

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

const text = (s) => {
  const bytes = Buffer.from(s);
  return Buffer.concat([leb(bytes.length), bytes]);
};

/** Where an import's description ends, for each kind: function, table, memory, global. */
function skipDescription(body, at, kind) {
  const limits = (i) => {
    const flags = body[i];
    let [, next] = readLeb(body, i + 1);
    if (flags & 1) [, next] = readLeb(body, next);
    return next;
  };
  switch (kind) {
    case 0: return readLeb(body, at)[1];
    case 1: return limits(at + 1);
    case 2: return limits(at);
    case 3: return at + 2;
    default: throw new Error(`short-imports: an import of unknown kind ${kind}`);
  }
}

/** The import section with the glue's functions renamed, and the names given. */
function renameImports(body) {
  let [count, at] = readLeb(body, 0);
  const parts = [leb(count)];
  const renamed = new Map();
  for (let i = 0; i < count; i++) {
    const names = [];
    for (let n = 0; n < 2; n++) {
      const [length, start] = readLeb(body, at);
      names.push(body.subarray(start, start + length).toString());
      at = start + length;
    }
    const [module, field] = names;
    const kind = body[at];
    const end = skipDescription(body, at + 1, kind);
    let name = field;
    if (module === GLUE && kind === 0) {
      name = `_${renamed.size.toString(36)}`;
      renamed.set(field, name);
    }
    parts.push(text(module), text(name), body.subarray(at, end));
    at = end;
  }
  return [Buffer.concat(parts), renamed];
}

/** The module and its glue, with the glue's functions imported by short names. */
export function shortenImports(wasm, glue) {
  const sections = [wasm.subarray(0, 8)];
  let renamed = new Map();
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = readLeb(wasm, at + 1);
    const end = start + size;
    if (id === 2) {
      const [body, names] = renameImports(wasm.subarray(start, end));
      sections.push(Buffer.from([id]), leb(body.length), body);
      renamed = names;
    } else {
      sections.push(wasm.subarray(at, end));
    }
    at = end;
  }
  for (const [long, short] of renamed) {
    const uses = glue.split(long).length - 1;
    const keys = glue.split(`${long}:`).length - 1;
    if (uses !== 1 || keys !== 1) {
      throw new Error(`short-imports: ${long} stands ${uses} times in the glue, ${keys} as a key`);
    }
    glue = glue.replace(`${long}:`, `${short}:`);
  }
  return { wasm: Buffer.concat(sections), glue };
}
