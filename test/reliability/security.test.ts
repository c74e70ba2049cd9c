import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseTrustConfig } from '../../shared/config/load.js';
import type { Case } from '../../shared/cases/case.js';
import { caseIdFor } from '../../shared/cases/case.js';
import { handleLinkRequest, type LinkDeps } from '../../shared/links/endpoint.js';
import { mintToken, signToken } from '../../shared/links/token.js';
import { sendLogsTo } from '../../shared/log.js';
import { createMatcher } from '../../shared/match/matcher.js';
import { pollEntity } from '../../shared/pipeline/poll-cycle.js';
import { createScorer } from '../../shared/score/scorer.js';
import { pollSource } from '../../shared/sources/registry.js';
import { freshAdapters } from '../support/aws.js';
import { fixedClock, guardedHttp, trustWith, withTimeoutCap } from './support/cycle.js';
import { type HostileWeb, neverFinishes, startHostileWeb } from './support/hostile-web.js';

/**
 * The security properties the threat model in SECURITY.md relies on, each tried the way an attacker
 * (or an unlucky forward of an email) would: links, secrets, config, and the deployed IAM policies.
 */

const NOW = new Date('2026-11-24T09:00:00.000Z');
const KEY = 'security-test-link-signing-key-0123456789abcdefgh';
const OLD_KEY = 'security-test-previous-link-key-0123456789abcdefgh';

function caseFor(academyId: string, n: number): Case {
  const mentionId = `rss:security-${n}`;
  return {
    caseId: caseIdFor(academyId, mentionId), academyId, mentionId, createdAt: NOW.toISOString(), platform: 'rss',
    url: `https://news.example.org/security-${n}`, text: 'Riverside Junior Academy pupil threatened', hasImage: false,
    safeguarding: { severity: 3, categories: ['violence'] }, reputational: { severity: 0, categories: [] },
    reasons: [], severity: 3, status: 'new', evidence: { status: 'pending', attempts: 0 },
  };
}

