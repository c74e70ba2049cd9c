import type { Case } from '../cases/case.js';
import type { Entity } from '../config/schema.js';
import { renderAlertEmail } from '../digest/alert.js';
import type { LinkKey } from '../links/token.js';
import { logger } from '../log.js';
import type { CaseStore, Clock, Mailer } from '../ports/index.js';

export interface AlertDeps {
  store: CaseStore;
  mailer: Mailer;
  clock: Clock;
  /** Where the evidence endpoint answers and the key that signs the alert's links. */
  links: { baseUrl: string; key: LinkKey };
}

export const needsInstantAlert = (c: Case, alertSeverity: number): boolean => c.safeguarding.severity >= alertSeverity;

/**
 * Emails the DSL (and the head, by config) about a serious safeguarding case, once. The claim is a
 * lease taken before sending, so concurrent deliveries send one email; a failed send gives it back,
 * and a lease whose holder died before sending lapses, so the next run retries rather than staying
 * silent. For a safeguarding alert a rare duplicate is the better failure than none.
 */
export async function sendInstantAlert(c: Case, entity: Entity, deps: AlertDeps): Promise<'sent' | 'already_sent'> {
  const at = deps.clock.now().toISOString();
  if (!(await deps.store.claimAlert(c.caseId, at))) return 'already_sent';
  const cc = entity.alertHead && entity.head ? [entity.head] : [];
  let messageId: string;
  try {
    const email = await renderAlertEmail(c, entity, deps.links, deps.clock.now());
    ({ messageId } = await deps.mailer.send({ to: [entity.dsl], cc, ...email }));
  } catch (err) {
    await deps.store.releaseAlert(c.caseId);
    throw err;
  }
  // Outside the try: once the email has gone, a failed write must not release the claim and send it twice.
  await deps.store.markAlertSent(c.caseId, deps.clock.now().toISOString());
  await deps.store.appendAudit({ caseId: c.caseId, at, actor: 'system', action: 'alert_sent', detail: { to: entity.dsl, cc, messageId } });
  logger.info('instant alert sent', { caseId: c.caseId, academyId: entity.id });
  return 'sent';
}
