import { describe, expect, it } from 'vitest';
import type { Analysis, Hit } from '../../shared/score/analysis.js';
import { analyse } from '../../shared/score/normalise.js';
import { escalationFamily } from '../../shared/score/rules/escalation.js';

const breach = (severity: number): Hit => ({ category: 'data_breach', severity, rule: 'test:breach', match: 'leaked', from: 0, to: 1, phrase: 'leaked' });

const escalate = (text: string, hits: Hit[]): Hit[] => {
  const a: Analysis = { ...analyse(text), context: {}, masked: new Uint8Array(0), cues: new Map(), classes: new Map(), hits };
  escalationFamily.apply(a);
  return a.hits;
};

describe('escalation across categories', () => {
  const text = "the school leaked every pupil's medical records";

  it("reads a breach of pupils' records as their exposure", () => {
    expect(escalate(text, [breach(2)]).filter((h) => h.category === 'exposure')).toEqual([
      expect.objectContaining({ rule: 'escalation:pupil_data_in_breach', severity: 2 }),
    ]);
  });

  it('leaves a breach found only at low (worth a glance) alone: it does not say data is out', () => {
    expect(escalate(text, [breach(1)]).filter((h) => h.category === 'exposure')).toEqual([]);
  });
});
