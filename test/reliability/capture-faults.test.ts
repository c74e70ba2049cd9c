import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowserProvider } from '../../shared/capture/browser.js';
import { captureEvidence, captureJobFor } from '../../shared/capture/capture.js';
import { Manifest } from '../../shared/capture/manifest.js';
import { caseIdFor, type Case } from '../../shared/cases/case.js';
import { isPublicAddress } from '../../shared/net/address-guard.js';
import { captureBacklog, captureCase } from '../../shared/pipeline/evidence-cycle.js';
import { fixedClock, testResolve } from './support/cycle.js';
import { type HostileWeb, neverFinishes, send, startHostileWeb } from './support/hostile-web.js';
import { startSwitchableAws, type SwitchableAws } from './support/switchable-aws.js';

/**
 * The capture worker with real headless Chromium against pages that fight back: the browser killed
 * mid-capture, a page that never finishes loading, a post whose link points at the metadata service.
 */

const NOW = '2026-11-24T06:00:00.000Z';
const LIMITS = { pageMs: 3_000, captureMs: 8_000, settleMs: 200 };

/** SIGKILL every Chromium this worker started: a crash, not a polite close. */
function killChromium(): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' }).trim().split('\n');
  const ours = rows.map((r) => r.trim().split(/\s+/)).filter(([, ppid, comm]) => Number(ppid) === process.pid && /chrom|headless/i.test(comm ?? ''));
  for (const [pid] of ours) process.kill(Number(pid), 'SIGKILL');
  return ours.length;
}

function caseFor(academyId: string, url: string): Case {
  const mentionId = `rss:${url}`;
  return {
    caseId: caseIdFor(academyId, mentionId), academyId, mentionId, createdAt: NOW, platform: 'rss', url,
    text: 'Riverside Junior Academy pupil being bullied and threatened with a knife at the gates', hasImage: false,
    safeguarding: { severity: 3, categories: ['bullying', 'violence'] }, reputational: { severity: 0, categories: [] },
    reasons: [], severity: 3, status: 'new', evidence: { status: 'pending', attempts: 0 }, raw: { title: 'post' },
  };
}

describe('capturing evidence when the browser or the page misbehaves', () => {
  let aws: SwitchableAws;
  let web: HostileWeb;
  const browser = createBrowserProvider();
  const clock = fixedClock(NOW);
  let killed = 0;
  const timings: string[] = [];

  const capture = (c: Case) =>
    captureEvidence(
      captureJobFor(c),
      { browser, store: aws.evidence, clock, limits: LIMITS, resolve: testResolve, addressPolicy: (ip) => ip === '127.0.0.1' || isPublicAddress(ip) },
    );

  const page = (path: string) => `http://pages.fixture.test:${new URL(web.baseUrl).port}${path}`;
  const manifestOf = async (c: Case) => {
    const state = (await aws.store.getCase(c.caseId))!.evidence;
    return { state, manifest: Manifest.parse(JSON.parse(Buffer.from((await aws.evidence.get(state.manifestKey!))!).toString('utf8'))) };
  };

  beforeAll(async () => {
    aws = await startSwitchableAws();
    const ok = '<!doctype html><html><body><h1>Riverside Junior Academy</h1><p>The post.</p></body></html>';
    web = await startHostileWeb({
      '/crash': (_req, res) => {
        killed += killChromium();
        res.writeHead(200, { 'content-type': 'text/html' }).end(ok);
      },
      '/never': neverFinishes,
      '/fine': send(200, 'text/html; charset=utf-8', ok),
    });
  }, 60_000);

  afterAll(async () => {
    console.log(`[reliability] capture faults: ${timings.join('; ')}`);
    await browser.close();
    await web?.stop();
    await aws?.close();
  });

  it('keeps evidence for a case whose capture crashed Chromium, and the next capture gets a fresh browser', async () => {
    const crashed = caseFor('riverside', page('/crash'));
    const after = caseFor('riverside', page('/fine'));
    for (const c of [crashed, after]) await aws.store.createCaseIfNew(c);
    const started = performance.now();
    const done = await captureBacklog('riverside', { store: aws.store, clock, capture });
    timings.push(`Chromium killed mid-capture, ${done.size} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(killed).toBeGreaterThan(0);
    const first = await manifestOf(crashed);
    expect(first.state).toMatchObject({ status: 'captured', kind: 'card' });
    expect(first.manifest.notes.join(' ')).toMatch(/Evidence card used because/);
    const second = await manifestOf(after);
    expect(second.state).toMatchObject({ status: 'captured', kind: 'page' });
    expect(await aws.store.listCasesNeedingEvidence('riverside')).toEqual([]);
  });

  it('gives up on a page that never finishes loading within the capture budget and keeps a card', async () => {
    const c = caseFor('northbrook', page('/never'));
    await aws.store.createCaseIfNew(c);
    const started = performance.now();
    const state = await captureCase(c.caseId, { store: aws.store, clock, capture });
    timings.push(`never-finishing page settled in ${((performance.now() - started) / 1000).toFixed(1)} s (page budget ${LIMITS.pageMs / 1000} s)`);
    expect(state?.status).toBe('captured');
    const { manifest } = await manifestOf(c);
    expect(manifest.artefacts.length).toBeGreaterThan(0);
  });

  it.each([
    ['the metadata service by name', 'http://metadata.hostile.test/latest/meta-data/iam/security-credentials/'],
    ['the metadata service by address', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network address', 'http://10.0.0.5/admin'],
    ['a javascript: URL', 'javascript:alert(document.domain)'],
    ['a data: URL', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ])('never opens a post link pointing at %s, and keeps a card instead', async (_what, url) => {
    const c = caseFor('st-aidans', url);
    await aws.store.createCaseIfNew(c);
    const state = await captureCase(c.caseId, { store: aws.store, clock, capture });
    expect(state).toMatchObject({ status: 'captured', kind: 'card' });
    const { manifest } = await manifestOf(c);
    expect(manifest.outcome).toBe('refused');
    expect(manifest.artefacts.map((a) => a.name)).not.toContain('page-desktop.png');
  });
});
