import { describe, expect, it } from 'vitest';
import { readLabelledSet } from '../../cli/commands/eval.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { createMatcher } from '../../shared/match/matcher.js';
import { evaluate, type Prediction } from '../../shared/score/evaluate.js';
import { createScorer } from '../../shared/score/scorer.js';

/**
 * Generalisation gates: the scorer (rules and trained classifier together) on labelled batches it was
 * not built from, each held to thresholds just below its figures (docs/scoring.md), so a change that
 * loses quality on unseen wording fails here even when the dev set still passes.
 *
 * - `generalisation-8.jsonl` to `-10.jsonl` (260 items each, the guide's mix) were written during the
 *   classifier work by writers who saw neither the rules nor the training data, and only their totals
 *   were read: the honest measure. `generalisation-11.jsonl` (200 items) is the same in the style of
 *   public moderation sets (generic posts, mostly no school named). `generalisation-12.jsonl` (moderation
 *   style, 198) and `-13.jsonl` (the guide's mix, 260) were written the same way in the fifth pass, and
 *   `-14.jsonl` (300, a monitor's feed: mostly ordinary short posts with concerns among them) in the sixth,
 *   and `-17.jsonl` to `-19.jsonl` (the guide's mix, 282-285 each: 300 less the near-copies of older training
 *   posts) in the seventh, each measured before and after that pass's data rounds. `-20.jsonl` (the guide's
 *   mix, spring term) and `-21.jsonl` (the guide's mix with more complaints and digs), 286 and 281 items
 *   (300 less the near-copies of older training posts), were written in the ninth and measured before and
 *   after it; only 21's misses were read (20's were read in the tenth pass). `-22.jsonl` (the guide's mix,
 *   summer term, 284) and `-23.jsonl` (hard, indirect safeguarding posts, 287) were written at the start of the
 *   tenth and measured before and after it; only their totals were read.
 * - `generalisation-15.jsonl` (400 pupils' everyday posts) and `-16.jsonl` (400 replies of 1 to 12 words),
 *   both about 85% harmless, were written in the sixth pass as training data and kept out of it instead
 *   (docs/scoring.md): they hold the false alarms on ordinary posts, which the other batches barely have.
 * - `generalisation-1.jsonl` to `-7.jsonl` were held out of the rules' tuning (see docs/scoring.md for
 *   when each was written); 6 and 7 are very indirect self-harm wording and benign posts written to
 *   trip it up, and 1 to 5 lean on trap-heavy benign posts, so their false-alarm ceilings are high.
 *   None of them is in the classifier's training data (test/score/model.test.ts checks for near-copies).
 * - `tuning-1.jsonl` to `tuning-5.jsonl` (in shared/score/model/training) are batches the pattern rules
 *   were built from and the classifier is trained on: they hold the fit, not generalisation.
 *
 * Retraining moves these figures by a point or two either way; after `npm run train`, compare with
 * `mention-monitor eval --input FILE` and move a threshold only with the reason in the commit. The ninth
 * pass lowered ten of them (reputational precision most: 18, 16, 10) for gains on two fresh batches, the
 * validation batches and the dev set; docs/scoring.md, ninth pass, has both sides. The tenth lowered nine
 * (reputational precision most: 14 and 13, by 7 and 3 points, on complaints labelled 1 now read as 2) and
 * raised three (20, 17 and 21), for gains on the pooled gates and gate 20; docs/scoring.md, tenth pass. The eleventh
 * lowered sixteen by a post or two each (gate 9's reputational recall most, 91 to 88%) for everyday posts flagged
 * far less often on public sets and pooled precision up; docs/scoring.md, eleventh pass. The thirteenth lowered fourteen
 * by a post or two each (gate 6's high-concern floor most, 56 to 50%: two posts of 30) after eight training batches
 * of everyday posts and talk about groups: the pooled figures held, and public sets moved (docs/scoring.md).
 */
const config = loadTrustConfig('config/example.trust.yaml');
const scorer = createScorer({ extraLexicon: config.lexicon });
const matcher = createMatcher(config);

