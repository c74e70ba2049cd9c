import { describe, expect, it } from 'vitest';
import { categoryLexicons, checkLexiconFile } from '../../shared/score/lexicon.js';
import { PhraseSet } from '../../shared/score/phrases.js';

const valid = { category: 'substances', axis: 'safeguarding', about: 'x', rules: [{ rule: 'local', severity: 3, phrases: ['plug'] }] };
const withRule = (rule: Record<string, unknown>) => ({ ...valid, rules: [{ ...valid.rules[0], ...rule }] });

describe('lexicon files', () => {
  it('covers every category once', () => {
    expect(categoryLexicons.map((l) => l.category).sort()).toEqual(
      ['abuse', 'allegation', 'bullying', 'complaint', 'data_breach', 'exposure', 'grooming', 'hostility', 'impersonation',
        'inspection', 'legal', 'media', 'missing', 'radicalisation', 'self_harm', 'sexual', 'substances', 'violence'],
    );
  });

  it('holds only phrases the matcher accepts', () => {
    const set = new PhraseSet<true>();
    for (const l of categoryLexicons) for (const r of l.rules) for (const p of r.phrases) expect(() => set.add(p, true)).not.toThrow();
  });

  it.each([
    ['an unknown category', { ...valid, category: 'drugs' }, /"category": "drugs" is not a category/],
    ['the wrong axis', { ...valid, axis: 'reputational' }, /substances belongs to the safeguarding axis/],
    ['a severity of 5', withRule({ severity: 5 }), /rules\.0\.severity/],
    ['no phrases', withRule({ phrases: [] }), /rules\.0\.phrases/],
    ['an unknown cue', withRule({ near: 'teachers' }), /rules\.0\.near/],
    ['a bad weak flag', withRule({ weak: 'yes' }), /rules\.0\.weak/],
    ['a capitalised rule name', withRule({ rule: 'Local' }), /rules\.0\.rule/],
  ])('rejects %s, naming the file and field', (_name, json, message) => {
    expect(() => checkLexiconFile(json, 'substances.json')).toThrow(message);
    expect(() => checkLexiconFile(json, 'substances.json')).toThrow(/substances\.json/);
  });

  it('accepts a well-formed file', () => {
    expect(checkLexiconFile(valid, 'substances.json').rules[0].phrases).toEqual(['plug']);
  });
});
