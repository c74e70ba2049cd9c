import type { Case, CaseStatus } from '../cases/case.js';
import { cleanText, clip } from '../digest/excerpt.js';
import { caseCategoriesText, londonTime, platformLabel, SEVERITY_LABELS, STATUS_LABELS } from '../digest/labels.js';
import { loadTemplate } from '../digest/template.js';
import { logger } from '../log.js';
import type { CaseStore, Clock, EvidenceStore } from '../ports/index.js';
import { type LinkAction, type LinkKey, type TokenPayload, verifyToken } from './token.js';

/**
 * The evidence-link endpoint as a pure function of the request and the ports, so the Lambda handler only
 * parses the HTTP event and copies the response back.
 *
 *   view          GET -> audit "evidence.opened", 302 to a presigned URL valid for 5 minutes
 *   acknowledge,  GET shows a confirmation page and changes nothing (mail scanners prefetch links);
 *   report,       POST applies the status once. A used link, or one that would move a case backwards
 *   resolve       (an old "acknowledge" after "resolve"), changes nothing and says so.
 *
 * Bad tokens get a plain page (403 tampered or cut short, 410 expired), never a stack trace.
 */

export interface LinkRequest {
  token?: string;
  method?: string;
  /** The name typed on the confirmation form, if any. */
  actor?: string;
  userAgent?: string;
  sourceIp?: string;
}

export interface LinkResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface LinkDeps {
  store: CaseStore;
  evidence: EvidenceStore;
  /** The signing key, or the current key then earlier ones during a rotation. */
  key: LinkKey | readonly LinkKey[];
  clock: Clock;
}

/** How long the redirect to the evidence works: long enough to load it, too short to forward usefully. */
export const PRESIGN_SECONDS = 300;

const TRIAGE_STATUS: Record<Exclude<LinkAction, 'view'>, CaseStatus> = {
  acknowledge: 'acknowledged',
  report: 'reported_to_platform',
  resolve: 'resolved',
};
const BUTTON: Record<Exclude<LinkAction, 'view'>, string> = {
  acknowledge: 'Mark as acknowledged',
  report: 'Mark as reported to the platform',
  resolve: 'Mark as resolved',
};
/** Triage only moves forward; `no_action` is a closing state like `resolved`. */
const STATUS_RANK: Record<CaseStatus, number> = { new: 0, acknowledged: 1, reported_to_platform: 2, resolved: 3, no_action: 3 };

const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  // The token is in the URL: never send it on to another site.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'X-Robots-Tag': 'noindex, nofollow',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

interface PageContent {
  title: string;
  heading: string;
  tone: 'ok' | 'warn' | 'error';
  paragraphs: string[];
  details?: { label: string; value: string }[];
  post?: string;
  form?: { token: string; button: string };
  academyId?: string;
}

const TONE_COLOUR = { ok: '#166534', warn: '#b45309', error: '#b91c1c' };

function page(status: number, content: PageContent, method: string): LinkResponse {
  const body = loadTemplate('link-page.html').render({
    ...content,
    colour: TONE_COLOUR[content.tone],
    details: content.details ?? [],
    post: content.post ?? '',
    form: content.form ?? false,
    academyId: content.academyId ?? 'your school',
  });
  return { status, headers: { ...PAGE_HEADERS }, body: method === 'HEAD' ? '' : body };
}

function caseDetails(c: Case): { label: string; value: string }[] {
  return [
    { label: 'Case', value: c.caseId },
    { label: 'Concern', value: `${SEVERITY_LABELS[c.severity].name}: ${caseCategoriesText(c)}` },
    { label: 'Where', value: `${platformLabel(c.platform)}, posted ${londonTime(c.publishedAt ?? c.createdAt)}` },
    { label: 'Status', value: statusSentence(c) },
  ];
}

const statusSentence = (c: Case): string =>
  `${STATUS_LABELS[c.status]}${c.statusBy ? ` by ${clip(c.statusBy, 80)}` : ''}${c.statusAt ? ` on ${londonTime(c.statusAt)}` : ''}`;

/** Who acted: the name typed on the form if any, else the emailed link itself (the monitor's inbox). */
const actorName = (request: LinkRequest, payload: TokenPayload): string => {
  const typed = request.actor ? clip(request.actor, 80) : '';
  return typed ? `${typed} (via emailed link)` : `emailed link to the ${payload.academyId} monitor`;
};

