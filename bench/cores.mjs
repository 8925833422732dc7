// The first visit at every core count the page may see (issue 30): one row per count, with
// the time to the first possible Run against its 800 ms target. Usage: node bench/cores.mjs
// [--repeat N] [--dist DIR] [--cores 2,8] [--against DIR] (default 3 fresh browsers per count,
// the release build in dist/, every count of CORE_COUNTS). With --against, another build
// (say, of the commit before a change) is loaded too, alternating visit by visit so that both
// see the same machine, and its rows follow. bench.mjs prints the same rows among its own.
// Writes bench/results/cores.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { serve } from '../e2e/server.mjs';
import { CORE_COUNTS, visitAs } from './first_load.mjs';
import { coreRows, table } from './measure.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const counts = arg('--cores') ? arg('--cores').split(',').map(Number) : CORE_COUNTS;
const repeat = Number(arg('--repeat', 3));
const builds = [arg('--dist', 'dist'), arg('--against')].filter(Boolean);
const servers = await Promise.all(builds.map((dist) => serve(dist, { isolated: true })));
const rows = builds.map(() => []);
try {
  for (const cores of counts) {
    const samples = builds.map(() => []);
    for (let i = 0; i < repeat; i++) {
      for (const [b, server] of servers.entries()) samples[b].push(await visitAs(server.url, cores));
    }
    samples.forEach((s, b) => rows[b].push({ cores, samples: s }));
    process.stderr.write(`bench: first visit as ${cores} cores done\n`);
  }
} finally {
  await Promise.all(servers.map((s) => s.close()));
}
for (const [b, dist] of builds.entries()) {
  console.log(`\n${dist}: first visit by cores seen, modes=threads, 2 x cpu 5ms; median (min–max)\n`);
  console.log(table(coreRows(rows[b])));
}
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/cores.json', JSON.stringify(Object.fromEntries(builds.map((d, b) => [d, rows[b]])), null, 2));
console.log('\nwritten: bench/results/cores.json');
