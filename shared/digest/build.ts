import { type Case, foundAtAll } from '../cases/case.js';
import type { SourceHealth } from '../ports/index.js';
import { ReputationalCategory, SafeguardingCategory, type Category, type Severity } from '../score/types.js';
import type { Platform } from '../sources/mention.js';
import type { CaseLinks } from '../links/urls.js';
import { buildExcerpt, cleanText, clip, findMatches, type Segment } from './excerpt.js';
import { caseCategoriesText, categoryLabel, londonDay, londonTime, platformLabel, plural, SEVERITY_LABELS, STATUS_LABELS } from './labels.js';
import { maskPersonalData, type MaskedKind } from './mask.js';
import { nextStep, primaryCategory } from './next-steps.js';
import { GENERAL_ROUTES, IWF, reportRoutes, type ReportRoute } from './report-links.js';

/** A mention worth celebrating (praise, results, events), shown at the foot of the digest. */
export interface PositiveMention {
  platform: Platform;
  url: string;
  text: string;
  author?: string;
  publishedAt?: string;
}

export interface DigestInput {
  academy: { id: string; name: string };
  /** The period the digest covers, ISO UTC; usually the day before `now`. */
  since: string;
  until: string;
  /** New cases created in the period, any order. */
  cases: Case[];
  /** From CaseStore.countMentions for the same period. */
  counts: { total: number; cases: number };
  health: SourceHealth[];
  positives: PositiveMention[];
  /** Signed links for a case; called only for the cases the digest shows. */
  linksFor: (c: Case) => CaseLinks;
  /** Names, handles and places of the trust and academy: never masked in exposure excerpts. */
  keepTerms?: string[];
  /** A page listing every case, if the deployment has one; offered when the digest has to summarise. */
  caseListUrl?: string;
  now: Date;
}

/** How many cases get the full treatment and how many a one-line row; the rest are counted. */
export interface DigestLimits {
  detailed: number;
  listed: number;
}
export const DEFAULT_LIMITS: DigestLimits = { detailed: 15, listed: 100 };

export interface CaseView {
  caseId: string;
  severityName: string;
  colour: string;
  categoryText: string;
  platformLabel: string;
  author: string;
  when: string;
  title: string;
  segments: Segment[];
  excerptPlain: string;
  masked: string;
  hidden: string;
  why: string;
  nextStep: string;
  /** Evidence, removal and triage status in one line. */
  statusLine: string;
  evidenceLabel: string;
  postUrl: string;
  postWarning: string;
  links: CaseLinks;
  routes: ReportRoute[];
}

export interface ListedCaseView {
  severityName: string;
  colour: string;
  categoryText: string;
  platformLabel: string;
  when: string;
  viewUrl: string;
}

export interface SourceProblemView {
  source: string;
  lastWorked: string;
  failures: string;
  error: string;
}

export interface DigestView {
  subject: string;
  preheader: string;
  academyName: string;
  dayLabel: string;
  periodLabel: string;
  headline: string;
  nothingNew: boolean;
  nothingNewText: string;
  health: {
    failing: boolean;
    banner: string;
    problems: SourceProblemView[];
    summary: string;
  };
  groups: { severityName: string; meaning: string; colour: string; countText: string; categories: { label: string; countText: string; cases: CaseView[] }[] }[];
  listed: false | { intro: string; rows: ListedCaseView[] };
  overflow: false | { text: string; url: string };
  otherMentions: string;
  /** Reporting help that applies to every case, shown once. */
  generalRoutes: readonly ReportRoute[];
  positives: { platformLabel: string; when: string; text: string; postUrl: string }[];
  generatedAt: string;
}

const CATEGORY_ORDER: Category[] = [...SafeguardingCategory.options, ...ReputationalCategory.options];
const categoryRank = (c: Case) => {
  const p = primaryCategory(c);
  return p ? CATEGORY_ORDER.indexOf(p) : CATEGORY_ORDER.length;
};

