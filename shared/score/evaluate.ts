import { z } from 'zod';
import { ReputationalCategory, SafeguardingCategory, type Category, type Score } from './types.js';

/**
 * Scorer quality on a labelled set (the format of shared/eval/*.jsonl, see GUIDE.md). Pure:
 * takes labels and predictions, returns figures; the eval command and the regression test
 * both use it, so the numbers in the docs are the numbers the test enforces.
 */

const axis = <C extends z.ZodType>(category: C) =>
  z.object({ severity: z.number().int().min(0).max(4), categories: z.array(category).default([]) });

export const LabelledItem = z.object({
  id: z.string().min(1),
  source: z.string().optional(),
  text: z.string(),
  academies: z.array(z.string()).default([]),
  safeguarding: axis(SafeguardingCategory),
  reputational: axis(ReputationalCategory),
  note: z.string().optional(),
});
export type LabelledItem = z.infer<typeof LabelledItem>;

export interface Prediction {
  id: string;
  academies: string[];
  /** What the CLI writes per axis: the eval reads severities and categories only. */
  score: {
    safeguarding: Pick<Score['safeguarding'], 'severity' | 'categories'>;
    reputational: Pick<Score['reputational'], 'severity' | 'categories'>;
  };
}

export interface Ratio {
  hits: number;
  total: number;
  /** hits / total, or 1 when there is nothing to count (no items of that kind). */
  value: number;
}

export interface CategoryFigures {
  category: Category;
  precision: Ratio;
  recall: Ratio;
}

export interface Evaluation {
  items: number;
  safeguarding: { precision: Ratio; recall: Ratio };
  reputational: { precision: Ratio; recall: Ratio };
  /** Items labelled safeguarding >= 3 that the scorer put at >= 3. */
  highFlaggedHigh: Ratio;
  /** Items labelled 0 on both axes that the scorer flagged (>= 2 on either axis). */
  benignFlagged: Ratio;
  categories: CategoryFigures[];
  academiesExact: Ratio;
}

/** A case is severity 2 and above (the config default `caseSeverity`). */
export const FLAG = 2;
export const HIGH = 3;

const ratio = (hits: number, total: number): Ratio => ({ hits, total, value: total === 0 ? 1 : hits / total });

function precisionRecall(pairs: [boolean, boolean][]): { precision: Ratio; recall: Ratio } {
  let tp = 0;
  let predicted = 0;
  let actual = 0;
  for (const [label, guess] of pairs) {
    if (label) actual++;
    if (guess) predicted++;
    if (label && guess) tp++;
  }
  return { precision: ratio(tp, predicted), recall: ratio(tp, actual) };
}

const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

export function evaluate(items: LabelledItem[], predictions: Prediction[]): Evaluation {
  const byId = new Map(predictions.map((p) => [p.id, p]));
  const pairs = items.map((item) => {
    const p = byId.get(item.id);
    if (!p) throw new Error(`No prediction for labelled item "${item.id}": score every item before evaluating.`);
    return { item, p };
  });
  const categories: CategoryFigures[] = [...SafeguardingCategory.options, ...ReputationalCategory.options].map((category) => {
    const figures = precisionRecall(
      pairs.map(({ item, p }) => [
        (item.safeguarding.categories as Category[]).includes(category) || (item.reputational.categories as Category[]).includes(category),
        (p.score.safeguarding.categories as Category[]).includes(category) || (p.score.reputational.categories as Category[]).includes(category),
      ]),
    );
    return { category, ...figures };
  });
  const high = pairs.filter(({ item }) => item.safeguarding.severity >= HIGH);
  const benign = pairs.filter(({ item }) => item.safeguarding.severity === 0 && item.reputational.severity === 0);
  return {
    items: items.length,
    safeguarding: precisionRecall(pairs.map(({ item, p }) => [item.safeguarding.severity >= FLAG, p.score.safeguarding.severity >= FLAG])),
    reputational: precisionRecall(pairs.map(({ item, p }) => [item.reputational.severity >= FLAG, p.score.reputational.severity >= FLAG])),
    highFlaggedHigh: ratio(high.filter(({ p }) => p.score.safeguarding.severity >= HIGH).length, high.length),
    benignFlagged: ratio(
      benign.filter(({ p }) => p.score.safeguarding.severity >= FLAG || p.score.reputational.severity >= FLAG).length,
      benign.length,
    ),
    categories,
    academiesExact: ratio(pairs.filter(({ item, p }) => sameSet(item.academies, p.academies)).length, pairs.length),
  };
}

/** The quality bar of issue 4. Each failure is a sentence naming the figure and the target. */
export function qualityBarFailures(e: Evaluation): string[] {
  const failures: string[] = [];
  const need = (name: string, r: Ratio, min: number, atMost = false): void => {
    const ok = atMost ? r.value <= min : r.value >= min;
    if (!ok) failures.push(`${name} is ${pct(r)}, needs ${atMost ? '<=' : '>='} ${(min * 100).toFixed(0)}%`);
  };
  need('safeguarding recall at severity >= 2', e.safeguarding.recall, 0.95);
  need('safeguarding precision at severity >= 2', e.safeguarding.precision, 0.85);
  need('labelled severity >= 3 flagged at >= 3', e.highFlaggedHigh, 0.9);
  need('reputational recall at severity >= 2', e.reputational.recall, 0.9);
  need('reputational precision at severity >= 2', e.reputational.precision, 0.8);
  need('benign items flagged', e.benignFlagged, 0.05, true);
  for (const c of e.categories) if (c.recall.total > 0) need(`${c.category} recall`, c.recall, 0.8);
  return failures;
}

export const pct = (r: Ratio): string => `${(r.value * 100).toFixed(1)}% (${r.hits}/${r.total})`;

/** A plain-text report for people: one line per figure. */
export function formatEvaluation(e: Evaluation): string {
  const lines = [
    `items: ${e.items}`,
    `safeguarding  precision ${pct(e.safeguarding.precision)}  recall ${pct(e.safeguarding.recall)}  (severity >= ${FLAG})`,
    `reputational  precision ${pct(e.reputational.precision)}  recall ${pct(e.reputational.recall)}  (severity >= ${FLAG})`,
    `labelled safeguarding >= 3 flagged at >= 3: ${pct(e.highFlaggedHigh)}`,
    `benign items (0/0) flagged at >= ${FLAG}: ${pct(e.benignFlagged)}`,
    `academies matched exactly: ${pct(e.academiesExact)}`,
    '',
    'category          precision            recall',
    ...e.categories.map((c) => `${c.category.padEnd(16)}  ${pct(c.precision).padEnd(19)}  ${pct(c.recall)}`),
  ];
  return lines.join('\n');
}
