import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createScorer } from '../../shared/score/scorer.js';

/**
 * Scorer speed and size: mentions per second on one core for 280-character posts, cold start of a
 * fresh Node process importing the bundled scorer, and the minified bundle size (what a Lambda ships).
 * Run: npx tsx test/bench/score.ts
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCORER = join(ROOT, 'shared/score/scorer.ts');

// A mix of concerning, reputational and benign posts in the style of shared/eval, padded to 280 chars.
const SEEDS = [
  'honestly might just kms before the year 10 mocks at northbrook lol nobody would even notice',
  'plug at northbrook selling thc vapes behind the sports hall, £20 a go, year 9s buying',
  'Northbrook year 7s absolutely killing it at sports day 🔥🔥 so proud of every single one of them',
  'Millfield Primary: communication is dreadful. Never reply to emails, trips cancelled last minute. 1 star.',
  'Lucy Bennett year 10 northbrook lives on Ashdown Close, go and tell her what you think of her',
  'Drugs awareness week at St Aidan\'s: thank you to Cambs Police for the assembly on county lines',
  'bringing my brothers bored to northbrook tomorrow, someone\'s getting wet 🔪',
  'Northbrook Academies Trust confirms a cyber attack has disrupted IT systems at four schools',
  // Posts that reach the pattern rules (rules/patterns.ts) as well as the phrase lexicons.
  "i'm gonna batter him after school tomorrow, he better watch his back, year 9 lads will be there",
  'the school still has not replied to my emails and my son with an EHCP is sent home every lunchtime',
];
const POSTS = SEEDS.map((s) => (s + ' ' + 'and the rest of the year group agree with this completely, more later '.repeat(5)).slice(0, 280));

/**
 * Mentions per second of CPU time (the scorer is single-threaded, so this is one core's rate) and
 * per second of wall time; on a shared machine the wall figure also counts time other processes took.
 */
function throughput(): { cpu: number; wall: number } {
  const scorer = createScorer();
  for (let i = 0; i < 5000; i++) scorer.score(POSTS[i % POSTS.length]);
  const n = 100_000;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) scorer.score(POSTS[i % POSTS.length]);
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpuStart);
  return { cpu: n / ((used.user + used.system) / 1e6), wall: n / wall };
}

async function bundle(dir: string): Promise<{ file: string; bytes: number }> {
  const file = join(dir, 'scorer.mjs');
  const result = await build({
    entryPoints: [SCORER],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  return { file, bytes };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Fresh `node` processes that import the bundle, build the scorer and score one post: the median
 * wall time, and the median CPU time the same work took (what it costs on an otherwise idle core).
 */
function coldStart(bundleFile: string, runs = 7): { wallMs: number; cpuMs: number } {
  const script = join(dirname(bundleFile), 'cold.mjs');
  writeFileSync(
    script,
    [
      'const c0 = process.cpuUsage();',
      'const t0 = performance.now();',
      `const { createScorer } = await import(${JSON.stringify(pathToFileURL(bundleFile).href)});`,
      "createScorer().score('kms');",
      'const c = process.cpuUsage(c0);',
      'process.stdout.write(JSON.stringify({ wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));',
    ].join('\n'),
  );
  const samples = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' })) as { wallMs: number; cpuMs: number });
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)) };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'score-bench-'));
  try {
    const perSecond = throughput();
    const buildStart = performance.now();
    createScorer();
    const buildMs = performance.now() - buildStart;
    const { file, bytes } = await bundle(dir);
    const cold = coldStart(file);
    process.stdout.write(
      [
        `scorer throughput: ${Math.round(perSecond.cpu).toLocaleString('en-GB')} mentions/s per CPU second on one core, ${Math.round(perSecond.wall).toLocaleString('en-GB')}/s wall clock (280-char posts; target >= 20,000)`,
        `scorer build (warm process): ${buildMs.toFixed(1)} ms to compile the lexicons`,
        `scorer cold start: ${cold.wallMs.toFixed(1)} ms wall, ${cold.cpuMs.toFixed(1)} ms CPU to import the bundle, build the scorer and score one post (median of 7 fresh node processes; target < 150 ms)`,
        `machine load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`,
        `scorer bundle: ${(bytes / 1024).toFixed(0)} KiB minified with esbuild (platform node; target < 2 MB)`,
      ].join('\n') + '\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
