import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Case } from '../../shared/cases/case.js';
import { REMOVAL_CHECK_ACTION, checkRemoved, recheckCase, recheckDue, visibleText } from '../../shared/capture/removal.js';
import { createHttpClient } from '../../shared/net/http.js';
import type { CaseStore } from '../../shared/ports/index.js';
import { POST_TEXT, startFixtureWeb, type FixtureWeb } from './fixture-web.js';

let web: FixtureWeb;
beforeAll(async () => {
  web = await startFixtureWeb();
});
afterAll(async () => {
  await web.close();
});

const http = () => createHttpClient({ allowPrivate: true, maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5 });

describe('checkRemoved', () => {
  it.each([
    ['a post that is still there as present', '/post', 'present'],
    ['a 404 as removed', '/deleted', 'removed'],
    ['a 200 page saying the post does not exist as removed', '/deleted-200', 'removed'],
    ['a login wall as unknown, not removed', '/wall', 'unknown'],
    ['a server error as unknown, not removed', '/error', 'unknown'],
  ])('reports %s', async (_name, path, expected) => {
    const result = await checkRemoved(`${web.base}${path}`, http(), POST_TEXT);
    expect(result.state).toBe(expected);
  });

  it('reports a refused private address as unknown rather than removed', async () => {
    const result = await checkRemoved(`${web.base}/deleted`, createHttpClient({ maxRetries: 0 }), POST_TEXT);
    expect(result).toMatchObject({ state: 'unknown' });
  });

  it('says why a post counts as removed', async () => {
    expect(await checkRemoved(`${web.base}/deleted`, http())).toEqual({ state: 'removed', reason: 'the site answered 404 (not found / gone)', status: 404 });
  });
});

describe('visibleText', () => {
  it('keeps the text and drops scripts and styles', () => {
    expect(visibleText('<style>p{}</style><p>Post &amp; reply</p><script>var deleted = "this post was deleted"</script>')).toBe('Post & reply');
  });
});

describe('recheckDue', () => {
  const captured = '2026-11-01T12:00:00.000Z';
  const at = (iso: string) => new Date(iso);
  it.each([
    ['not before the first hour', undefined, '2026-11-01T12:59:00.000Z', false],
    ['at one hour when never checked', undefined, '2026-11-01T13:00:00.000Z', true],
    ['not again after the one-hour check', '2026-11-01T13:05:00.000Z', '2026-11-02T11:00:00.000Z', false],
    ['at 24 hours after the one-hour check', '2026-11-01T13:05:00.000Z', '2026-11-02T12:00:00.000Z', true],
    ['at 7 days after the 24-hour check', '2026-11-02T12:10:00.000Z', '2026-11-08T12:00:00.000Z', true],
    ['never after the 7-day check', '2026-11-08T12:10:00.000Z', '2026-12-25T00:00:00.000Z', false],
    ['once, late, when checks were missed', undefined, '2026-11-20T00:00:00.000Z', true],
  ])('is due %s', (_name, last, now, expected) => {
    expect(recheckDue(captured, last, at(now))).toBe(expected);
  });
});

describe('recheckCase', () => {
  const fakeCases = () => {
    const audit: AuditEntry[] = [];
    const removed: string[] = [];
    const store = {
      listAudit: async () => audit,
      appendAudit: async (e: AuditEntry) => void audit.push(e),
      markRemoved: async (_id: string, at: string) => void removed.push(at),
    } as unknown as CaseStore;
    return { store, audit, removed };
  };
  const caseFor = (path: string): Case =>
    ({
      caseId: 'c-1', url: `${web.base}${path}`, text: POST_TEXT,
      evidence: { status: 'captured', kind: 'page', capturedAt: '2026-11-01T12:00:00.000Z' },
    }) as Case;
  const clock = { now: () => new Date('2026-11-02T12:30:00.000Z') };

  it('marks a case removed when its post has gone, and audits the check', async () => {
    const { store, audit, removed } = fakeCases();
    const result = await recheckCase(caseFor('/deleted'), { http: http(), cases: store, clock });
    expect(result?.state).toBe('removed');
    expect(removed).toEqual(['2026-11-02T12:30:00.000Z']);
    expect(audit).toMatchObject([{ caseId: 'c-1', action: REMOVAL_CHECK_ACTION, detail: { state: 'removed' } }]);
  });

  it('audits a present post without marking it removed', async () => {
    const { store, audit, removed } = fakeCases();
    expect((await recheckCase(caseFor('/post'), { http: http(), cases: store, clock }))?.state).toBe('present');
    expect(removed).toEqual([]);
    expect(audit).toHaveLength(1);
  });

  it('does nothing when the last check already covers the latest mark', async () => {
    const { store, audit } = fakeCases();
    audit.push({ caseId: 'c-1', at: '2026-11-02T12:10:00.000Z', actor: 'system', action: REMOVAL_CHECK_ACTION });
    const hitsBefore = web.hits.get('/deleted') ?? 0;
    expect(await recheckCase(caseFor('/deleted'), { http: http(), cases: store, clock })).toBeUndefined();
    expect(web.hits.get('/deleted') ?? 0).toBe(hitsBefore);
    expect(audit).toHaveLength(1);
  });
});