const measure = (file: string) => {
  const items = readLabelledSet(new URL(file.startsWith('tuning') ? `../../shared/score/model/training/${file}` : `./fixtures/${file}`, import.meta.url).pathname);
  const predictions: Prediction[] = items.map((i) => ({ id: i.id, academies: matcher.match(i.text).entityIds, score: scorer.score(i.text, { platform: i.source }) }));
  return evaluate(items, predictions);
};

describe.each([
  // file, safeguarding recall, safeguarding precision, >= 3 at >= 3, reputational recall, reputational precision, benign flagged at most
  // (null: the batch holds no concerns of that kind, so there is nothing to measure)
  ['generalisation-1.jsonl', 0.92, 0.91, 0.95, 0.93, 0.97, 0.08],
  ['generalisation-2.jsonl', 0.94, 0.82, 0.9, 0.9, 0.76, 0.2],
  ['generalisation-3.jsonl', 0.9, 0.77, 0.83, 0.95, 0.85, 0.23],
  ['generalisation-4.jsonl', 0.9, 0.74, 0.9, 0.89, 0.88, 0.17],
  ['generalisation-5.jsonl', 0.9, 0.82, 0.9, null, null, 0.25],
  ['generalisation-6.jsonl', 0.76, 0.75, 0.5, null, null, 0.36],
  ['generalisation-7.jsonl', 0.73, 0.74, 0.58, null, null, 0.5],
  ['generalisation-8.jsonl', 0.93, 0.87, 0.94, 0.87, 0.75, 0.04],
  ['generalisation-9.jsonl', 0.96, 0.9, 0.9, 0.88, 0.83, 0.05],
  ['generalisation-10.jsonl', 0.97, 0.87, 0.91, 0.94, 0.85, 0.06],
  ['generalisation-11.jsonl', 0.92, 0.69, 0.96, 0.9, 0.79, 0.2],
  ['generalisation-12.jsonl', 0.97, 0.79, 0.94, 0.93, 0.88, 0.09],
  ['generalisation-13.jsonl', 0.93, 0.86, 0.91, 0.85, 0.88, 0.08],
  ['generalisation-14.jsonl', 0.92, 0.85, 0.91, 0.92, 0.8, 0.06],
  ['generalisation-17.jsonl', 0.94, 0.73, 0.93, 0.93, 0.84, 0.095],
  ['generalisation-18.jsonl', 0.95, 0.83, 0.94, 0.91, 0.7, 0.07],
  ['generalisation-19.jsonl', 0.98, 0.84, 0.98, 0.9, 0.66, 0.06],
  ['generalisation-20.jsonl', 0.89, 0.86, 0.93, 0.79, 0.87, 0.055],
  ['generalisation-21.jsonl', 0.97, 0.8, 0.98, 0.88, 0.66, 0.08],
  ['generalisation-22.jsonl', 0.96, 0.83, 0.96, 0.9, 0.79, 0.05],
  ['generalisation-23.jsonl', 0.9, 0.87, 0.89, 0.88, 0.72, 0.05],
  // ordinary posts: pupils' everyday posts, and replies of a few words, most of them harmless
  ['generalisation-15.jsonl', 0.98, 0.59, 0.98, null, null, 0.12],
  ['generalisation-16.jsonl', 0.9, 0.68, 0.92, 0.9, 0.73, 0.06],
  ['tuning-1.jsonl', 0.98, 0.96, 0.97, 0.98, 0.94, 0.05],
  ['tuning-2.jsonl', 0.98, 0.97, 0.98, null, null, 0.06],
  ['tuning-3.jsonl', 0.98, 0.88, 0.92, null, null, 0.08],
  ['tuning-4.jsonl', 0.98, 0.93, 0.98, null, null, 0.09],
  // benign probes only (hyperbole and everyday posts that share words with the self-harm patterns)
  ['tuning-5.jsonl', null, null, null, null, null, 0.12],
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