const requestDetail = (request: LinkRequest) => ({
  ...(request.userAgent ? { userAgent: clip(request.userAgent, 300) } : {}),
  ...(request.sourceIp ? { sourceIp: clip(request.sourceIp, 64) } : {}),
});

/** The object a person wants to see: the screenshot if there is one, else the manifest, else anything kept. */
function evidenceKeyFor(c: Case): string | undefined {
  if (c.evidence.status !== 'captured') return undefined;
  const keys = c.evidence.keys ?? [];
  // When the post had gone, the page screenshot shows only "deleted": the card holds the post itself.
  const preferred = c.evidence.kind === 'card' ? /\/card\.png$/i : /\/page-desktop\.png$/i;
  return keys.find((k) => preferred.test(k)) ?? keys.find((k) => /\.png$/i.test(k)) ?? c.evidence.manifestKey ?? keys[0];
}

export async function handleLinkRequest(request: LinkRequest, deps: LinkDeps): Promise<LinkResponse> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    return page(405, { title: 'Not allowed', heading: 'This page only opens from a link', tone: 'error', paragraphs: ['Open the link from the email again.'] }, method);
  }
  if (!request.token) {
    return page(400, {
      title: 'Incomplete link', heading: 'This link is incomplete', tone: 'error',
      paragraphs: ['The part of the link that says which case to open is missing. Open the link from the email again; if your email program split it over two lines, copy the whole link into the browser.'],
    }, method);
  }
  const now = deps.clock.now();
  const verified = verifyToken(request.token, deps.key, now);
  if (!verified.ok && verified.reason === 'expired') {
    const { payload } = verified;
    logger.info('expired link refused', { caseId: payload.caseId, academyId: payload.academyId, action: payload.action });
    return page(410, {
      title: 'Link expired', heading: 'This link has expired', tone: 'warn', academyId: payload.academyId,
      paragraphs: [
        `Links in digests and alerts work for 30 days; this one stopped working on ${londonTime(new Date(payload.exp * 1000))} (UK time).`,
        `Each day's digest has fresh links for open cases. To see this case (${payload.caseId}) now, ask whoever manages the mention monitor.`,
      ],
    }, method);
  }
  if (!verified.ok) {
    logger.warn('invalid link refused', { reason: verified.reason });
    return page(403, {
      title: 'Link not valid', heading: 'This link is not valid', tone: 'error',
      paragraphs: [
        'The link was changed or cut short, so it cannot be trusted. Nothing has been opened or changed.',
        'Open it again from the original email. Some email programs break long links: if that happens, copy the whole link into the browser. If it still fails, tell whoever manages the mention monitor.',
      ],
    }, method);
  }
  const { payload } = verified;
  const c = await deps.store.getCase(payload.caseId);
  if (!c || c.academyId !== payload.academyId) {
    logger.warn('link for a missing case', { caseId: payload.caseId, academyId: payload.academyId });
    return page(404, {
      title: 'Case not found', heading: 'This case could not be found', tone: 'error', academyId: payload.academyId,
      paragraphs: [`Case ${payload.caseId} is not in the case store. It may have been deleted under the retention policy. Tell whoever manages the mention monitor.`],
    }, method);
  }
  return payload.action === 'view'
    ? viewEvidence(c, payload, request, method, deps, now)
    : triage(c, payload, payload.action, request, method, deps, now);
}

