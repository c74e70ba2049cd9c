import type { Case, EvidenceState } from '../cases/case.js';
import { logger } from '../log.js';
import type { CaseStore, Clock } from '../ports/index.js';

export interface EvidenceDeps {
  store: CaseStore;
  clock: Clock;
  /** Captures one case's post and returns where its evidence stands; never throws for a page problem. */
  capture: (c: Case) => Promise<EvidenceState>;
}

/** Attempts after which a case's evidence is marked failed: the digest and evidence page then say so. */
export const MAX_CAPTURE_ATTEMPTS = 5;

/**
 * Captures evidence for one case unless it already has it. Idempotent: a duplicate queue message
 * or a re-run finds the evidence captured and returns it.
 */
export async function captureCase(caseId: string, deps: EvidenceDeps): Promise<EvidenceState | undefined> {
  const c = await deps.store.getCase(caseId);
  if (!c) {
    logger.warn('capture requested for a case that does not exist', { caseId });
    return undefined;
  }
  if (c.evidence.status === 'captured') return c.evidence;
  const attempts = (c.evidence.attempts ?? 0) + 1;
  let state: EvidenceState;
  try {
    state = { ...(await deps.capture(c)), attempts };
  } catch (err) {
    // The browser could not start or crashed: the case keeps pending evidence for the next run.
    state = { status: 'pending', attempts, error: err instanceof Error ? err.message : String(err) };
  }
  // Out of attempts: stop retrying (and leave the backlog), so staff are told to keep their own record.
  if (state.status === 'pending' && attempts >= MAX_CAPTURE_ATTEMPTS) state = { ...state, status: 'failed' };
  await deps.store.setEvidence(caseId, state);
  await deps.store.appendAudit({
    caseId,
    at: deps.clock.now().toISOString(),
    actor: 'system',
    action: state.status === 'captured' ? 'evidence_captured' : 'evidence_capture_failed',
    detail: { kind: state.kind, manifestSha256: state.manifestSha256, attempts, error: state.error },
  });
  logger.info('evidence attempt', { caseId, status: state.status, kind: state.kind, attempts });
  return state;
}

/** Works through an academy's backlog of cases still without evidence, oldest first. */
export async function captureBacklog(academyId: string, deps: EvidenceDeps, limit = 50): Promise<Map<string, EvidenceState>> {
  const done = new Map<string, EvidenceState>();
  const backlog = await deps.store.listCasesNeedingEvidence(academyId, limit);
  for (const c of backlog) {
    if ((c.evidence.attempts ?? 0) >= MAX_CAPTURE_ATTEMPTS) continue;
    const state = await captureCase(c.caseId, deps);
    if (state) done.set(c.caseId, state);
  }
  return done;
}
