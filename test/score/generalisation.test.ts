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
 * wording the rules have not seen. `generalisation-5.jsonl` (mostly indirect self-harm and trap
 * posts) was written and scored before the third pass changed anything (13.5% safeguarding recall)
 * and never tuned on. `generalisation-6.jsonl` (very indirect wording) was written after three
 * tuning rounds and scored once (3.3%, the same as before the pass; 6.7% after one more round), and
 * `generalisation-7.jsonl` after the last round (10%): the honest measure of what the rules miss.
 * `generalisation-tuning.jsonl` and `-tuning-2` to `-tuning-5` are the
 * batches the pattern rules were built from; they are held to a higher bar because their misses
 * were fixed with general rules.
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
  // (null: the batch holds no concerns of that kind, so there is nothing to measure)
  ['generalisation-1.jsonl', 0.8, 0.9, 0.82, 0.75, 0.95, 0.08],
  ['generalisation-2.jsonl', 0.62, 0.85, 0.62, 0.7, 0.65, 0.17],
  ['generalisation-3.jsonl', 0.62, 0.8, 0.6, 0.8, 0.7, 0.12],
  ['generalisation-4.jsonl', 0.6, 0.8, 0.65, 0.55, 0.8, 0.17],
  ['generalisation-5.jsonl', 0.8, 0.9, 0.8, null, null, 0.12],
  ['generalisation-6.jsonl', 0.06, 0.6, 0.06, null, null, 0.1],
  ['generalisation-7.jsonl', 0.1, 0.85, 0.1, null, null, 0.05],
  ['generalisation-tuning.jsonl', 0.94, 0.94, 0.93, 0.95, 0.88, 0.05],
  ['generalisation-tuning-2.jsonl', 0.95, 0.95, 0.95, null, null, 0.05],
  ['generalisation-tuning-3.jsonl', 0.95, 0.95, 0.9, null, null, 0.05],
  ['generalisation-tuning-4.jsonl', 0.9, 0.95, 0.9, null, null, 0.05],
  // benign probes only (hyperbole and everyday posts that share words with the self-harm patterns)
  ['generalisation-tuning-5.jsonl', null, null, null, null, null, 0.05],
] as const)('quality on %s', (file, sgRecall, sgPrecision, high, repRecall, repPrecision, benign) => {
  const result = measure(file);
  type Evaluation = ReturnType<typeof measure>;
  // Only the figures a batch can measure become tests (a batch of benign probes has no recall to hold).
  const atLeast: [string, number | null, (e: Evaluation) => number][] = [
    ['catches at least %s of safeguarding concerns at severity 2+', sgRecall, (e) => e.safeguarding.recall.value],
    ['keeps safeguarding precision at or above %s', sgPrecision, (e) => e.safeguarding.precision.value],
    ['flags at least %s of severity 3+ concerns at 3+', high, (e) => e.highFlaggedHigh.value],
    ['catches at least %s of reputational concerns at severity 2+', repRecall, (e) => e.reputational.recall.value],
    ['keeps reputational precision at or above %s', repPrecision, (e) => e.reputational.precision.value],
  ];
  for (const [name, threshold, figure] of atLeast) {
    if (threshold === null) continue;
    it(name.replace('%s', `${threshold * 100}%`), () => {
      expect(figure(result)).toBeGreaterThanOrEqual(threshold);
    });
  }
  it(`flags no more than ${benign * 100}% of benign posts`, () => {
    expect(result.benignFlagged.value).toBeLessThanOrEqual(benign);
  });
});