async function viewEvidence(c: Case, payload: TokenPayload, request: LinkRequest, method: string, deps: LinkDeps, now: Date): Promise<LinkResponse> {
  // A HEAD (link checkers) shows nothing, so it is neither recorded nor given a URL.
  if (method === 'HEAD') return { status: 200, headers: { ...PAGE_HEADERS }, body: '' };
  const key = evidenceKeyFor(c);
  await deps.store.appendAudit({
    caseId: c.caseId, at: now.toISOString(), actor: actorName(request, payload), action: 'evidence.opened',
    detail: { nonce: payload.nonce, evidenceKey: key ?? null, ...requestDetail(request) },
  });
  logger.info('evidence opened', { caseId: c.caseId, academyId: c.academyId, captured: Boolean(key) });
  if (key) {
    const location = await deps.evidence.presign(key, PRESIGN_SECONDS);
    return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }, body: '' };
  }
  const clean = cleanText(c.text);
  return page(200, {
    title: 'Evidence not ready', heading: 'The evidence is not ready yet', tone: 'warn', academyId: c.academyId,
    paragraphs: [
      c.evidence.status === 'failed'
        ? 'The monitor could not capture a copy of the page. Below is the post as we received it; if it is still up, take a screenshot and keep it with your safeguarding record.'
        : 'A copy of the page is still being captured; try this link again in a few minutes. Below is the post as we received it.',
      'Opening this page has been recorded on the case.',
    ],
    details: caseDetails(c),
    post: clip(clean.text, 20_000),
  }, method);
}

async function triage(
  c: Case, payload: TokenPayload, action: Exclude<LinkAction, 'view'>, request: LinkRequest, method: string, deps: LinkDeps, now: Date,
): Promise<LinkResponse> {
  const target = TRIAGE_STATUS[action];
  const audit = await deps.store.listAudit(c.caseId);
  const used = audit.find((e) => e.action.startsWith('status.') && e.detail?.nonce === payload.nonce);
  const details = caseDetails(c);
  if (used) {
    if (method === 'POST') {
      await deps.store.appendAudit({
        caseId: c.caseId, at: now.toISOString(), actor: actorName(request, payload), action: 'link.replay_refused',
        detail: { nonce: payload.nonce, linkAction: action, ...requestDetail(request) },
      });
    }
    return page(409, {
      title: 'Link already used', heading: 'This link has already been used', tone: 'warn', academyId: c.academyId,
      paragraphs: [`It was used by ${clip(used.actor, 80)} on ${londonTime(used.at)}. Nothing has changed. Each triage link works once.`],
      details,
    }, method);
  }
  if (STATUS_RANK[c.status] >= STATUS_RANK[target]) {
    return page(200, {
      title: 'Nothing to change', heading: `This case is already ${STATUS_LABELS[c.status]}`, tone: 'ok', academyId: c.academyId,
      paragraphs: ['Nothing has changed. Triage links only move a case forward.'],
      details,
    }, method);
  }
  if (method !== 'POST') {
    return page(200, {
      title: 'Confirm', heading: `${BUTTON[action]}?`, tone: 'ok', academyId: c.academyId,
      paragraphs: ['Check this is the case you mean, add your name if you like, then confirm. Nothing changes until you press the button.'],
      details,
      form: { token: request.token!, button: BUTTON[action] },
    }, method);
  }
  const actor = actorName(request, payload);
  const at = now.toISOString();
  // The audit check above catches a link used earlier; the conditional write catches two presses at once
  // (or two different links): the status changes only if it is still below the target.
  const below = (Object.keys(STATUS_RANK) as CaseStatus[]).filter((s) => STATUS_RANK[s] < STATUS_RANK[target]);
  if (!(await deps.store.setStatus(c.caseId, target, actor, at, below))) {
    await deps.store.appendAudit({
      caseId: c.caseId, at, actor, action: 'link.replay_refused',
      detail: { nonce: payload.nonce, linkAction: action, ...requestDetail(request) },
    });
    return page(409, {
      title: 'Link already used', heading: 'This link has already been used', tone: 'warn', academyId: c.academyId,
      paragraphs: ['Someone changed this case at the same moment. Nothing has changed twice. Each triage link works once.'],
      details,
    }, method);
  }
  await deps.store.appendAudit({
    caseId: c.caseId, at, actor, action: `status.${target}`,
    detail: { nonce: payload.nonce, previous: c.status, via: 'emailed link', ...requestDetail(request) },
  });
  logger.info('case status changed by link', { caseId: c.caseId, academyId: c.academyId, status: target });
  return page(200, {
    title: 'Done', heading: `Case marked ${STATUS_LABELS[target]}`, tone: 'ok', academyId: c.academyId,
    paragraphs: [`Recorded for ${actor} at ${londonTime(now)} (UK time). You can close this page.`],
    details: caseDetails({ ...c, status: target, statusBy: actor, statusAt: at }),
  }, method);
}
