import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: every benchmark, each in a fresh Node process so cold starts and memory figures are
 * its own. They print figures; none asserts a time (performance targets live here, not in tests).
 */
const BENCHMARKS: [string, string][] = [
  ['scorer: throughput, cold start, bundle size', 'test/bench/score.ts'],
  ['matcher: throughput', 'test/match/benchmark.ts'],
  ['feed parsing: XML layers compared on a 10,000-item feed', 'test/feeds/bench-xml.ts'],
  ['platform sources: one 10,000-item page each', 'test/sources/bench-big-page.ts'],
  ['evidence capture: cold and warm capture time, browser memory', 'test/bench/capture.ts'],
];

const root = fileURLToPath(new URL('../..', import.meta.url));
const only = process.argv.slice(2);
let failed = 0;
for (const [title, file] of BENCHMARKS) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  process.stdout.write(`\n=== ${title} (${file})\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: 'inherit', env: { ...process.env, LOG_LEVEL: 'ERROR' } });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`(${file} exited with ${result.status ?? result.signal})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
