import { describe, expect, it } from 'vitest';
import type { Analysis, Hit } from '../../shared/score/analysis.js';
import { analyse } from '../../shared/score/normalise.js';
import { escalationFamily } from '../../shared/score/rules/escalation.js';
import { CLASSIFIER_DROP } from '../../shared/score/rules/model.js';

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

  it.each([
    ['a laptop lost with them on it', "a teacher's laptop with pupil records on it was left on a train", 1],
    ['one report sent to the wrong family', "my son's report was sent to another family", 1],
    ['records in criminals\' hands', 'hackers claim to have stolen pupil records from the trust', 2],
    ['a spreadsheet sent to every parent', 'every parent in year 8 was emailed a spreadsheet of the kids in the class', 2],
    ['home addresses', 'a list of pupils with their home addresses went to the wrong school', 2],
  ])("reads pupils' data in a breach (%s) as exposure at %i", (_name, text, severity) => {
    expect(escalate(text, [breach(2)]).filter((h) => h.category === 'exposure')).toEqual([
      expect.objectContaining({ rule: 'escalation:pupil_data_in_breach', severity }),
    ]);
  });

  it('leaves a breach found only at low (worth a glance) alone: it does not say data is out', () => {
    expect(escalate(text, [breach(1)]).filter((h) => h.category === 'exposure')).toEqual([]);
  });

  describe('a concern the school is said to have left alone', () => {
    const text = 'year 9 getting battered every day and the teachers just walk past';
    const concern: Hit = { category: 'bullying', severity: 3, rule: 'test:bullying', match: 'battered', from: 3, to: 4, phrase: 'battered' };
    const inaction = (dropped?: string): Hit => ({ category: 'complaint', severity: 1, rule: 'pattern:complaint.staff_inaction', match: 'teachers just walk past', from: 8, to: 12, phrase: 'x', dropped });
    const complaints = (hits: Hit[]) => escalate(text, hits).filter((h) => h.category === 'complaint' && !h.dropped).map((h) => [h.rule, h.severity]);

    it('is a complaint about the school, at case level', () => {
      expect(complaints([concern, inaction()])).toContainEqual(['escalation:concern_not_acted_on', 2]);
    });

    it('is a complaint even where the classifier dropped the words', () => {
      expect(complaints([concern, inaction(CLASSIFIER_DROP)])).toContainEqual(['escalation:concern_not_acted_on', 2]);
    });

    it('is not one without a concern about a child, or where another rule ruled the words out', () => {
      expect(complaints([inaction()])).toEqual([['pattern:complaint.staff_inaction', 1]]);
      expect(complaints([concern, inaction('negated')])).toEqual([]);
    });
  });
});
