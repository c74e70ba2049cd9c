import { describe, expect, it } from 'vitest';
import type { Case } from '../../shared/cases/case.js';
import { handleLinkRequest, PRESIGN_SECONDS, type LinkRequest } from '../../shared/links/endpoint.js';
import { mintToken, signToken, type LinkAction } from '../../shared/links/token.js';
import { makeCase } from '../digest/cases.js';
import { MemoryCaseStore, MemoryEvidenceStore } from '../support/memory-stores.js';

const KEY = 'k'.repeat(48);
const NOW = new Date('2026-11-24T09:00:00Z');

async function setup(overrides: Partial<Case> = {}) {
  const store = new MemoryCaseStore();
  const evidence = new MemoryEvidenceStore();
  const c = makeCase(overrides);
  await store.createCaseIfNew(c);
  let now = NOW;
  const deps = { store, evidence, key: KEY, clock: { now: () => now } };
  const token = (action: LinkAction) => mintToken(c, action, KEY, NOW);
  const request = (r: LinkRequest) => handleLinkRequest(r, deps);
  return { store, evidence, c, token, request, setNow: (d: Date) => (now = d) };
}

describe('the evidence link', () => {
  it('records who opened the evidence and redirects to a five-minute presigned URL of the screenshot', async () => {
    const { store, evidence, c, token, request } = await setup();
    const res = await request({ token: token('view'), userAgent: 'Mozilla/5.0', sourceIp: '203.0.113.9' });
    expect(res.status).toBe(302);
    expect(res.headers.Location).toBe('https://evidence.example.test/cases%2Fc1%2Fpage.png?expires=300');
    expect(res.headers['Referrer-Policy']).toBe('no-referrer');
    expect(evidence.presigned).toEqual([{ key: 'cases/c1/page.png', seconds: PRESIGN_SECONDS }]);
    expect(await store.listAudit(c.caseId)).toEqual([
      expect.objectContaining({
        caseId: c.caseId, at: NOW.toISOString(), action: 'evidence.opened', actor: 'emailed link to the northbrook monitor',
        detail: expect.objectContaining({ evidenceKey: 'cases/c1/page.png', userAgent: 'Mozilla/5.0', sourceIp: '203.0.113.9' }),
      }),
    ]);
  });

  it.each([
    ['page', 'cases/c1/t/page-desktop.png'],
    ['card', 'cases/c1/t/card.png'],
  ] as const)('opens the %s capture\'s own screenshot: the card when the post had gone', async (kind, expected) => {
    const keys = ['cases/c1/t/raw.json', 'cases/c1/t/page-desktop.png', 'cases/c1/t/card.png', 'cases/c1/t/manifest.json'];
    const { evidence, token, request } = await setup({ evidence: { status: 'captured', kind, keys, manifestKey: 'cases/c1/t/manifest.json' } });
    expect((await request({ token: token('view') })).status).toBe(302);
    expect(evidence.presigned.map((p) => p.key)).toEqual([expected]);
  });

  it('can be opened again within its 30 days, each opening recorded', async () => {
    const { store, c, token, request } = await setup();
    const link = token('view');
    expect((await request({ token: link })).status).toBe(302);
    expect((await request({ token: link })).status).toBe(302);
    expect((await store.listAudit(c.caseId)).map((e) => e.action)).toEqual(['evidence.opened', 'evidence.opened']);
  });

  it('shows the escaped post text, recorded, when the evidence is not captured yet', async () => {
    const { store, c, token, request } = await setup({ evidence: { status: 'pending' }, text: 'she is <script>alert(1)</script> in 8B' });
    const res = await request({ token: token('view') });
    expect(res.status).toBe(200);
    expect(res.body).toContain('The evidence is not ready yet');
    expect(res.body).toContain('she is &lt;script&gt;alert(1)&lt;/script&gt; in 8B');
    expect(res.body).not.toContain('<script>');
    expect((await store.listAudit(c.caseId))[0]).toMatchObject({ action: 'evidence.opened', detail: { evidenceKey: null } });
  });

  it('answers a HEAD from a link checker without recording or minting a URL', async () => {
    const { store, evidence, c, token, request } = await setup();
    const res = await request({ token: token('view'), method: 'HEAD' });
    expect(res).toMatchObject({ status: 200, body: '' });
    expect(evidence.presigned).toEqual([]);
    expect(await store.listAudit(c.caseId)).toEqual([]);
  });
});

