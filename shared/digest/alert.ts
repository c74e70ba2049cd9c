import type { Case } from '../cases/case.js';
import type { Entity } from '../config/schema.js';
import type { LinkKey } from '../links/token.js';
import { caseLinks, type CaseLinks } from '../links/urls.js';
import { caseView, type CaseView } from './build.js';
import { categoryLabel, londonTime, SEVERITY_LABELS } from './labels.js';
import { categoryStep } from './next-steps.js';
import { GENERAL_ROUTES, type ReportRoute } from './report-links.js';
import { inlineCss, type RenderedEmail } from './render.js';
import { loadTemplate } from './template.js';

/**
 * The instant alert's email: a case at safeguarding severity 3 or more goes to the DSL (and the
 * headteacher when the config says so) as soon as it is stored. Sending it once per case is
 * shared/pipeline/alert-cycle.ts's job; this module only says what the email contains.
 */

export interface AlertContext {
  academyName: string;
  /** Names, handles and places of the trust and academy: never masked in exposure excerpts. */
  keepTerms?: string[];
  now?: Date;
}

interface AlertView {
  subject: string;
  preheader: string;
  academyName: string;
  headline: string;
  urgent: string;
  whatToDo: string;
  case: CaseView;
  generalRoutes: readonly ReportRoute[];
  generatedAt: string;
}

function alertView(c: Case, links: CaseLinks, context: AlertContext): AlertView {
  const severity = SEVERITY_LABELS[c.safeguarding.severity];
  const category = categoryLabel(c.safeguarding.categories[0] ?? c.safeguarding.noted?.[0] ?? 'safeguarding concern');
  const academyName = context.academyName.replace(/[\r\n]+/g, ' ').slice(0, 120);
  const view = caseView(c, links, context.keepTerms ?? [academyName]);
  return {
    subject: `Safeguarding alert (${severity.name.toLowerCase()}): ${category}, ${academyName}`,
    preheader: `${severity.name}: ${severity.meaning}. A public post about ${academyName} needs the DSL's attention.`,
    academyName,
    headline: `${severity.name} safeguarding concern: ${category}`,
    urgent: c.safeguarding.severity >= 4
      ? 'A child may be at immediate risk. If a child is in danger now, call 999.'
      : 'Please look at this today.',
    whatToDo: `Follow your child protection policy and record this on your usual system. ${categoryStep(c)}`,
    case: view,
    generalRoutes: GENERAL_ROUTES,
    generatedAt: londonTime(context.now ?? new Date()),
  };
}

export function renderAlert(c: Case, links: CaseLinks, context: AlertContext): RenderedEmail {
  const view = alertView(c, links, context);
  return {
    subject: view.subject,
    html: inlineCss(loadTemplate('alert.html').render(view)),
    text: loadTemplate('alert.txt').render(view),
  };
}

/** Terms that name the school itself: never masked as if they were a child's personal data. */
export const entityTerms = (entity: Pick<Entity, 'name' | 'aliases' | 'handles' | 'hashtags' | 'places'>): string[] => [
  ...new Set([entity.name, ...entity.aliases, ...entity.handles, ...entity.hashtags, ...entity.places]),
];

/** The alert for `c` with freshly signed links, as the alert cycle's renderer. */
export async function renderAlertEmail(
  c: Case,
  entity: Entity,
  links: { baseUrl: string; key: LinkKey },
  now: Date = new Date(),
): Promise<RenderedEmail> {
  const signed = caseLinks(links.baseUrl, { caseId: c.caseId, academyId: c.academyId }, links.key, now);
  return renderAlert(c, signed, { academyName: entity.name, keepTerms: entityTerms(entity), now });
}
