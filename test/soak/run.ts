/**
 * The long versions of test/reliability (npm run soak): the full 10,000-mention poll cycle, the
 * 50 MB feed, a hang with the production timeouts and retries, and the reliability suite run
 * several times over to shake out flaky recovery. Prints figures; exits non-zero if anything was lost.
 *
 *   MM_SOAK_MENTIONS (10000)  mentions in the load cycle
 *   MM_SOAK_ROUNDS   (3)      times the reliability suite is repeated
 */
import { spawnSync } from 'node:child_process';
import { fetchFeed } from '../../shared/sources/feed/fetch.js';
import { guardedHttp } from '../reliability/support/cycle.js';
import { hugeFeed, gzipBomb } from '../reliability/support/corpus.js';
import { neverFinishes, send, startHostileWeb } from '../reliability/support/hostile-web.js';
import { describeLoad, LAMBDA_MAX_SECONDS, POLL_TIMEOUT_SECONDS, runLoad, type LoadFigures } from '../reliability/support/load.js';

const mentions = Number(process.env.MM_SOAK_MENTIONS ?? 10_000);
const rounds = Number(process.env.MM_SOAK_ROUNDS ?? 3);
const failures: string[] = [];
/** Peak resident memory of this process so far (resourceUsage reports KB). */
const peakRss = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;

const verdict = (f: LoadFigures) =>
  `slowest academy ${f.slowestEntitySeconds.toFixed(1)} s: ${f.slowestEntitySeconds < POLL_TIMEOUT_SECONDS ? 'fits' : 'DOES NOT FIT'} the poll function's ${POLL_TIMEOUT_SECONDS} s timeout, ` +
  `${f.slowestEntitySeconds < LAMBDA_MAX_SECONDS ? 'fits' : 'does not fit'} Lambda's ${LAMBDA_MAX_SECONDS} s maximum`;

for (const [title, options] of [
  [`one poll cycle with ${mentions} new mentions across five entities`, {}],
  [`one poll cycle with ${mentions} new mentions all for one academy (a viral post)`, { oneAcademy: 'northbrook' }],
] as const) {
  console.log(`\n== load: ${title}`);
  const figures = await runLoad(mentions, options);
  console.log(`  ${describeLoad(figures)}`);
  console.log(`  verdict: ${verdict(figures)}`);
  if (figures.stored !== figures.mentions) failures.push(`load: ${figures.mentions - figures.stored} mentions lost`);
  if (figures.errors.length) failures.push(`load: ${figures.errors.length} errors, first: ${figures.errors[0]}`);
}

console.log('\n== hostile feeds at full size, production client');
const web = await startHostileWeb({
  '/huge.xml': send(200, 'application/rss+xml', hugeFeed(50)),
  '/bomb.xml': send(200, 'application/rss+xml', gzipBomb(500), { 'content-encoding': 'gzip' }),
  '/never.xml': neverFinishes,
});
try {
  for (const [name, path, options] of [
    ['50 MB feed', '/huge.xml', {}],
    ['500 MB gzip bomb', '/bomb.xml', {}],
    ['never-finishing feed, production timeout and retries', '/never.xml', { baseDelayMs: 500, maxDelayMs: 30_000 }],
  ] as const) {
    const started = performance.now();
    const outcome = await fetchFeed({ http: guardedHttp(options), url: `${web.baseUrl}${path}`, label: `feed '${name}'`, fixHint: '' }).then(
      (feed) => `parsed ${feed.items.length} items`,
      (err: Error) => `refused: ${err.message.slice(0, 140)}`,
    );
    console.log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS so far ${peakRss()}; ${outcome}`);
    if (!outcome.startsWith('refused')) failures.push(`${name} was not refused`);
  }
} finally {
  await web.stop();
}

for (let round = 1; round <= rounds; round++) {
  console.log(`\n== reliability suite, round ${round} of ${rounds} (50 MB feed in the pipeline)`);
  const run = spawnSync('npx', ['vitest', 'run', 'test/reliability', '--reporter=dot'], {
    env: { ...process.env, MM_HUGE_FEED_MB: '50' },
    encoding: 'utf8',
  });
  const summary = `${run.stdout}`.split('\n').filter((l) => /Tests|\[reliability\]|lost|FAIL|mentions|scoring|store calls/.test(l));
  console.log(summary.map((l) => `  ${l}`).join('\n'));
  if (run.status !== 0) failures.push(`reliability suite failed in round ${round}`);
}

console.log(failures.length ? `\nSOAK FAILED:\n  ${failures.join('\n  ')}` : '\nsoak passed: no mention lost, every hostile input refused or defused');
process.exit(failures.length ? 1 : 0);
