/**
 * Prints how long each platform source takes to poll one oversized page (10,000 items, far beyond any
 * real page) from a local server, and how many mentions it keeps. Run: npx tsx test/sources/bench-big-page.ts
 */
import { pollSource } from '../../shared/sources/registry.js';
import { harnesses } from './harnesses.js';
import { context, json, startServer } from './support.js';

const ITEMS = 10_000;
const rows: string[] = [];
for (const h of harnesses) {
  const page = JSON.stringify(h.bigPage(ITEMS));
  const server = await startServer((req, seen) => (h.isData(req.path) ? json(JSON.parse(page)) : h.happy(req, seen)));
  const ctx = context({ source: h.source(server.url), serverUrl: server.url, secrets: h.secrets });
  const runs: number[] = [];
  let kept = 0;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    kept = (await pollSource(ctx)).mentions.length;
    runs.push(performance.now() - started);
  }
  await server.close();
  runs.sort((a, b) => a - b);
  rows.push(`${h.platform.padEnd(10)} page ${(page.length / 1024).toFixed(0).padStart(5)} KB  kept ${String(kept).padStart(3)}  median ${runs[2].toFixed(0).padStart(4)} ms  max ${runs[4].toFixed(0).padStart(4)} ms`);
}
console.log(`One poll of a ${ITEMS.toLocaleString('en-GB')}-item page, 5 runs each, local server:`);
for (const row of rows) console.log(row);
console.log(`heap used after: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`);
