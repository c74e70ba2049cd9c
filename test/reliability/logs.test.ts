import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStopStack } from '../../cli/commands/stop-stack.js';
import { fixturePosts } from '../../local/fixture-web.js';
import { type LocalRunReport, runLocalCycle } from '../../local/run-cycle.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { sendLogsTo } from '../../shared/log.js';

/**
 * Data protection by design: a full local cycle (poll, match, score, capture, alert, digest) writes its
 * structured logs, and none of them may hold a fixture post's text, title, author or a pupil's name.
 * Logs go to CloudWatch in AWS, where they are kept and read under different rules from the case store.
 */
const CONFIG = 'config/example.trust.yaml';

/** Every run of five words: catches a sentence quoted in part, not only the whole post. */
const windows = (text: string, size = 5): string[] => {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= size) return [words.join(' ')];
  return words.slice(0, words.length - size + 1).map((_, i) => words.slice(i, i + size).join(' '));
};

describe('logs of a full local run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mm-logs-'));
  const lines: string[] = [];
  let report: LocalRunReport;
  let stack: ReturnType<typeof createStopStack>;

  beforeAll(async () => {
    let pending = '';
    sendLogsTo(
      new Writable({
        write(chunk, _encoding, done) {
          pending += chunk.toString();
          const parts = pending.split('\n');
          pending = parts.pop() ?? '';
          lines.push(...parts.filter(Boolean));
          done();
        },
      }),
    );
    stack = createStopStack();
    report = await runLocalCycle({ configFile: CONFIG, dataDir }, stack);
  }, 240_000);

  afterAll(async () => {
    sendLogsTo(process.stdout);
    await stack?.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const posts = () => fixturePosts(loadTrustConfig(CONFIG));

  it('logged the run as JSON, with the ids of the cases it opened', () => {
    const cases = report.polls.flatMap((p) => p.newCases);
    expect(cases.length).toBeGreaterThan(0);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const c of cases) expect(parsed.some((l) => l.caseId === c.caseId)).toBe(true);
  });

  it('holds no author of any fixture post', () => {
    const authors = [...new Set(posts().map((p) => p.author))];
    const leaks = authors.filter((a) => lines.some((l) => l.toLowerCase().includes(a.toLowerCase())));
    expect(leaks).toEqual([]);
  });

  it('holds no five words in a row of any fixture post or title', () => {
    const leaks = posts()
      .flatMap((p) => [...windows(p.text), ...windows(p.title)].map((w) => ({ slug: p.slug, w })))
      .filter(({ w }) => w.split(' ').length >= 3 && lines.some((l) => l.includes(w) || l.includes(JSON.stringify(w).slice(1, -1))));
    expect(leaks).toEqual([]);
  });

  it("holds no pupil's name from the posts", () => {
    expect(lines.filter((l) => /Jessica Morley/i.test(l))).toEqual([]);
  });
});
