import type { LabelledItem } from '../evaluate.js';
import type { RuleFamily } from '../analysis.js';
import { ruleFeatures } from '../rules/model.js';
import { createScorer } from '../scorer.js';
import type { Category, Scorer } from '../types.js';
import { isSafeguarding, REPUTATIONAL_CATEGORIES, SAFEGUARDING_CATEGORIES } from '../categories.js';
import { AXIS_HEADS, HIGH_HEAD } from './classifier.js';
import { featuresOf } from './features.js';
import type { Example } from './train.js';

/** The classifier's heads: one per category, whether a safeguarding concern is high, and whether each axis has any concern. */
export const HEADS: string[] = [...SAFEGUARDING_CATEGORIES, ...REPUTATIONAL_CATEGORIES, HIGH_HEAD, AXIS_HEADS.safeguarding, AXIS_HEADS.reputational];

/** One sentence of shared/score/model/training/own-sentences.jsonl: a single category it must reach, or benign. */
export interface TargetedSentence {
  text: string;
  axis?: 'safeguarding' | 'reputational';
  category?: string;
  atLeast?: number;
  benign?: boolean;
}

/**
 * A post's features as the classifier sees them in the scorer: its words, and what the hand-written
 * rules found (rules/model.ts). The rules run here exactly as they do before the model family.
 */
export function postFeatures(text: string, platform?: string): number[] {
  recorded = [];
  (rulesOnly ??= createScorer({ model: recorder })).score(text, { platform });
  return recorded;
}

let recorded: number[] = [];
const recorder: RuleFamily = {
  name: 'model',
  apply(a) {
    recorded = [...featuresOf(a.tokens).ids, ...ruleFeatures(a)];
  },
};
let rulesOnly: Scorer | undefined;

/**
 * A labelled post as targets. A category counts when its axis is at severity 2 or more (a case);
 * a category at severity 1 ("worth a glance") is neither taught as a concern nor as harmless.
 */
export function exampleFromLabelled(item: LabelledItem): Example {
  const target = (axis: { severity: number; categories: readonly string[] }, category: string): 0 | 1 | null =>
    !axis.categories.includes(category) ? 0 : axis.severity >= 2 ? 1 : null;
  return {
    features: postFeatures(item.text, item.source),
    targets: HEADS.map((head) => {
      if (head === HIGH_HEAD) return item.safeguarding.severity >= 3 ? 1 : 0;
      if (head === AXIS_HEADS.safeguarding) return item.safeguarding.severity >= 2 ? 1 : 0;
      if (head === AXIS_HEADS.reputational) return item.reputational.severity >= 2 ? 1 : 0;
      return isSafeguarding(head as Category) ? target(item.safeguarding, head) : target(item.reputational, head);
    }),
  };
}

/**
 * A sentence written to test one category: that category is a concern, the others are taken as
 * absent (each sentence was written for one). Whether it is high is known only for a safeguarding
 * sentence that must reach 3; the axis heads only for the axis it tests.
 */
export function exampleFromTargeted(s: TargetedSentence): Example {
  return {
    features: postFeatures(s.text),
    targets: HEADS.map((head) => {
      if (s.benign) return 0;
      if (head === HIGH_HEAD) return s.axis === 'safeguarding' ? ((s.atLeast ?? 0) >= 3 ? 1 : null) : null;
      if (head === AXIS_HEADS.safeguarding) return s.axis === 'safeguarding' ? 1 : null;
      if (head === AXIS_HEADS.reputational) return s.axis === 'reputational' ? 1 : null;
      return head === s.category ? 1 : 0;
    }),
  };
}
