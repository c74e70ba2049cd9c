import type { Case } from '../cases/case.js';
import type { Category } from '../score/types.js';

/**
 * What the monitor should do next, in one or two plain sentences per case. The procedures named are the
 * ones every English school has (child protection policy, DSL, LADO, complaints policy, DPO); the
 * monitor is told who to pass a case to, never asked to investigate it.
 */
const BY_CATEGORY: Record<Category, string> = {
  self_harm: 'Tell the DSL today so they can check on the pupil. Do not reply to the post.',
  abuse: 'Pass to the DSL today under the child protection policy. Do not contact the family yourself.',
  sexual: 'Do not open, save, screenshot or forward any images: the evidence link is enough. Pass to the DSL now.',
  grooming: 'Pass to the DSL now. Do not contact the account; the DSL decides on police or CEOP.',
  bullying: 'Pass to the DSL or pastoral lead, then report the post to the platform.',
  violence: 'Pass to the DSL now. If the threat is specific, call the police (999 in an emergency, 101 otherwise).',
  radicalisation: 'Pass to the DSL (your Prevent lead) today.',
  substances: 'Pass to the DSL; they decide whether to involve the police.',
  exposure: "Ask the platform to remove the child's details (report link below) and tell the DSL and your data protection officer.",
  missing: 'Check with the DSL that the school knows. Share only official police appeals.',
  allegation: 'Pass to the headteacher (or the CEO if it names the headteacher) for the allegations procedure. Do not reply publicly.',
  complaint: 'Pass to the headteacher; the complaints policy applies. Any reply should be private, not on the post.',
  hostility: 'Note it; report the post to the platform if it names staff or pupils. Do not reply.',
  data_breach: 'Tell your data protection officer today: a reportable breach must reach the ICO within 72 hours.',
  inspection: 'For information: pass to the headteacher and the communications lead.',
  legal: 'Pass to the headteacher and the trust. Do not comment publicly.',
  media: 'Pass to the communications lead. Do not comment publicly.',
  impersonation: 'Report the account to the platform as impersonation and warn parents through official channels.',
};

/** The category the case is filed under: the first category of its more severe axis. */
export function primaryCategory(c: Pick<Case, 'safeguarding' | 'reputational'>): Category | undefined {
  const sg = c.safeguarding.categories[0];
  const rep = c.reputational.categories[0];
  if (sg && (c.safeguarding.severity >= c.reputational.severity || !rep)) return sg;
  return rep ?? sg;
}

/** The step for the case's main category alone. */
export function categoryStep(c: Pick<Case, 'safeguarding' | 'reputational'>): string {
  const primary = primaryCategory(c);
  return primary ? BY_CATEGORY[primary] : 'Read the post and decide whether it needs passing on.';
}

export function nextStep(c: Pick<Case, 'safeguarding' | 'reputational' | 'severity' | 'alertSentAt'>): string {
  const steps: string[] = [];
  if (c.safeguarding.severity >= 4) steps.push('If a child is in immediate danger, call 999 now.');
  if (c.safeguarding.severity >= 3) {
    steps.push(c.alertSentAt ? 'The DSL was alerted by email when this was found.' : 'Make sure the DSL has seen this today.');
  }
  steps.push(categoryStep(c));
  return steps.join(' ');
}