/** Most severe first, then by category in the guide's order, then newest first. */
export function sortCases(cases: Case[]): Case[] {
  return [...cases].sort(
    (a, b) => b.severity - a.severity || categoryRank(a) - categoryRank(b) || b.createdAt.localeCompare(a.createdAt) || a.caseId.localeCompare(b.caseId),
  );
}

/** Only http(s) addresses become links; anything else (javascript:, data:, junk) is dropped. */
export function safeHttpUrl(raw: string | undefined, maxLength = 2048): string {
  if (!raw || raw.length > maxLength) return '';
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : '';
  } catch {
    return '';
  }
}

const MASK_NOTES: Record<MaskedKind, string> = {
  name: 'names', phone: 'phone numbers', email: 'email addresses', handle: 'account names', address: 'addresses', postcode: 'postcodes', date: 'dates',
};

/** The one-line excerpt treatment shared by the digest and the alert. */
function caseExcerpt(c: Case, keepTerms: string[] = [], maxLength = 280) {
  const clean = cleanText(c.text);
  // Protections read every finding, noted ones too: a needless mask costs a click, a missed one exposes a child.
  const exposure = foundAtAll(c.safeguarding, 'exposure');
  const mask = (s: string) => (exposure ? maskPersonalData(s, { keep: keepTerms }).text : s);
  const masked = exposure ? maskPersonalData(clean.text, { keep: keepTerms }) : { text: clean.text, masked: [] as MaskedKind[] };
  const ranges = findMatches(clean.text, c.reasons.map((r) => r.match));
  const excerpt = buildExcerpt(masked.text, ranges, maxLength);
  // A reason quotes the post; in an exposure case it quotes the masked post at the same place, since a
  // match masked on its own ("Bennett" without "Lucy") could escape the name rules.
  const quote = (match: string) => {
    const at = exposure ? findMatches(clean.text, [match], 1)[0] : undefined;
    return clip(at ? masked.text.slice(at.start, at.end) : mask(cleanText(match, 200).text), 60);
  };
  const all = [...new Set(c.reasons.map((r) => `${categoryLabel(r.category)} ("${quote(r.match)}")`))];
  const reasons = all.slice(0, 5);
  const more = all.length > 5 ? `, and ${all.length - 5} more` : '';
  return {
    excerpt,
    title: c.title ? clip(mask(cleanText(c.title, 500).text), 200) : '',
    masked: masked.masked.length
      ? `Personal details (${masked.masked.map((k) => MASK_NOTES[k]).join(', ')}) are hidden here. The evidence link shows the full post, and opening it is recorded.`
      : '',
    hidden: clean.hiddenRemoved
      ? `${plural(clean.hiddenRemoved, 'hidden character')} (used to dodge filters or reverse text) ${clean.hiddenRemoved === 1 ? 'was' : 'were'} removed from this post.`
      : '',
    why: reasons.length ? `${reasons.join('; ')}${more}.` : 'Scored as a concern without a single matching phrase.',
  };
}

function evidenceText(c: Case): string {
  switch (c.evidence.status) {
    case 'captured':
      return `Evidence kept ${londonTime(c.evidence.capturedAt)} (${c.evidence.kind === 'card' ? 'a record of the post as we received it' : 'a screenshot and copy of the page'}).`;
    case 'pending':
      return 'Evidence is being captured; the link will show it once ready.';
    case 'failed':
      return `Evidence capture failed (${clip(c.evidence.error ?? 'no reason given', 160)}). The post text is kept; if the post is still up, take a screenshot.`;
  }
}

/** The case's routes; a hidden link comes with the IWF route for what it may show, even when sexual was only noted. */
function routesFor(c: Case, concerns: Category[], linkHidden: boolean): ReportRoute[] {
  const routes = reportRoutes(c.platform, concerns);
  if (linkHidden && !routes.includes(IWF)) routes.push(IWF);
  return routes;
}

