import { readFile, readdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createBrowserProvider } from '../../shared/capture/browser.js';
import { captureEvidence } from '../../shared/capture/capture.js';
import { POST_TEXT, startFixtureWeb } from '../capture/fixture-web.js';
import { MemoryEvidenceStore } from '../capture/memory-store.js';

/**
 * Capture speed and memory: cold (browser launch + first capture) and warm (browser reused)
 * capture times against the local fixture web, and the peak memory of the browser's processes
 * read from /proc, to compare with the 1,536 MB Lambda. Run: npx tsx test/bench/capture.ts
 */

const COLD_RUNS = 3;
const WARM_RUNS = 12;
const WARM_PAGES = ['/post', '/consent', '/redirect', '/deleted', '/long'];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Pids descending from this process (the browser and its renderers, GPU and utility processes). */
async function descendants(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) parents.set(Number(entry), ppid);
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parents) if (parent === pid) { found.push(child); walk(child); }
  };
  walk(root);
  return found;
}

/** Sum of RSS and of PSS (shared pages split fairly) over the browser's processes, in MB. */
async function browserMemoryMb(): Promise<{ rss: number; pss: number }> {
  let rss = 0;
  let pss = 0;
  for (const pid of await descendants(process.pid)) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  }
  return { rss: rss / 1024, pss: pss / 1024 };
}

export async function run(): Promise<void> {
  const web = await startFixtureWeb();
  const store = new MemoryEvidenceStore();
  const clock = { now: () => new Date() };
  const peak = { rss: 0, pss: 0 };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const m = await browserMemoryMb();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.pss = Math.max(peak.pss, m.pss);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const job = (path: string, i: number) => ({ caseId: `c-bench-${i}`, url: `${web.base}${path}`, platform: 'x', text: POST_TEXT, raw: { id: i } });

  try {
    const cold: number[] = [];
    const launch: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const browser = createBrowserProvider();
      const t0 = performance.now();
      await browser.get();
      launch.push(performance.now() - t0);
      await captureEvidence(job('/post', i), { browser, store, clock, allowPrivate: true });
      cold.push(performance.now() - t0);
      await browser.close();
    }

    const browser = createBrowserProvider();
    await browser.get();
    const warm = new Map<string, number[]>(WARM_PAGES.map((p) => [p, []]));
    for (let i = 0; i < WARM_RUNS; i++) {
      for (const path of WARM_PAGES) {
        const t0 = performance.now();
        await captureEvidence(job(path, i), { browser, store, clock, allowPrivate: true });
        warm.get(path)?.push(performance.now() - t0);
      }
    }
    await browser.close();

    const all = [...warm.values()].flat();
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`capture bench (local fixture web, ${COLD_RUNS} cold, ${WARM_RUNS} x ${WARM_PAGES.length} warm)`);
    console.log(`  browser launch       median ${s(median(launch))}`);
    console.log(`  cold capture         median ${s(median(cold))} (launch + first capture)`);
    for (const [path, times] of warm) console.log(`  warm ${path.padEnd(15)} median ${s(median(times))}  max ${s(Math.max(...times))}`);
    console.log(`  warm, all pages      median ${s(median(all))} (goal < 3 s)`);
    console.log(`  browser peak memory  ${peak.pss.toFixed(0)} MB PSS, ${peak.rss.toFixed(0)} MB summed RSS (Lambda: 1,536 MB)`);
    console.log(`  node process RSS     ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB at the end`);
  } finally {
    sampling = false;
    await sampler;
    await web.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run();
}
