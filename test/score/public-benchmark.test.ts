import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createScorer } from '../../shared/score/scorer.js';

/**
 * A public benchmark the scorer was not built from: a sample of HateCheck (Röttger et al., 2021,
 * https://github.com/paul-rottger/hatecheck-data, MIT licence: fixtures/hatecheck-LICENSE), 20 cases from
 * each of its 29 functional tests (576 after duplicates), in its own words. Hate aimed at a group is
 * `radicalisation` by the labelling guide, so a hateful case should be a safeguarding concern; its
 * non-hateful cases (a group named neutrally or kindly, hate quoted to reject it, negated hate, abuse of
 * things rather than people) should be no case at all. The figures are far from a moderation model's
 * (docs/scoring.md, eleventh pass): these floors only stop them getting worse unnoticed. No case of it
 * is in the training data (test/score/model.test.ts checks for near-copies).
 */
interface Case {
  id: string;
  functionality: string;
  text: string;
  hateful: boolean;
}

const cases: Case[] = readFileSync(new URL('./fixtures/hatecheck-sample.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Case);
const scorer = createScorer();
const scored = cases.map((c) => ({ ...c, score: scorer.score(c.text) }));
const share = (rows: typeof scored, pick: (r: (typeof scored)[number]) => boolean) => rows.filter(pick).length / rows.length;

const HATEFUL_FLAGGED_AT_LEAST = 0.62;
// The thirteenth pass's training batches lowered the full set's harmless rate (43.8 to 41.6%) but raised this sample's (37.5 to 39.4%).
const HARMLESS_FLAGGED_AT_MOST = 0.4;

describe('HateCheck sample (public benchmark)', () => {
  const hateful = scored.filter((c) => c.hateful);
  const harmless = scored.filter((c) => !c.hateful);

  it('holds the sample it says it does', () => {
    expect(new Set(scored.map((c) => c.functionality)).size).toBe(29);
    expect(hateful.length).toBeGreaterThan(350);
    expect(harmless.length).toBeGreaterThan(200);
  });

  it('flags hate aimed at a group as a safeguarding case', () => {
    expect(share(hateful, (c) => c.score.safeguarding.severity >= 2)).toBeGreaterThanOrEqual(HATEFUL_FLAGGED_AT_LEAST);
  });

  it('leaves most posts that name a group without hate alone', () => {
    expect(share(harmless, (c) => c.score.safeguarding.severity >= 2 || c.score.reputational.severity >= 2)).toBeLessThanOrEqual(HARMLESS_FLAGGED_AT_MOST);
  });
});
