import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inHalf, readLabelledSet } from '../../cli/commands/eval.js';
import { scoreLine } from '../../cli/commands/score.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { createMatcher } from '../../shared/match/matcher.js';
import { createScorer } from '../../shared/score/scorer.js';
import { tempDir } from '../support/temp.js';

const config = loadTrustConfig('config/example.trust.yaml');
const matcher = createMatcher(config);
const scorer = createScorer({ extraLexicon: config.lexicon });

describe('mention-monitor score', () => {
  it('writes the id, academies, both axes and the reasons for a line', () => {
    const { output } = scoreLine('{"id":"m1","text":"kms before the year 10 mocks at Northbrook Academy","source":"x"}', 1, matcher, scorer);
    expect(JSON.parse(output ?? '')).toEqual({
      id: 'm1',
      academies: ['northbrook'],
      safeguarding: { severity: 3, categories: ['self_harm'] },
      reputational: { severity: 0, categories: [] },
      reasons: [{ category: 'self_harm', rule: 'lexicon:self_harm.slang', match: 'kms' }],
    });
  });

  it.each([
    ['not JSON', 'not json', /line 7: not valid JSON/],
    ['missing text', '{"id":"a"}', /line 7: "text"/],
    ['missing id', '{"text":"hello"}', /line 7: "id"/],
    ['text of the wrong type', '{"id":"a","text":42}', /line 7: "text"/],
  ])('reports %s with the line number and carries on', (_name, line, message) => {
    const result = scoreLine(line, 7, matcher, scorer);
    expect(result.output).toBeUndefined();
    expect(result.error).toMatch(message);
  });
});

describe('mention-monitor eval input', () => {
  const dir = tempDir('score-eval-');

  it('names the line of a malformed labelled item', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"id":"a","text":"x","safeguarding":{"severity":0},"reputational":{"severity":0}}\n{"id":"b","text":"y"}\n');
    expect(() => readLabelledSet(file)).toThrow(/line 2: "safeguarding"/);
  });

  it('says how to fix a missing file', () => {
    expect(() => readLabelledSet(join(dir, 'nope.jsonl'))).toThrow(/check the path given with --input/);
  });

  it.each([
    ['d0001', 'odd', true],
    ['d0002', 'odd', false],
    ['d0002', 'even', true],
    ['d0003', 'all', true],
  ] as const)('puts %s in the %s half: %s', (id, half, expected) => {
    expect(inHalf(id, half)).toBe(expected);
  });
});
