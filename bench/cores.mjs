// The first visit at every core count the page may see (issue 30): one row per count, with
// the time to the first possible Run against its 800 ms target. Usage: node bench/cores.mjs
// [--repeat N] [--dist DIR] [--cores 2,8] (default 3 fresh browsers per count, the release build
// in dist/, every count of CORE_COUNTS).
// bench.mjs prints the same rows among its own.
import { serve } from '../e2e/server.mjs';
import { CORE_COUNTS, firstLoadByCores } from './first_load.mjs';
import { coreRows, table } from './measure.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const server = await serve(arg('--dist', 'dist'), { isolated: true });
try {
  const counts = arg('--cores', '') ? arg('--cores').split(',').map(Number) : CORE_COUNTS;
  const rows = await firstLoadByCores(server.url, Number(arg('--repeat', 3)), counts);
  console.log(`\nFirst visit by cores seen, modes=threads, 2 x cpu 5ms; median (min–max)\n`);
  console.log(table(coreRows(rows)));
} finally {
  await server.close();
}