describe('evidence and triage links against the real case store', () => {
  let deps: LinkDeps;
  let n = 0;
  const newCase = async () => {
    const c = caseFor('riverside', ++n);
    await deps.store.createCaseIfNew(c);
    return c;
  };

  beforeAll(async () => {
    const adapters = await freshAdapters();
    deps = { store: adapters.store, evidence: adapters.evidence, key: [KEY, OLD_KEY], clock: { now: () => NOW } };
  });

  const statusAudits = async (caseId: string) => (await deps.store.listAudit(caseId)).filter((e) => e.action.startsWith('status.'));

  it.each([
    ['a flipped signature character', (t: string) => t.slice(0, -2) + (t.at(-2) === 'A' ? 'B' : 'A') + t.at(-1)],
    ['a signature cut short', (t: string) => t.slice(0, -5)],
    ['a payload changed to another action', (t: string) => {
      const [v, body, sig] = t.split('.');
      const payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
      return [v, Buffer.from(JSON.stringify({ ...payload, action: 'resolve' })).toString('base64url'), sig].join('.');
    }],
    ['an empty signature', (t: string) => `${t.split('.').slice(0, 2).join('.')}.`],
    ['a 10 KB token', () => `v1.${'A'.repeat(10_000)}.AAAA`],
  ])('refuses a link with %s (403) and changes nothing', async (_what, tamper) => {
    const c = await newCase();
    const token = tamper(mintToken(c, 'acknowledge', KEY, NOW));
    const res = await handleLinkRequest({ token, method: 'POST' }, deps);
    expect(res.status).toBe(403);
    expect((await deps.store.getCase(c.caseId))!.status).toBe('new');
    expect(await statusAudits(c.caseId)).toEqual([]);
  });

  it('refuses a link signed with a key that is not configured', async () => {
    const c = await newCase();
    const res = await handleLinkRequest({ token: mintToken(c, 'view', 'an-attacker-chosen-key-0123456789abcdefgh', NOW), method: 'GET' }, deps);
    expect(res.status).toBe(403);
  });

  it('still accepts a link signed with the previous key during a rotation', async () => {
    const c = await newCase();
    const res = await handleLinkRequest({ token: mintToken(c, 'acknowledge', OLD_KEY, NOW), method: 'GET' }, deps);
    expect(res.status).toBe(200);
  });

  it('refuses an expired link (410) and changes nothing', async () => {
    const c = await newCase();
    const token = signToken({ caseId: c.caseId, academyId: c.academyId, action: 'resolve', exp: Math.floor(NOW.getTime() / 1000) - 1, nonce: 'expired-nonce-1' }, KEY);
    const res = await handleLinkRequest({ token, method: 'POST' }, deps);
    expect(res.status).toBe(410);
    expect((await deps.store.getCase(c.caseId))!.status).toBe('new');
  });

  it('refuses a link for one academy used on a case of another', async () => {
    const c = await newCase();
    const token = signToken({ caseId: c.caseId, academyId: 'millfield', action: 'acknowledge', exp: Math.floor(NOW.getTime() / 1000) + 60, nonce: 'cross-academy-1' }, KEY);
    const res = await handleLinkRequest({ token, method: 'POST' }, deps);
    expect(res.status).toBe(404);
    expect((await deps.store.getCase(c.caseId))!.status).toBe('new');
  });

  it('changes nothing on GET, so a mail scanner prefetching the link cannot triage a case', async () => {
    const c = await newCase();
    const res = await handleLinkRequest({ token: mintToken(c, 'resolve', KEY, NOW), method: 'GET' }, deps);
    expect(res.status).toBe(200);
    expect((await deps.store.getCase(c.caseId))!.status).toBe('new');
  });

  it('refuses the replay of a used triage link (409), changes nothing and audits the attempt', async () => {
    const c = await newCase();
    const token = mintToken(c, 'acknowledge', KEY, NOW);
    expect((await handleLinkRequest({ token, method: 'POST', actor: 'Ms Shah' }, deps)).status).toBe(200);
    await deps.store.setStatus(c.caseId, 'new', 'test reset', NOW.toISOString());
    const replay = await handleLinkRequest({ token, method: 'POST', actor: 'someone with the forwarded email' }, deps);
    expect(replay.status).toBe(409);
    expect((await deps.store.getCase(c.caseId))!.status).toBe('new');
    expect((await deps.store.listAudit(c.caseId)).map((e) => e.action)).toContain('link.replay_refused');
  });

  /**
   * Two clicks racing (a double click, two people with the same email) both pass the audit-trail check;
   * the conditional write keyed by the link's nonce lets exactly one of them change the case.
   */
  it('applies a triage link once when two people press it at the same moment', async () => {
    const c = await newCase();
    const token = mintToken(c, 'report', KEY, NOW);
    const results = await Promise.all([1, 2, 3].map((i) => handleLinkRequest({ token, method: 'POST', actor: `clicker ${i}` }, deps)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(await statusAudits(c.caseId)).toHaveLength(1);
  });
});

describe('secrets', () => {
  const SECRETS: Record<string, string> = {
    bearer_token: 'AAAAsecretXbearerTOKEN0123456789',
    page_access_token: 'EAAGsecretFacebookPageToken0123456789',
    api_key: 'AIzaSecretYouTubeKey0123456789abcdef',
  };
  let web: HostileWeb;
  const lines: string[] = [];
  let outcomes: string;
  let health: string;

  beforeAll(async () => {
    // Hostile platforms that echo the credential back in their error bodies and headers.
    const echo = (status: number) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const seen = `${req.headers.authorization ?? ''} ${req.url ?? ''}`;
      res.writeHead(status, { 'content-type': 'application/json', 'x-echo': seen.slice(0, 200) });
      res.end(JSON.stringify({ title: 'Unauthorized', detail: `Rejected ${seen}`, error: { message: `Invalid OAuth access token ${seen}`, code: 190 } }));
    };
    web = await startHostileWeb({
      '/x/2/tweets/search/recent': echo(401),
      '/youtube/search': echo(403),
      '/youtube/commentThreads': echo(403),
      '/facebook/1234567890/feed': echo(400),
      '/facebook/1234567890/posts': echo(400),
      '/facebook/1234567890/tagged': echo(400),
    });
    for (const path of ['/facebook/1234567890', '/x/2/users/me']) web.routes[path] = neverFinishes;
    const config = trustWith((e) =>
      e.id === 'northbrook'
        ? [
            { type: 'x', id: 'x', enabled: true, maxPages: 1 },
            { type: 'youtube', id: 'youtube', enabled: true, maxPages: 1 },
            { type: 'facebook', id: 'facebook', pageId: '1234567890', enabled: true, maxPages: 1 },
          ]
        : [],
    );
    const entity = config.academies.find((a) => a.id === 'northbrook')!;
    const adapters = await freshAdapters();
    sendLogsTo(new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }));
    try {
      const summary = await pollEntity(config, entity, {
        store: adapters.store,
        scorer: createScorer({}),
        matcher: createMatcher(config),
        http: withTimeoutCap(guardedHttp({ maxRetries: 1 }), 1_000),
        secrets: { get: async (name) => SECRETS[name.split('/').pop()!] },
        clock: fixedClock(NOW.toISOString()),
        pollSource: (ctx) => pollSource({ ...ctx, baseUrls: { x: `${web.baseUrl}/x`, youtube: `${web.baseUrl}/youtube`, facebook: `${web.baseUrl}/facebook` } }),
      });
      outcomes = JSON.stringify(summary.sources);
      health = JSON.stringify(await adapters.store.listHealth('northbrook'));
    } finally {
      sendLogsTo(process.stdout);
      await web.stop();
    }
  }, 60_000);

  it('reached every platform with its credential, so the echo had something to leak', () => {
    expect(web.hits('/x/2/tweets/search/recent')).toBeGreaterThan(0);
    expect(JSON.parse(outcomes).every((s: { ok: boolean }) => !s.ok)).toBe(true);
  });

  it.each(Object.keys(SECRETS))('never writes the %s to a log line', (key) => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(SECRETS[key]);
  });

  it.each(Object.keys(SECRETS))('never puts the %s in a source error or the stored source health the digest shows', (key) => {
    expect(outcomes).not.toContain(SECRETS[key]);
    expect(health).not.toContain(SECRETS[key]);
  });

  it('refuses a credential someone pasted into the trust config, without repeating it', () => {
    const yaml = `${readExample()}`.replace('url: https://news.northbrook.example/rss.xml', 'url: https://news.northbrook.example/rss.xml\n        bearer_token: PASTED-SECRET-123');
    let error: unknown;
    try {
      parseTrustConfig(yaml, 'pasted.trust.yaml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/unknown field "bearer_token".*credentials never go in this file/);
    expect((error as ConfigError).message).not.toContain('PASTED-SECRET-123');
  });
});