export function caseView(c: Case, links: CaseLinks, keepTerms: string[] = []): CaseView {
  const severity = SEVERITY_LABELS[c.severity];
  const shown = caseExcerpt(c, keepTerms);
  const categories = [...c.safeguarding.categories, ...c.reputational.categories];
  const sexual = foundAtAll(c.safeguarding, 'sexual');
  return {
    caseId: c.caseId,
    severityName: severity.name,
    colour: severity.colour,
    categoryText: caseCategoriesText(c),
    platformLabel: platformLabel(c.platform),
    author: c.author ? clip(c.author, 80) : '',
    when: londonTime(c.publishedAt ?? c.createdAt),
    title: shown.title,
    segments: shown.excerpt.segments,
    excerptPlain: shown.excerpt.plain,
    masked: shown.masked,
    hidden: shown.hidden,
    why: shown.why,
    nextStep: nextStep(c),
    statusLine: [
      evidenceText(c),
      c.removedAt ? `The post was removed from ${platformLabel(c.platform)} by ${londonTime(c.removedAt)}; we still hold the evidence.` : '',
      c.status === 'new' ? '' : `Marked ${STATUS_LABELS[c.status]}${c.statusBy ? ` by ${clip(c.statusBy, 80)}` : ''}${c.statusAt ? ` on ${londonTime(c.statusAt)}` : ''}.`,
    ].filter(Boolean).join(' '),
    evidenceLabel: sexual ? 'View evidence (DSL only: may show images of a child)' : 'View evidence',
    // A post that may hold sexual images of a child is not linked: opening it can be an offence; the IWF route says what to do.
    postUrl: sexual ? '' : safeHttpUrl(c.url),
    postWarning: sexual ? 'Do not open the original post: it may contain sexual images of a child.' : '',
    links,
    routes: routesFor(c, categories, sexual),
  };
}

