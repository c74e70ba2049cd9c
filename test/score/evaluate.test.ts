import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation, qualityBarFailures, type LabelledItem, type Prediction } from '../../shared/score/evaluate.js';
import type { ReputationalCategory, SafeguardingCategory, Severity } from '../../shared/score/types.js';

const item = (id: string, s: number, sc: SafeguardingCategory[], r = 0, rc: ReputationalCategory[] = [], academies = ['northbrook']): LabelledItem => ({
  id,
  text: id,
  academies,
  safeguarding: { severity: s, categories: sc },
  reputational: { severity: r, categories: rc },
});
const guess = (id: string, s: number, sc: SafeguardingCategory[], r = 0, rc: ReputationalCategory[] = [], academies = ['northbrook']): Prediction => ({
  id,
  academies,
  score: { safeguarding: { severity: s as Severity, categories: sc }, reputational: { severity: r as Severity, categories: rc } },
});

// Four labelled items, hand-checked: one hit, one missed, one false alarm on a benign item, one benign left alone.
const labels = [
  item('a', 3, ['self_harm']),
  item('b', 2, ['violence'], 2, ['complaint']),
  item('c', 0, []),
  item('d', 0, [], 0, [], []),
];
const predictions = [
  guess('a', 3, ['self_harm']),
  guess('b', 1, [], 2, ['complaint']),
  guess('c', 2, ['violence']),
  guess('d', 0, [], 0, [], ['riverside']),
];
const result = evaluate(labels, predictions);

describe('scorer metrics', () => {
  it('counts safeguarding precision and recall at severity 2 and above', () => {
    expect(result.safeguarding.recall).toEqual({ hits: 1, total: 2, value: 0.5 });
    expect(result.safeguarding.precision).toEqual({ hits: 1, total: 2, value: 0.5 });
  });

  it('counts reputational precision and recall separately', () => {
    expect(result.reputational.recall.value).toBe(1);
    expect(result.reputational.precision.value).toBe(1);
  });

  it('counts labelled severity 3+ items the scorer also put at 3+', () => {
    expect(result.highFlaggedHigh).toEqual({ hits: 1, total: 1, value: 1 });
  });

  it('counts benign items flagged on either axis', () => {
    expect(result.benignFlagged).toEqual({ hits: 1, total: 2, value: 0.5 });
  });

  it.each([
    ['self_harm', 1, 1],
    ['violence', 0, 0],
    ['complaint', 1, 1],
  ] as const)('gives %s its own precision and recall', (category, precision, recall) => {
    const figures = result.categories.find((c) => c.category === category);
    expect(figures?.precision.value).toBe(precision);
    expect(figures?.recall.value).toBe(recall);
  });

  it('counts a category with nothing labelled or predicted as 1, not a division by zero', () => {
    expect(result.categories.find((c) => c.category === 'missing')?.recall).toEqual({ hits: 0, total: 0, value: 1 });
  });

  it('compares academies as sets', () => {
    const e = evaluate([item('x', 0, [], 0, [], ['trust', 'millfield'])], [guess('x', 0, [], 0, [], ['millfield', 'trust'])]);
    expect(e.academiesExact.value).toBe(1);
    expect(result.academiesExact).toEqual({ hits: 3, total: 4, value: 0.75 });
  });

  it('lists every figure below the quality bar as a sentence', () => {
    const failures = qualityBarFailures(result);
    expect(failures).toContain('safeguarding recall at severity >= 2 is 50.0% (1/2), needs >= 95%');
    expect(failures).toContain('benign items flagged is 50.0% (1/2), needs <= 5%');
    expect(failures).toContain('violence recall is 0.0% (0/1), needs >= 80%');
    expect(failures.some((f) => f.startsWith('reputational'))).toBe(false);
  });

  it('refuses to evaluate an item that was not scored', () => {
    expect(() => evaluate(labels, predictions.slice(1))).toThrow(/"a"/);
  });

  it('prints a report a person can read', () => {
    expect(formatEvaluation(result)).toMatch(/safeguarding {2}precision 50\.0% \(1\/2\) {2}recall 50\.0% \(1\/2\)/);
  });
});
