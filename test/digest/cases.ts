import { caseIdFor, type Case } from '../../shared/cases/case.js';
import type { DigestInput } from '../../shared/digest/build.js';
import type { CaseLinks } from '../../shared/links/urls.js';
import type { SourceHealth } from '../../shared/ports/index.js';

/** Small fictional cases for the digest tests (Northbrook Academies Trust, see shared/eval/GUIDE.md). */

export const NOW = new Date('2026-11-24T07:30:00Z');

let counter = 0;
export function makeCase(overrides: Partial<Case> = {}): Case {
  counter++;
  const mentionId = overrides.mentionId ?? `x:${1_000_000 + counter}`;
  const academyId = overrides.academyId ?? 'northbrook';
  const base: Case = {
    caseId: caseIdFor(academyId, mentionId),
    academyId,
    mentionId,
    createdAt: '2026-11-23T18:05:00Z',
    platform: 'x',
    url: `https://x.com/someone/status/${1_000_000 + counter}`,
    text: 'honestly might just kms before the year 10 mocks at northbrook lol nobody would even notice',
    author: '@someone',
    publishedAt: '2026-11-23T18:00:00Z',
    hasImage: false,
    safeguarding: { severity: 3, categories: ['self_harm'] },
    reputational: { severity: 0, categories: [] },
    reasons: [{ category: 'self_harm', rule: 'slang', match: 'kms' }, { category: 'self_harm', rule: 'indirect', match: 'nobody would even notice' }],
    severity: 3,
    status: 'new',
    evidence: { status: 'captured', kind: 'page', manifestKey: 'cases/c1/manifest.json', keys: ['cases/c1/page.png', 'cases/c1/page.html'], capturedAt: '2026-11-23T18:07:00Z' },
  };
  return { ...base, ...overrides };
}

/** Deterministic links so tests can find them in the output; the real ones are signed tokens. */
export const fakeLinks = (c: Case): CaseLinks => ({
  view: `https://links.example.test/l?t=view-${c.caseId}`,
  acknowledge: `https://links.example.test/l?t=ack-${c.caseId}`,
  report: `https://links.example.test/l?t=report-${c.caseId}`,
  resolve: `https://links.example.test/l?t=resolve-${c.caseId}`,
  expiresAt: '2026-12-24T07:30:00.000Z',
});

export const healthy = (sourceId: string): SourceHealth => ({
  academyId: 'northbrook', sourceId, lastRunAt: '2026-11-24T07:00:00Z', lastSuccessAt: '2026-11-24T07:00:00Z', consecutiveFailures: 0, lastItems: 4,
});

export function digestInput(overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    academy: { id: 'northbrook', name: 'Northbrook Academy' },
    since: '2026-11-23T07:30:00Z',
    until: '2026-11-24T07:30:00Z',
    cases: [],
    counts: { total: 12, cases: 0 },
    health: [healthy('local-news'), healthy('reddit')],
    positives: [],
    linksFor: fakeLinks,
    keepTerms: ['Northbrook Academy', 'Northbrook', 'Northbrook Acad', 'NBA', '@NorthbrookAcad', 'Cambridgeshire'],
    now: NOW,
    ...overrides,
  };
}

/** A varied day: one of each kind of thing the digest has to show. */
export function sampleDay(): DigestInput {
  const cases = [
    makeCase(),
    makeCase({
      platform: 'facebook', url: 'https://www.facebook.com/groups/123/posts/456', author: 'Local Mum',
      text: 'Lucy Bennett year 10 northbrook lives on Ashdown Close, go and tell her what you think of her. Her number is 07700 900412',
      safeguarding: { severity: 3, categories: ['exposure', 'bullying'] }, severity: 3,
      reasons: [{ category: 'exposure', rule: 'address', match: 'lives on Ashdown Close' }, { category: 'bullying', rule: 'incitement', match: 'go and tell her what you think of her' }],
      evidence: { status: 'pending' },
    }),
    makeCase({
      platform: 'reddit', url: 'https://www.reddit.com/r/cambridgeshire/comments/abc123/', author: 'u/worried_parent',
      text: 'My son in Year 8 at Northbrook says the SEND provision is non-existent. Three emails to the head and no reply. Is anyone else having this problem?',
      safeguarding: { severity: 0, categories: [] }, reputational: { severity: 2, categories: ['complaint'] }, severity: 2,
      reasons: [{ category: 'complaint', rule: 'send', match: 'SEND provision is non-existent' }],
      removedAt: '2026-11-24T06:00:00Z', status: 'acknowledged', statusBy: 'monitor link', statusAt: '2026-11-24T06:30:00Z',
    }),
    makeCase({
      platform: 'rss', url: 'https://news.northbrook.example/story/ofsted', author: 'Northbrook Gazette', title: 'Ofsted: Northbrook Academy "requires improvement"',
      text: 'Inspectors said leadership at Northbrook Academy requires improvement, citing behaviour in corridors and inconsistent marking.',
      safeguarding: { severity: 0, categories: [] }, reputational: { severity: 2, categories: ['inspection', 'media'] }, severity: 2,
      reasons: [{ category: 'inspection', rule: 'ofsted', match: 'requires improvement' }],
      evidence: { status: 'failed', error: 'The page returned 403 Forbidden to the capture browser' },
    }),
  ];
  return digestInput({
    cases,
    counts: { total: 40, cases: 4 },
    health: [healthy('reddit'), {
      academyId: 'northbrook', sourceId: 'local-news', lastRunAt: '2026-11-24T07:00:00Z', lastSuccessAt: '2026-11-22T09:00:00Z',
      lastError: 'The feed https://news.northbrook.example/rss.xml returned 404 Not Found. Check the address in the trust config.', consecutiveFailures: 44, lastItems: 0,
    }],
    positives: [{ platform: 'x', url: 'https://x.com/parent/status/99', text: 'Huge well done to the Northbrook Academy U14 netball team, county champions! 🏆', publishedAt: '2026-11-23T16:00:00Z' }],
  });
}