const readExample = (): string => readFileSync('config/example.trust.yaml', 'utf8');

describe('IAM policies of the synthesised stacks', () => {
  interface Statement { Effect: string; Action: string | string[]; Resource?: unknown; Condition?: unknown }
  const statements: { stack: string; resource: string; statement: Statement }[] = [];

  beforeAll(async () => {
    const { synth, loadConfig, TWO_ACADEMIES } = await import('../infra/synth.js');
    const built = synth(loadConfig(TWO_ACADEMIES));
    for (const stack of [built.trust, ...built.academies].flat()) {
      const template = built.template(stack as never).toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
      for (const [id, r] of Object.entries(template.Resources)) {
        if (r.Type !== 'AWS::IAM::Policy') continue;
        for (const statement of (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
          statements.push({ stack: (stack as { stackName: string }).stackName, resource: id, statement });
        }
      }
    }
  }, 60_000);

  const actions = (s: Statement) => [s.Action].flat();

  it('has policies to review', () => {
    expect(statements.length).toBeGreaterThan(10);
  });

  it('grants no wildcard action', () => {
    const wild = statements.filter(({ statement }) => actions(statement).some((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a)));
    expect(wild).toEqual([]);
  });

  it('grants Resource "*" only for actions AWS cannot scope to a resource', () => {
    // dynamodb:ListStreams has no resource-level permission (the CDK adds it for a stream event source).
    const unscopable = new Set(['dynamodb:ListStreams', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'cloudwatch:PutMetricData']);
    const broad = statements.filter(({ statement }) => statement.Resource === '*' && actions(statement).some((a) => !unscopable.has(a)));
    expect(broad).toEqual([]);
  });

  it('lets a function send email only from or to configured addresses', () => {
    const ses = statements.filter(({ statement }) => actions(statement).some((a) => a.startsWith('ses:')));
    expect(ses.length).toBeGreaterThan(0);
    for (const { statement } of ses) expect(JSON.stringify(statement.Resource)).toMatch(/:identity\//);
  });

  it("lets an academy's functions read only that academy's platform credentials", () => {
    const ssm = statements.filter(({ statement }) => actions(statement).some((a) => a.startsWith('ssm:Get')));
    expect(ssm.length).toBeGreaterThan(0);
    for (const { stack, statement } of ssm) {
      const academy = stack.split('-').pop()!;
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toMatch(new RegExp(`parameter/mention-monitor/${academy}/`));
      expect(resources.match(/parameter\/mention-monitor\/([a-z0-9-]+)\//g)!.every((p) => p === `parameter/mention-monitor/${academy}/`)).toBe(true);
    }
  });
});
