import type { Case, CaseStatus } from '../cases/case.js';
import type { Category, Severity } from '../score/types.js';
import { type Platform, PLATFORM_LABELS } from '../sources/mention.js';

/** Words a school's monitor reads: every code the pipeline uses, said in plain English. */

export const SEVERITY_LABELS: Record<Severity, { name: string; meaning: string; colour: string }> = {
  4: { name: 'Critical', meaning: 'a child may be at immediate risk: act now', colour: '#7f1d1d' },
  3: { name: 'High', meaning: 'act today', colour: '#b91c1c' },
  2: { name: 'Medium', meaning: 'review today and keep the evidence', colour: '#b45309' },
  1: { name: 'Low', meaning: 'worth a glance', colour: '#4b5563' },
  0: { name: 'None', meaning: 'no concern found', colour: '#4b5563' },
};

export const CATEGORY_LABELS: Record<Category, string> = {
  self_harm: 'Self-harm or suicide',
  abuse: 'Abuse or neglect',
  sexual: 'Sexual content or harassment',
  grooming: 'Possible grooming',
  bullying: 'Bullying',
  violence: 'Violence, threats or weapons',
  radicalisation: 'Extremism or radicalisation',
  substances: 'Drugs, alcohol or vapes',
  exposure: "A child's personal details made public",
  missing: 'Missing child',
  allegation: 'Allegation about staff',
  complaint: 'Complaint',
  hostility: 'Hostile or abusive remarks',
  data_breach: 'Data breach',
  inspection: 'Inspection or results',
  legal: 'Legal or police matter',
  media: 'Negative press',
  impersonation: 'Fake account or impersonation',
};

export { PLATFORM_LABELS };

export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'new',
  acknowledged: 'acknowledged',
  reported_to_platform: 'reported to the platform',
  resolved: 'resolved',
  no_action: 'closed with no action',
};

export const categoryLabel = (c: string): string => CATEGORY_LABELS[c as Category] ?? c.replace(/_/g, ' ');

/** A case's concerns in words, then any categories only noted at low severity: "Complaint; also noted, low: Bullying". */
export function caseCategoriesText(c: Pick<Case, 'safeguarding' | 'reputational'>): string {
  const concerns = [...c.safeguarding.categories, ...c.reputational.categories].map(categoryLabel).join(', ') || 'Uncategorised';
  const noted = [...(c.safeguarding.noted ?? []), ...(c.reputational.noted ?? [])].map(categoryLabel).join(', ');
  return noted ? `${concerns}; also noted, low: ${noted}` : concerns;
}
export const platformLabel = (p: string): string => PLATFORM_LABELS[p as Platform] ?? p;

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
});
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
});

const parse = (iso: string | Date): Date | undefined => {
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** "Tue 24 Nov, 07:30" in UK time (GMT or BST as the date falls). */
export const londonTime = (iso: string | Date | undefined): string => {
  const d = iso === undefined ? undefined : parse(iso);
  return d ? LONDON_TIME.format(d).replace(/ at /, ', ') : 'unknown time';
};

/** "Tuesday 24 November 2026". */
export const londonDay = (iso: string | Date): string => {
  const d = parse(iso);
  return d ? LONDON_DAY.format(d) : 'unknown day';
};

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
