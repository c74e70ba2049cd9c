import type { Case } from '../../shared/cases/case.js';
import { caseIdFor } from '../../shared/cases/case.js';
import type { Score } from '../../shared/score/types.js';
import type { Mention } from '../../shared/sources/mention.js';

/** A fixed "now" for every privacy test, so retention dates are exact. */
export const NOW = new Date('2026-11-24T09:00:00.000Z');
export const daysAgo = (n: number): string => new Date(NOW.getTime() - n * 86_400_000).toISOString();

/** The fixture author: a parent who posts about two academies of the fictional trust (see shared/eval/GUIDE.md). */
export const AUTHOR = '@Concerned_Parent_NB';

export const mention = (slug: string, author: string, text: string, fetchedAt: string, platform: Mention['platform'] = 'x'): Mention => ({
  id: `${platform}:${slug}`,
  platform,
  sourceId: platform,
  url: `https://x.example/${author.replace('@', '')}/status/${slug}`,
  text,
  author,
  publishedAt: fetchedAt,
  fetchedAt,
  media: { image: false, video: false },
  raw: { id: slug, text },
});

export const score = (sg: 0 | 2 | 3, rep: 0 | 2 | 3): Score => ({
  safeguarding: { severity: sg, categories: sg ? ['bullying'] : [], low: [] },
  reputational: { severity: rep, categories: rep ? ['complaint'] : [], low: [] },
  reasons: [
    ...(sg ? [{ category: 'bullying' as const, rule: 'test', match: 'crying in the changing rooms' }] : []),
    ...(rep ? [{ category: 'complaint' as const, rule: 'test', match: 'formal complaint' }] : []),
  ],
});

export function caseOf(academyId: string, m: Mention, s: Score, createdAt: string, status: Case['status'] = 'new', statusAt?: string): Case {
  return {
    caseId: caseIdFor(academyId, m.id),
    academyId,
    mentionId: m.id,
    createdAt,
    platform: m.platform,
    url: m.url,
    text: m.text,
    author: m.author,
    publishedAt: m.publishedAt,
    hasImage: false,
    safeguarding: s.safeguarding,
    reputational: s.reputational,
    reasons: s.reasons,
    severity: Math.max(s.safeguarding.severity, s.reputational.severity) as Case['severity'],
    status,
    ...(statusAt ? { statusAt, statusBy: 'test' } : {}),
    evidence: { status: 'pending', attempts: 0 },
    raw: m.raw,
  };
}
