import { describe, expect, it } from 'vitest';
import type { Analysis, Hit } from '../../shared/score/analysis.js';
import { analyse } from '../../shared/score/normalise.js';
import { corroborationFamily } from '../../shared/score/rules/corroboration.js';

const hit = (phrase: string, severity: number, from: number, weak?: true): Hit => ({ category: 'complaint', severity, rule: `test:${phrase}`, match: phrase, from, to: from + 1, phrase, weak });

const corroborate = (hits: Hit[]): Hit[] => {
  const a: Analysis = { ...analyse('one two three four five six'), context: {}, masked: new Uint8Array(0), cues: new Map(), classes: new Map(), hits };
  corroborationFamily.apply(a);
  return a.hits;
};

describe('corroboration of ambiguous words', () => {
  it('drops an ambiguous word nothing else backs', () => {
    expect(corroborate([hit('avoid', 2, 0, true)])[0].dropped).toMatch(/uncorroborated/);
  });

  it('keeps an ambiguous word at its severity when a case-level finding of its category backs it', () => {
    const [weak] = corroborate([hit('avoid', 2, 0, true), hit('formal complaint', 2, 3)]);
    expect(weak).toMatchObject({ severity: 2 });
    expect(weak.dropped).toBeUndefined();
  });

  it('keeps an ambiguous word backed only by a low finding, at low: a grumble does not make it a case', () => {
    const [weak] = corroborate([hit('too much', 2, 0, true), hit('one supplier', 1, 3)]);
    expect(weak).toMatchObject({ severity: 1 });
    expect(weak.dropped).toBeUndefined();
  });
});
