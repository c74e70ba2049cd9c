import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadTrustConfig } from '../../shared/config/load.js';
import { createMatcher } from '../../shared/match/matcher.js';

/**
 * Regression gate: the matcher must name exactly the labelled academies on at least 95% of each
 * labelled set. dev.jsonl is the shared labelled set (see shared/eval/GUIDE.md beside it); the
 * fixtures are extra sentences written for this suite in the same format, including namesakes.
 */
const REQUIRED_RATE = 0.95;

const Labelled = z.object({ id: z.string(), text: z.string(), academies: z.array(z.string()) });

const sets: [string, string][] = [
  ['the shared dev set', process.env.MATCH_EVAL_FILE ?? fileURLToPath(new URL('../../../shared/eval/dev.jsonl', import.meta.url))],
  ['held-out sentences, batch 1', fileURLToPath(new URL('./fixtures/heldout.jsonl', import.meta.url))],
  ['held-out sentences, batch 2', fileURLToPath(new URL('./fixtures/heldout-2.jsonl', import.meta.url))],
  ['held-out sentences, batch 3', fileURLToPath(new URL('./fixtures/heldout-3.jsonl', import.meta.url))],
];

const matcher = createMatcher(loadTrustConfig('config/example.trust.yaml'));

describe('academy matching on labelled posts', () => {
  it.each(sets)(`names exactly the labelled academies on at least ${REQUIRED_RATE * 100} in 100 posts of %s (%s)`, (_name, file) => {
    expect(existsSync(file), `labelled set not found at ${file}: set MATCH_EVAL_FILE to the dev.jsonl path`).toBe(true);
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => Labelled.parse(JSON.parse(line)));
    const misses: string[] = [];
    for (const row of rows) {
      const result = matcher.match(row.text);
      const got = [...result.entityIds].sort();
      const want = [...row.academies].sort();
      if (got.join(',') !== want.join(',')) {
        const why = result.reasons.map((r) => `${r.entityId}<-${r.rule}:"${r.match}"`).join(' ');
        misses.push(`${row.id}: want [${want}] got [${got}] ${why} | ${row.text.slice(0, 160)}`);
      }
    }
    const rate = (rows.length - misses.length) / rows.length;
    console.log(`${file}: ${rows.length - misses.length}/${rows.length} exact (${(rate * 100).toFixed(1)}%)`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rate, `exact-match rate ${rate.toFixed(3)} is below ${REQUIRED_RATE}. Misses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(REQUIRED_RATE);
  });
});