function healthView(health: SourceHealth[], now: Date): DigestView['health'] {
  const dayAgo = now.getTime() - 26 * 3600_000;
  const problems: SourceProblemView[] = [];
  for (const h of [...health].sort((a, b) => a.sourceId.localeCompare(b.sourceId))) {
    const stale = Date.parse(h.lastRunAt) < dayAgo;
    if (h.consecutiveFailures === 0 && !stale) continue;
    problems.push({
      source: clip(h.sourceId, 60),
      lastWorked: h.lastSuccessAt ? `last worked ${londonTime(h.lastSuccessAt)}` : 'has never worked',
      failures: stale ? `has not run since ${londonTime(h.lastRunAt)}` : `failed ${plural(h.consecutiveFailures, 'time')} in a row`,
      error: h.lastError ? clip(h.lastError, 300) : stale ? 'The poller may be stopped: ask your IT technician to check the scheduled job.' : 'No error was recorded.',
    });
  }
  if (health.length === 0) {
    return {
      failing: true,
      banner: 'No sources are set up, so nothing is being watched. Ask your IT technician to add sources to the trust config.',
      problems,
      summary: 'No sources are set up.',
    };
  }
  if (problems.length) {
    return {
      failing: true,
      banner: `${problems.length} of ${plural(health.length, 'source')} ${problems.length === 1 ? 'is' : 'are'} not working, so posts there are being missed. Pass this to your IT technician.`,
      problems,
      summary: `${health.length - problems.length} of ${plural(health.length, 'source')} working.`,
    };
  }
  return { failing: false, banner: '', problems, summary: health.length === 1 ? 'The 1 source was checked in the last day without errors.' : `All ${plural(health.length, 'source')} checked in the last day without errors.` };
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').slice(0, 200);

export function buildDigest(input: DigestInput, limits: DigestLimits = DEFAULT_LIMITS): DigestView {
  const keep = input.keepTerms ?? [input.academy.name];
  const academyName = clip(input.academy.name, 120);
  const sorted = sortCases(input.cases);
  const detailed = sorted.slice(0, limits.detailed);
  const listed = sorted.slice(limits.detailed, limits.detailed + limits.listed);
  const overflowCount = sorted.length - detailed.length - listed.length;
  const urgent = sorted.filter((c) => c.severity >= 3).length;
  const health = healthView(input.health, input.now);
  const day = londonTime(input.now).replace(/,.*$/, '');

  const groups: DigestView['groups'] = [];
  for (const c of detailed) {
    const severity = SEVERITY_LABELS[c.severity as Severity];
    let group = groups.find((g) => g.severityName === severity.name);
    if (!group) {
      group = { severityName: severity.name, meaning: severity.meaning, colour: severity.colour, countText: '', categories: [] };
      groups.push(group);
    }
    const label = categoryLabel(primaryCategory(c) ?? 'uncategorised');
    let category = group.categories.find((g) => g.label === label);
    if (!category) {
      category = { label, countText: '', cases: [] };
      group.categories.push(category);
    }
    category.cases.push(caseView(c, input.linksFor(c), keep));
  }
  for (const g of groups) {
    const total = sorted.filter((c) => SEVERITY_LABELS[c.severity].name === g.severityName).length;
    g.countText = plural(total, 'case');
    for (const cat of g.categories) cat.countText = plural(cat.cases.length, 'case');
  }

  const caseCount = sorted.length;
  const headline = caseCount === 0
    ? 'Nothing new needs your attention.'
    : `${plural(caseCount, 'new case')}${urgent ? `, ${urgent} of them high or critical` : ''}.`;
  const others = Math.max(0, input.counts.total - input.counts.cases);
  const subject = oneLine(
    `${health.failing ? 'ACTION NEEDED: a source is failing. ' : ''}${academyName}: ${
      caseCount === 0 ? 'nothing new' : `${plural(caseCount, 'new case')}${urgent ? ` (${urgent} high or critical)` : ''}`
    }, ${day}`,
  );

  return {
    subject,
    preheader: oneLine(`${headline} ${health.failing ? health.banner : health.summary}`),
    academyName,
    dayLabel: londonDay(input.now),
    periodLabel: `From ${londonTime(input.since)} to ${londonTime(input.until)} (UK time).`,
    headline,
    nothingNew: caseCount === 0,
    nothingNewText: `No new posts about ${academyName} looked concerning since the last digest. This email is sent every day, so you always know monitoring is running.`,
    health,
    groups,
    listed: listed.length
      ? {
          intro: `${plural(listed.length, 'more case')}, in brief (open a case for the full details and triage links):`,
          rows: listed.map((c) => {
            const severity = SEVERITY_LABELS[c.severity];
            return {
              severityName: severity.name,
              colour: severity.colour,
              categoryText: categoryLabel(primaryCategory(c) ?? 'uncategorised'),
              platformLabel: platformLabel(c.platform),
              when: londonTime(c.publishedAt ?? c.createdAt),
              viewUrl: input.linksFor(c).view,
            };
          }),
        }
      : false,
    overflow: overflowCount > 0
      ? {
          text: `${plural(overflowCount, 'further case')}, the least severe, ${overflowCount === 1 ? 'is' : 'are'} not shown, to keep this email small enough to open.${
            input.caseListUrl ? ' Open the full case list:' : ' Ask your IT technician for the full case list.'
          }`,
          url: safeHttpUrl(input.caseListUrl),
        }
      : false,
    otherMentions: others === 0
      ? `No other mentions of ${academyName} were found in this period.`
      : `We also saw ${plural(others, 'other mention')} of ${academyName} that did not need action.`,
    generalRoutes: caseCount ? GENERAL_ROUTES : [],
    // Praise can name a pupil ("well done to Oliver H... in 6R"): masked like an exposure excerpt, since it needs no names to be enjoyed.
    positives: input.positives.slice(0, 3).map((p) => ({
      platformLabel: platformLabel(p.platform),
      when: londonTime(p.publishedAt),
      text: clip(maskPersonalData(cleanText(p.text).text, { keep }).text, 200),
      postUrl: safeHttpUrl(p.url),
    })),
    generatedAt: londonTime(input.now),
  };
}
