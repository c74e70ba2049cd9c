import { Parser } from 'htmlparser2';
import type { AuditEntry, Case } from '../cases/case.js';
import { logger } from '../log.js';
import type { HttpClient } from '../net/http.js';
import type { CaseStore, Clock } from '../ports/index.js';
import { classifyPage } from './page-state.js';

/**
 * Removal detection: posts that cause concern are often deleted once noticed. We re-check each
 * captured post after 1 hour, 24 hours and 7 days and record when it disappeared. A failed check
 * (site down, rate limited, login wall) proves nothing, so it is `unknown`, never `removed`.
 */

export type RemovalCheck =
  | { state: 'present'; status: number }
  | { state: 'removed'; reason: string; status: number }
  | { state: 'unknown'; reason: string; status?: number };

export const RECHECK_AFTER_MS = [60 * 60_000, 24 * 60 * 60_000, 7 * 24 * 60 * 60_000];
export const REMOVAL_CHECK_ACTION = 'evidence.removal_check';

const MAX_TEXT_CHARS = 200_000;

/** Visible text of an HTML page (no scripts, styles or templates), bounded. */
export function visibleText(html: string): string {
  const parts: string[] = [];
  let length = 0;
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (name === 'script' || name === 'style' || name === 'noscript' || name === 'template') hidden += 1;
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style' || name === 'noscript' || name === 'template') hidden = Math.max(0, hidden - 1);
      },
      ontext(text) {
        if (hidden > 0 || length > MAX_TEXT_CHARS) return;
        parts.push(text);
        length += text.length;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts.join(' ').replace(/\s+/g, ' ').slice(0, MAX_TEXT_CHARS);
}

/** Fetches the post URL once and judges whether the post is still there. Never throws for network trouble. */
export async function checkRemoved(url: string, http: HttpClient, postText?: string): Promise<RemovalCheck> {
  let res;
  try {
    res = await http.request({ url, timeoutMs: 20_000, maxBytes: 5 * 1024 * 1024 });
  } catch (err) {
    return { state: 'unknown', reason: `the check could not reach the post (${(err instanceof Error ? err.message : String(err)).slice(0, 300)})` };
  }
  if (res.status === 404 || res.status === 410) {
    return { state: 'removed', reason: `the site answered ${res.status} (not found / gone)`, status: res.status };
  }
  if (res.status === 429 || res.status >= 500) {
    return { state: 'unknown', reason: `the site answered ${res.status}; it will be checked again`, status: res.status };
  }
  const contentType = res.headers.get('content-type') ?? '';
  const bodyText = /html/i.test(contentType) ? visibleText(res.text()) : '';
  const verdict = classifyPage({ status: res.status, finalUrl: res.url, bodyText, postText });
  if (verdict.state === 'gone') return { state: 'removed', reason: verdict.reason, status: res.status };
  if (verdict.state === 'login_wall' || verdict.state === 'error') {
    return { state: 'unknown', reason: `${verdict.reason}, so removal cannot be seen`, status: res.status };
  }
  return { state: 'present', status: res.status };
}

/** Whether a re-check is due: one of the 1 h / 24 h / 7 d marks has passed since the last check. */
export function recheckDue(capturedAt: string, lastCheckedAt: string | undefined, now: Date): boolean {
  const captured = Date.parse(capturedAt);
  const passed = RECHECK_AFTER_MS.map((ms) => captured + ms).filter((t) => t <= now.getTime());
  if (passed.length === 0) return false;
  return lastCheckedAt === undefined || Date.parse(lastCheckedAt) < passed[passed.length - 1];
}

export const lastRemovalCheck = (audit: AuditEntry[]): string | undefined =>
  audit.filter((a) => a.action === REMOVAL_CHECK_ACTION).map((a) => a.at).sort().at(-1);

export interface RecheckDeps {
  http: HttpClient;
  cases: CaseStore;
  clock: Clock;
}

/**
 * Re-checks one case if a check is due: records the check in the audit trail and, the first time
 * the post is found gone, marks the case removed. Returns undefined when nothing was due.
 */
export async function recheckCase(c: Case, deps: RecheckDeps): Promise<RemovalCheck | undefined> {
  if (c.removedAt || c.evidence.status !== 'captured' || !c.evidence.capturedAt) return undefined;
  const now = deps.clock.now();
  if (!recheckDue(c.evidence.capturedAt, lastRemovalCheck(await deps.cases.listAudit(c.caseId)), now)) return undefined;
  const result = await checkRemoved(c.url, deps.http, c.text);
  const at = now.toISOString();
  await deps.cases.appendAudit({ caseId: c.caseId, at, actor: 'system', action: REMOVAL_CHECK_ACTION, detail: { ...result } });
  if (result.state === 'removed') await deps.cases.markRemoved(c.caseId, at);
  logger.info('removal check', { caseId: c.caseId, state: result.state, status: result.status });
  return result;
}
