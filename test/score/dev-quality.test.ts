import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVAL_SET, inHalf, readLabelledSet } from '../../cli/commands/eval.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { createMatcher } from '../../shared/match/matcher.js';
import { evaluate, qualityBarFailures, type Prediction } from '../../shared/score/evaluate.js';
import { createScorer } from '../../shared/score/scorer.js';

/**
 * Regression gate: the scorer over the labelled dev set must stay at the quality bar.
 * The set lives outside the repo (../shared/eval); without it this test is skipped, not passed.
 */
describe.skipIf(!existsSync(DEFAULT_EVAL_SET))('quality on the labelled dev set', () => {
  const items = existsSync(DEFAULT_EVAL_SET) ? readLabelledSet(DEFAULT_EVAL_SET) : [];
  const config = loadTrustConfig('config/example.trust.yaml');
  const scorer = createScorer({ extraLexicon: config.lexicon });
  const matcher = createMatcher(config);
  const predict = (half: 'all' | 'odd' | 'even') => {
    const subset = items.filter((i) => inHalf(i.id, half));
    const predictions: Prediction[] = subset.map((i) => ({ id: i.id, academies: matcher.match(i.text).entityIds, score: scorer.score(i.text, { platform: i.source }) }));
    return evaluate(subset, predictions);
  };

  // Every figure meets the bar since the ninth pass (docs/scoring.md). Before it, reputational recall (87.5%)
  // and complaint recall (70%) did not: the classifier vetoed complaints of a school's inaction in pupils'
  // disclosures, which escalation now keeps.
  it('meets every threshold of the quality bar', () => {
    expect(qualityBarFailures(predict('all'))).toEqual([]);
  });

  it.each(['odd', 'even'] as const)('keeps safeguarding recall at severity 2+ at or above 0.95 on the %s half', (half) => {
    expect(predict(half).safeguarding.recall.value).toBeGreaterThanOrEqual(0.95);
  });
});