describe('triage links', () => {
  it.each<[LinkAction, Case['status']]>([
    ['acknowledge', 'acknowledged'],
    ['report', 'reported_to_platform'],
    ['resolve', 'resolved'],
  ])('%s: GET only asks for confirmation, because mail scanners open links', async (action) => {
    const { store, c, token, request } = await setup();
    const link = token(action);
    const res = await request({ token: link, method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<form method="post">');
    expect(res.body).toContain(`name="t" value="${link}"`);
    expect((await store.getCase(c.caseId))!.status).toBe('new');
    expect(await store.listAudit(c.caseId)).toEqual([]);
  });

  it.each<[LinkAction, Case['status']]>([
    ['acknowledge', 'acknowledged'],
    ['report', 'reported_to_platform'],
    ['resolve', 'resolved'],
  ])('%s: POST sets the status to %s and records who did it', async (action, status) => {
    const { store, c, token, request } = await setup();
    const res = await request({ token: token(action), method: 'POST', actor: 'Tom Reeve' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Case marked');
    const after = (await store.getCase(c.caseId))!;
    expect(after).toMatchObject({ status, statusBy: 'Tom Reeve (via emailed link)', statusAt: NOW.toISOString() });
    expect(await store.listAudit(c.caseId)).toEqual([
      expect.objectContaining({ action: `status.${status}`, actor: 'Tom Reeve (via emailed link)', detail: expect.objectContaining({ previous: 'new' }) }),
    ]);
  });

  it('refuses a replayed link with 409 and changes nothing, recording the attempt', async () => {
    const { store, c, token, request } = await setup();
    const link = token('acknowledge');
    await request({ token: link, method: 'POST' });
    await store.setStatus(c.caseId, 'new', 'test reset', NOW.toISOString());
    const replay = await request({ token: link, method: 'POST', actor: 'someone else' });
    expect(replay.status).toBe(409);
    expect(replay.body).toContain('This link has already been used');
    expect((await store.getCase(c.caseId))!.status).toBe('new');
    expect((await store.listAudit(c.caseId)).map((e) => e.action)).toEqual(['status.acknowledged', 'link.replay_refused']);
  });

  it('never moves a case backwards: an old acknowledge link after resolve changes nothing', async () => {
    const { store, c, token, request } = await setup();
    const acknowledge = token('acknowledge');
    await request({ token: token('resolve'), method: 'POST' });
    const res = await request({ token: acknowledge, method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('This case is already resolved');
    expect((await store.getCase(c.caseId))!.status).toBe('resolved');
    expect((await store.listAudit(c.caseId)).map((e) => e.action)).toEqual(['status.resolved']);
  });

  it('escapes a hostile name typed on the form wherever it is shown', async () => {
    const { token, request } = await setup();
    const res = await request({ token: token('acknowledge'), method: 'POST', actor: '<img src=x onerror=alert(1)>' });
    expect(res.body).not.toContain('<img');
    expect(res.body).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;');
  });
});

describe('links that cannot be trusted', () => {
  it.each([
    ['a tampered token', (t: string) => t.slice(0, -3) + 'AAA', 403, 'This link is not valid'],
    ['a token cut short by an email program', (t: string) => t.slice(0, 40), 403, 'This link is not valid'],
    ['no token at all', () => '', 400, 'This link is incomplete'],
  ])('answers %s with a clear page, not a stack trace', async (_what, mangle, status, heading) => {
    const { store, c, token, request } = await setup();
    const res = await request({ token: mangle(token('resolve')), method: 'POST' });
    expect(res.status).toBe(status);
    expect(res.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(res.headers['Cache-Control']).toBe('no-store');
    expect(res.body).toContain(heading);
    expect(res.body).not.toMatch(/Error:|at .*\(.*\.ts/);
    expect((await store.getCase(c.caseId))!.status).toBe('new');
    expect(await store.listAudit(c.caseId)).toEqual([]);
  });

  it('answers an expired link with 410, saying when it expired and where fresh links are', async () => {
    const { store, c, token, request, setNow } = await setup();
    const link = token('resolve');
    setNow(new Date(NOW.getTime() + 31 * 86_400_000));
    const res = await request({ token: link, method: 'POST' });
    expect(res.status).toBe(410);
    expect(res.body).toContain('This link has expired');
    expect(res.body).toContain('Thu 24 Dec, 09:00');
    expect((await store.getCase(c.caseId))!.status).toBe('new');
  });

  it('answers a genuine link to a case that no longer exists with 404', async () => {
    const { request } = await setup();
    const orphan = signToken({ caseId: 'c-deleted', academyId: 'northbrook', action: 'view', exp: NOW.getTime() / 1000 + 60, nonce: 'BBBBBBBBBBBB' }, KEY);
    const res = await request({ token: orphan });
    expect(res.status).toBe(404);
    expect(res.body).toContain('This case could not be found');
  });

  it('refuses a link whose academy does not own the case', async () => {
    const { c, request } = await setup();
    const crossed = signToken({ caseId: c.caseId, academyId: 'millfield', action: 'view', exp: NOW.getTime() / 1000 + 60, nonce: 'CCCCCCCCCCCC' }, KEY);
    expect((await request({ token: crossed })).status).toBe(404);
  });

  it('refuses methods other than GET, HEAD and POST', async () => {
    const { token, request } = await setup();
    expect((await request({ token: token('resolve'), method: 'DELETE' })).status).toBe(405);
  });

  it('sends headers that keep the token out of referrers, caches and frames', async () => {
    const { token, request } = await setup();
    const res = await request({ token: token('acknowledge') });
    expect(res.headers).toMatchObject({
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': expect.stringContaining("frame-ancestors 'none'"),
    });
  });
});
