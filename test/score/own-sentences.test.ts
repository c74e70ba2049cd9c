import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TargetedSentence } from '../../shared/score/model/training-set.js';
import { createScorer } from '../../shared/score/scorer.js';

/**
 * Sentences written for the scorer's own checks, not taken from shared/eval: slang, evasion,
 * indirect wording and benign posts full of alarming words. Each batch was first scored before
 * the lexicons were extended (see docs/scoring.md for those figures); this keeps them fixed.
 */
const sentences: TargetedSentence[] = readFileSync(new URL('../../shared/score/model/training/own-sentences.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as TargetedSentence);
const scorer = createScorer();

/**
 * Benign sentences the scorer gets wrong, each with why. They are trained on like the rest; the
 * classifier still reads them as concerns, and `it.fails` reports when one is put right.
 */
const KNOWN_FALSE_ALARMS = new Map([
  [
    "My son wears long sleeves in PE because of his eczema, St Aidan's have been very understanding",
    'long sleeves in PE is a self-harm sign in many training posts; nothing general tells a medical reason from a cover story (since the word clusters, docs/scoring.md)',
  ],
]);

describe('own test sentences', () => {
  it.each(sentences.filter((s) => !s.benign).map((s) => [s.category, s.text, s] as const))('flags %s in "%s"', (_c, text, s) => {
    const axis = scorer.score(text)[s.axis ?? 'safeguarding'];
    expect(axis.categories).toContain(s.category);
    expect(axis.severity).toBeGreaterThanOrEqual(s.atLeast ?? 2);
  });

  const belowACase = (text: string) => {
    const score = scorer.score(text);
    expect(Math.max(score.safeguarding.severity, score.reputational.severity)).toBeLessThan(2);
  };
  it.each(sentences.filter((s) => s.benign && !KNOWN_FALSE_ALARMS.has(s.text)).map((s) => [s.text] as const))('leaves "%s" below a case', belowACase);
  it.fails.each([...KNOWN_FALSE_ALARMS])('still flags "%s" (known: %s)', (text) => belowACase(text));
});
