import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createScorer } from '../../shared/score/scorer.js';

/**
 * Sentences written for the scorer's own checks, not taken from shared/eval: slang, evasion,
 * indirect wording and benign posts full of alarming words. Each batch was first scored before
 * the lexicons were extended (see docs/scoring.md for those figures); this keeps them fixed.
 */
interface Sentence {
  text: string;
  benign?: boolean;
  axis?: 'safeguarding' | 'reputational';
  category?: string;
  atLeast?: number;
}

const sentences: Sentence[] = readFileSync(new URL('../../shared/score/model/training/own-sentences.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Sentence);
const scorer = createScorer();

describe('own test sentences', () => {
  it.each(sentences.filter((s) => !s.benign).map((s) => [s.category, s.text, s] as const))('flags %s in "%s"', (_c, text, s) => {
    const axis = scorer.score(text)[s.axis ?? 'safeguarding'];
    expect(axis.categories).toContain(s.category);
    expect(axis.severity).toBeGreaterThanOrEqual(s.atLeast ?? 2);
  });

  it.each(sentences.filter((s) => s.benign).map((s) => [s.text] as const))('leaves "%s" below a case', (text) => {
    const score = scorer.score(text);
    expect(Math.max(score.safeguarding.severity, score.reputational.severity)).toBeLessThan(2);
  });
});
