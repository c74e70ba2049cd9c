import { describe, expect, it } from 'vitest';
import { readLabelledSet } from '../../cli/commands/eval.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { createMatcher } from '../../shared/match/matcher.js';
import { evaluate, type Prediction } from '../../shared/score/evaluate.js';
import { createScorer } from '../../shared/score/scorer.js';

/**
 * Generalisation gates. `generalisation-1.jsonl` (written before the pattern rules),
 * `generalisation-2.jsonl` to `generalisation-4.jsonl` (written between tuning rounds, each scored
 * before the rounds after it) are held-out batches never tuned on: their thresholds sit just below what the scorer achieves (see
 * docs/scoring.md), so a change that loses recall on unseen wording fails here even when the dev set
 * still passes. They are far below the quality bar, and that is the point: they measure
 * wording the rules have not seen. `generalisation-tuning.jsonl` is the batch the pattern rules were
 * built from; it is held to a higher bar because its misses were fixed with general rules.
 */
const config = loadTrustConfig('config/example.trust.yaml');
const scorer = createScorer({ extraLexicon: config.lexicon });
const matcher = createMatcher(config);

const measure = (file: string) => {
  const items = readLabelledSet(new URL(`./fixtures/${file}`, import.meta.url).pathname);
  const predictions: Prediction[] = items.map((i) => ({ id: i.id, academies: matcher.match(i.text).entityIds, score: scorer.score(i.text, { platform: i.source }) }));
  return evaluate(items, predictions);
};

describe.each([
  // file, safeguarding recall, safeguarding precision, >= 3 at >= 3, reputational recall, reputational precision, benign flagged at most
  ['generalisation-1.jsonl', 0.8, 0.9, 0.82, 0.75, 0.95, 0.08],
  ['generalisation-2.jsonl', 0.58, 0.85, 0.57, 0.7, 0.65, 0.17],
  ['generalisation-3.jsonl', 0.54, 0.8, 0.5, 0.8, 0.7, 0.12],
  ['generalisation-4.jsonl', 0.54, 0.8, 0.55, 0.55, 0.8, 0.17],
  ['generalisation-tuning.jsonl', 0.94, 0.94, 0.93, 0.95, 0.88, 0.07],
] as const)('quality on %s', (file, sgRecall, sgPrecision, high, repRecall, repPrecision, benign) => {
  const result = measure(file);

  it(`catches at least ${sgRecall * 100}% of safeguarding concerns at severity 2+`, () => {
    expect(result.safeguarding.recall.value).toBeGreaterThanOrEqual(sgRecall);
  });
  it(`keeps safeguarding precision at or above ${sgPrecision * 100}%`, () => {
    expect(result.safeguarding.precision.value).toBeGreaterThanOrEqual(sgPrecision);
  });
  it(`flags at least ${high * 100}% of severity 3+ concerns at 3+`, () => {
    expect(result.highFlaggedHigh.value).toBeGreaterThanOrEqual(high);
  });
  it(`catches at least ${repRecall * 100}% of reputational concerns at severity 2+`, () => {
    expect(result.reputational.recall.value).toBeGreaterThanOrEqual(repRecall);
  });
  it(`keeps reputational precision at or above ${repPrecision * 100}%`, () => {
    expect(result.reputational.precision.value).toBeGreaterThanOrEqual(repPrecision);
  });
  it(`flags no more than ${benign * 100}% of benign posts`, () => {
    expect(result.benignFlagged.value).toBeLessThanOrEqual(benign);
  });
});
