/**
 * Matcher throughput and worst cases. Prints numbers, asserts nothing (timings vary by machine).
 * Run: npx tsx test/match/benchmark.ts
 */
import { readFileSync } from 'node:fs';
import { loadTrustConfig } from '../../shared/config/load.js';
import { createMatcher } from '../../shared/match/matcher.js';

const matcher = createMatcher(loadTrustConfig('config/example.trust.yaml'));
const dev = readFileSync(new URL('../../../shared/eval/dev.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);

// 280-character posts: the dev texts repeated and cut to a tweet's length. Round-tripped through
// JSON so each is a flat string, as a post parsed from an API response is (a concatenated string is
// slower to read character by character and would understate the speed).
const posts = dev.map((text) => JSON.parse(JSON.stringify(`${text} ${text} ${text}`.slice(0, 280).padEnd(280, ' x'))) as string);

/** CPU time, not wall time: on a shared machine other processes' time is not ours. */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function rate(label: string, texts: string[], rounds: number): void {
  for (const text of texts) matcher.match(text); // warm up
  const started = cpuSeconds();
  for (let r = 0; r < rounds; r++) for (const text of texts) matcher.match(text);
  const seconds = cpuSeconds() - started;
  const perSecond = Math.round((rounds * texts.length) / seconds);
  console.log(`${label}: ${perSecond.toLocaleString('en-GB')} matches per CPU second (${((seconds * 1e6) / (rounds * texts.length)).toFixed(1)} µs each)`);
}

rate('280-char posts', posts, 200);
rate('dev texts as written', dev, 200);

const worst: [string, string][] = [
  ['1 MB of one word', 'x'.repeat(1_000_000)],
  ['1 MB of "a."', 'a.'.repeat(500_000)],
  ['1 MB of "a-"', 'a-'.repeat(500_000)],
  ['1 MB of "a-a-…a."', ('a-'.repeat(31) + 'a.').repeat(15_625)],
  ['1 MB of "@a"', '@a'.repeat(500_000)],
  ['1 MB of "#_."', '#_.'.repeat(333_333)],
  ['1 MB of names', 'Northbrook Millfield St Aidans NAT school '.repeat(24_000)],
];
for (const [label, text] of worst) {
  const started = cpuSeconds();
  matcher.match(text);
  console.log(`${label}: ${((cpuSeconds() - started) * 1000).toFixed(1)} ms CPU`);
}
