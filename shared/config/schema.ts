import { z } from 'zod';

/**
 * The one trust config. Parsed once where it enters (CLI, Lambda cold start, CDK synth);
 * the parsed type flows inward. Every message says what to change, because the reader is
 * a trust's IT technician, not a developer.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use 1-40 lower-case letters, digits and dashes, e.g. "millfield"');

const email = z.email('must be an email address, e.g. monitor@millfield.example.sch.uk');

const severity = z
  .number()
  .int()
  .min(0, 'severity runs 0 (none) to 4 (critical)')
  .max(4, 'severity runs 0 (none) to 4 (critical)');

const httpUrl = z
  .url('must be a full http(s) URL, e.g. https://news.example.co.uk/rss')
  .refine((u) => /^https?:\/\//i.test(u), 'only http:// and https:// URLs are allowed');

/** Sources are a discriminated union on `type`; each platform module owns its options. */
const sourceBase = {
  id: id.optional().describe('unique per academy; defaults to the type'),
  enabled: z.boolean().default(true),
  maxPages: z.number().int().min(1).max(50).default(5).describe('pagination bound per poll'),
};

export const SourceConfig = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('rss'), url: httpUrl, ...sourceBase }).describe('any RSS, Atom, RDF or JSON Feed'),
  z.strictObject({ type: z.literal('google_alerts'), url: httpUrl, ...sourceBase }).describe('a Google Alerts "deliver to RSS feed" URL'),
  z.strictObject({ type: z.literal('google_news'), query: z.string().optional(), ...sourceBase }),
  z.strictObject({
    type: z.literal('reddit'),
    query: z.string().optional().describe('Reddit search words; defaults to the name and aliases, each in quotes, joined with OR'),
    subreddits: z.array(z.string().regex(/^(\/?r\/)?[A-Za-z0-9_]{2,21}$/, 'a subreddit name such as "Cambridgeshire" or "r/Cambridgeshire"')).default([]).describe('search only these; empty searches all of Reddit'),
    ...sourceBase,
  }),
  z.strictObject({
    type: z.literal('youtube'),
    query: z.string().optional().describe('video search words; defaults to the name and aliases, each in quotes, joined with |'),
    channelId: z
      .string()
      .regex(/^UC[A-Za-z0-9_-]{22}$/, 'a channel id starts with UC and has 24 characters: YouTube Studio > Settings > Channel > Advanced settings')
      .optional()
      .describe("the academy's own channel, whose comments are read"),
    ...sourceBase,
  }),
  z.strictObject({ type: z.literal('bluesky'), query: z.string().optional().describe('one search; defaults to separate searches for the name and first aliases'), ...sourceBase }),
  z.strictObject({
    type: z.literal('mastodon'),
    instance: httpUrl,
    hashtags: z.array(z.string().regex(/^[A-Za-z0-9_]+$/, 'hashtags without the #, letters, digits and _ only')).default([]),
    query: z.string().optional(),
    ...sourceBase,
  }),
  z.strictObject({ type: z.literal('x'), query: z.string().optional().describe('X search operators allowed; defaults to name, aliases, handles and hashtags without retweets'), ...sourceBase }),
  z.strictObject({
    type: z.literal('facebook'),
    pageId: z.string().regex(/^\d{5,20}$/, "the numeric id of the academy's Facebook Page: on the Page open About > Page transparency, or Meta Business Suite > Settings"),
    ...sourceBase,
  }),
  z.strictObject({
    type: z.literal('instagram'),
    igUserId: z
      .string()
      .regex(/^\d{5,25}$/, "the numeric id of the academy's Instagram business account: in Graph API Explorer run GET /{page-id}?fields=instagram_business_account"),
    ...sourceBase,
  }),
]);
export type SourceConfig = z.infer<typeof SourceConfig>;
export type SourceType = SourceConfig['type'];

