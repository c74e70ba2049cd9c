import { strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildSubjectExport } from '../../shared/privacy/export.js';
import { makeCase } from '../digest/cases.js';

describe('the subject access index', () => {
  it("names each case's concerns and, marked low, the categories only noted", () => {
    const c = makeCase({
      author: '@concerned_parent',
      safeguarding: { severity: 1, categories: [], noted: ['bullying'] },
      reputational: { severity: 2, categories: ['complaint'] },
      severity: 2,
    });
    const built = buildSubjectExport({
      subject: { author: 'concerned_parent' },
      generatedAt: '2026-11-24T09:00:00Z',
      generatedBy: 'os-user:dpo',
      trustName: 'Northbrook Academies Trust',
      mentions: [],
      stats: [],
      cases: [{ case: c, audit: [], evidence: [] }],
    });
    expect(strFromU8(built.files['index.txt']!)).toContain('Concern: safeguarding 1 (bullying (low)), reputational 2 (complaint).');
  });
});
