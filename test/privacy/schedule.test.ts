import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Retention } from '../../shared/config/schema.js';
import { caseExpiry, caseRecordType, evidenceLockedUntil, retentionSchedule, scheduleMarkdown } from '../../shared/privacy/schedule.js';
import { matchSubject, normaliseHandle, subjectRef } from '../../shared/privacy/subject.js';
import type { Case } from '../../shared/cases/case.js';

const defaults = Retention.parse(undefined);
const DAY = 86_400;
const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const kase = (sg: number, status: Case['status'], statusAt?: string) =>
  ({ safeguarding: { severity: sg, categories: sg ? ['self_harm'] : [] }, status, createdAt: '2026-01-01T00:00:00.000Z', statusAt }) as Pick<Case, 'safeguarding' | 'status' | 'createdAt' | 'statusAt'>;

describe('retention schedule', () => {
  it('keeps the documented defaults', () => {
    expect(defaults).toMatchObject({ mentionDays: 30, statsDays: 730, caseYears: 25, reputationalCaseYears: 6, noActionCaseDays: 365, evidenceDays: 2555, auditYears: 25, objectLockMode: 'GOVERNANCE' });
  });

  it('gives every record type a period, a reason, a source and what enforces it', () => {
    const lines = retentionSchedule(defaults);
    expect(lines.map((l) => l.recordType)).toEqual(['mention_content', 'mention_stats', 'case_safeguarding', 'case_reputational', 'case_no_action', 'evidence', 'audit']);
    for (const l of lines) for (const field of [l.reason, l.source, l.enforcedBy, l.period]) expect(field.length).toBeGreaterThan(3);
    expect(lines.find((l) => l.recordType === 'case_safeguarding')?.source).toMatch(/IRMS/);
  });

  it.each([
    [{ evidenceDays: 2555, evidencePeriodDays: 2555 }, true],
    [{ evidenceDays: 3650, evidencePeriodDays: 2555 }, true],
    [{ evidenceDays: 2000, evidencePeriodDays: 2555 }, false],
  ])('accepts Object Lock of %o only when it is at least the evidence period (%s)', (retention, ok) => {
    const parsed = Retention.safeParse(retention);
    expect(parsed.success).toBe(ok);
    if (!ok) expect(parsed.error?.issues[0]?.message).toMatch(/raise evidenceDays/);
  });

  it.each([
    ['an open safeguarding case', kase(3, 'new'), 'case_safeguarding', at('2026-01-01T00:00:00.000Z') + Math.round(25 * 365.25 * DAY)],
    ['a resolved safeguarding case', kase(3, 'resolved', '2026-03-01T00:00:00.000Z'), 'case_safeguarding', at('2026-01-01T00:00:00.000Z') + Math.round(25 * 365.25 * DAY)],
    ['an open reputational case', kase(0, 'reported_to_platform', '2026-02-01T00:00:00.000Z'), 'case_reputational', at('2026-01-01T00:00:00.000Z') + Math.round(25 * 365.25 * DAY)],
    ['a resolved reputational case', kase(0, 'resolved', '2026-03-01T00:00:00.000Z'), 'case_reputational', at('2026-03-01T00:00:00.000Z') + Math.round(6 * 365.25 * DAY)],
    ['a reputational case closed as no action', kase(0, 'no_action', '2026-03-01T00:00:00.000Z'), 'case_no_action', at('2026-03-01T00:00:00.000Z') + 365 * DAY],
  ])('expires %s on the schedule for its outcome', (_name, c, type, expected) => {
    expect(caseRecordType(c)).toBe(type);
    expect(caseExpiry(c, defaults)).toBe(expected);
  });

  it('models the Object Lock end from the capture time, and prefers a later date the store reports', () => {
    const modelled = evidenceLockedUntil('2026-01-01T00:00:00.000Z', defaults);
    expect(modelled.toISOString()).toBe(new Date(Date.parse('2026-01-01T00:00:00.000Z') + 2555 * DAY * 1000).toISOString());
    const later = new Date('2040-01-01T00:00:00.000Z');
    expect(evidenceLockedUntil('2026-01-01T00:00:00.000Z', defaults, later)).toEqual(later);
  });
});

describe('finding a subject', () => {
  const post = { platform: 'x' as const, title: undefined, text: 'share this video of jessica  MORLEY from Year 8', author: '@Yr8Banter' };
  it.each([
    [{ author: 'yr8banter' }, { byAuthor: true, byName: false }],
    [{ author: '@YR8BANTER', platform: 'x' as const }, { byAuthor: true, byName: false }],
    [{ author: '@yr8banter', platform: 'reddit' as const }, { byAuthor: false, byName: false }],
    [{ author: '@someone', name: 'Jessica Morley' }, { byAuthor: false, byName: true }],
    [{ author: '@someone', name: 'Jess Morley' }, { byAuthor: false, byName: false }],
    [{ author: '@yr8bant' }, { byAuthor: false, byName: false }],
  ])('matches %o as %o', (subject, expected) => {
    expect(matchSubject(post, subject)).toEqual(expected);
  });

  it('gives the same pseudonym to the same handle however it is written, and none of the handle', () => {
    expect(normaliseHandle(' @Quiet_One_07 ')).toBe('quiet_one_07');
    expect(subjectRef({ author: '@Quiet_One_07' })).toBe(subjectRef({ author: 'quiet_one_07' }));
    expect(subjectRef({ author: '@Quiet_One_07' })).not.toContain('quiet');
  });
});

describe('docs/data-protection.md', () => {
  it('carries the retention table generated from the default schedule', () => {
    const doc = readFileSync('docs/data-protection.md', 'utf8');
    const table = doc.split('<!-- retention-table:start -->\n')[1]?.split('\n<!-- retention-table:end -->')[0];
    expect(table).toBe(scheduleMarkdown(defaults));
  });
});