/** What identifies an organisation in text. Shared by the trust and each academy. */
const entityTerms = {
  id,
  name: z.string().min(1, 'give the full official name'),
  aliases: z.array(z.string().min(1)).default([]).describe('other names people use; matched as whole words'),
  contextAliases: z
    .array(z.string().min(1))
    .default([])
    .describe('ambiguous short names ("NBA", "NAT") that count only with a school word or place nearby'),
  handles: z.array(z.string().regex(/^@[A-Za-z0-9_.]+$/, 'handles start with @, e.g. @MillfieldPrimary')).default([]),
  hashtags: z.array(z.string().regex(/^#[\p{L}\p{N}_]+$/u, 'hashtags start with #, e.g. #MillfieldPrimary')).default([]),
  exclude: z.array(z.string().min(1)).default([]).describe('namesake phrases: a mention naming only these is not ours'),
  searchTerms: z
    .array(z.string().min(1))
    .optional()
    .describe('what platform searches look for when a source sets no query; defaults to the name and aliases (leave staff names out: they cost quota and find namesakes)'),
  places: z.array(z.string().min(1)).default([]).describe('place names that confirm an ambiguous alias'),
  monitor: email.describe('nominated monitor: receives the daily digest'),
  dsl: email.describe('Designated Safeguarding Lead: receives instant alerts'),
  head: email.optional().describe('headteacher: copied on instant alerts when alertHead is true'),
  alertHead: z.boolean().default(false),
  sources: z.array(SourceConfig).default([]),
};

export const Academy = z.strictObject(entityTerms);
export type Academy = z.infer<typeof Academy>;

export const Thresholds = z
  .object({
    caseSeverity: severity.default(2).describe('at or above this, a mention becomes a case and gets evidence captured'),
    alertSeverity: severity.default(3).describe('safeguarding at or above this alerts the DSL at once'),
  })
  .default({ caseSeverity: 2, alertSeverity: 3 });

/**
 * The retention schedule, one period per record type. Each default and its reason is printed by
 * `mention-monitor retention` and written into docs/data-protection.md; enforced by DynamoDB TTL and S3
 * lifecycle and Object Lock rules derived from these same numbers (see shared/privacy/schedule.ts).
 */
const retentionDefaults = {
  mentionDays: 30,
  statsDays: 730,
  caseYears: 25,
  reputationalCaseYears: 6,
  noActionCaseDays: 365,
  evidenceDays: 2555,
  objectLockMode: 'GOVERNANCE' as const,
  auditYears: 25,
};

export const Retention = z
  .object({
    mentionDays: z
      .number().int().min(1).max(365).default(retentionDefaults.mentionDays)
      .describe('non-case mentions keep their text, author, URL and payload this many days (UK GDPR Art 5(1)(c) and (e): minimisation, storage limitation)'),
    statsDays: z
      .number().int().min(30).max(3650).default(retentionDefaults.statsDays)
      .describe('the bare dedupe and statistics record of every mention (ids, platform, academy, time, scores, URL hash): two years for year-on-year comparisons'),
    caseYears: z
      .number().int().min(1).max(100).default(retentionDefaults.caseYears)
      .describe('safeguarding cases, whatever their outcome: IRMS Information Management Toolkit for Schools, child protection records, date of birth of the child + 25 years'),
    reputationalCaseYears: z
      .number().int().min(1).max(100).default(retentionDefaults.reputationalCaseYears)
      .describe('reputational-only cases once closed: IRMS toolkit, complaints files, resolution + 6 years (the Limitation Act 1980 period for claims)'),
    noActionCaseDays: z
      .number().int().min(30).max(3650).default(retentionDefaults.noActionCaseDays)
      .describe('reputational-only cases closed as "no action" (false alarms): one year, enough to answer a query about them'),
    evidenceDays: z
      .number().int().min(1).default(retentionDefaults.evidenceDays)
      .describe('Object Lock retention for evidence: nobody can delete or change a screenshot for this many days after capture'),
    evidencePeriodDays: z
      .number().int().min(1).optional()
      .describe("the schedule's evidence period, after which evidence expires; defaults to evidenceDays and may not exceed it"),
    objectLockMode: z.enum(['GOVERNANCE', 'COMPLIANCE']).default(retentionDefaults.objectLockMode),
    auditYears: z
      .number().int().min(1).max(100).default(retentionDefaults.auditYears)
      .describe('audit trail entries (who opened evidence, exports, erasures, status changes): as long as the longest case they describe'),
  })
  .default(retentionDefaults)
  .refine((r) => r.evidencePeriodDays === undefined || r.evidenceDays >= r.evidencePeriodDays, {
    path: ['evidenceDays'],
    message:
      'Object Lock retention (evidenceDays) is shorter than the evidence period (evidencePeriodDays): raise evidenceDays to at least evidencePeriodDays, or lower evidencePeriodDays',
  });
export type Retention = z.infer<typeof Retention>;

export const TrustConfig = z
  .object({
    trust: z.strictObject({
      ...entityTerms,
      region: z.string().default('eu-west-2').describe('AWS region; London by default for UK data residency'),
    }),
    academies: z.array(Academy).min(1, 'list at least one academy'),
    email: z.strictObject({
      from: email.describe('a verified SES sender, e.g. monitor@northbrook.example.sch.uk'),
    }),
    digest: z
      .object({
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use 24-hour HH:MM, e.g. "07:30"').default('07:30'),
        timezone: z.literal('Europe/London').default('Europe/London'),
      })
      .default({ time: '07:30', timezone: 'Europe/London' }),
    pollMinutes: z.number().int().min(5).max(1440).default(30),
    thresholds: Thresholds,
    retention: Retention,
    lexicon: z
      .record(z.string(), z.array(z.string()))
      .default({})
      .describe('extra phrases per scorer category, e.g. { "substances": ["local slang"] }'),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, string>();
    const all = [{ ...cfg.trust, path: ['trust', 'id'] }, ...cfg.academies.map((a, i) => ({ ...a, path: ['academies', i, 'id'] }))];
    for (const entity of all) {
      if (seen.has(entity.id)) {
        ctx.addIssue({ code: 'custom', path: entity.path, message: `id "${entity.id}" is used twice; every academy needs its own id` });
      }
      seen.set(entity.id, entity.name);
    }
    for (const [ai, academy] of [cfg.trust, ...cfg.academies].entries()) {
      const ids = new Set<string>();
      for (const [si, source] of academy.sources.entries()) {
        const sid = source.id ?? source.type;
        if (ids.has(sid)) {
          ctx.addIssue({
            code: 'custom',
            path: [...(ai === 0 ? ['trust'] : ['academies', ai - 1]), 'sources', si, 'id'],
            message: `two sources share the id "${sid}"; give each an "id:"`,
          });
        }
        ids.add(sid);
      }
    }
  });
export type TrustConfig = z.infer<typeof TrustConfig>;

/** The trust and its academies, each a monitored organisation with its own terms and contacts. */
export type Entity = TrustConfig['trust'] | Academy;
export const entities = (cfg: TrustConfig): Entity[] => [cfg.trust, ...cfg.academies];
export const sourceId = (s: SourceConfig): string => s.id ?? s.type;

/** The phrases a platform search looks for by default: the configured search terms, else name and aliases. */
export const defaultSearchTerms = (entity: Pick<Entity, 'name' | 'aliases' | 'searchTerms'>): string[] =>
  [...new Set((entity.searchTerms ?? [entity.name, ...entity.aliases]).map((t) => t.trim()).filter(Boolean))];
