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
  z.object({ type: z.literal('rss'), url: httpUrl, ...sourceBase }).describe('any RSS, Atom, RDF or JSON Feed'),
  z.object({ type: z.literal('google_alerts'), url: httpUrl, ...sourceBase }).describe('a Google Alerts "deliver to RSS feed" URL'),
  z.object({ type: z.literal('google_news'), query: z.string().optional(), ...sourceBase }),
  z.object({ type: z.literal('reddit'), query: z.string().optional(), subreddits: z.array(z.string()).default([]), ...sourceBase }),
  z.object({ type: z.literal('youtube'), query: z.string().optional(), channelId: z.string().optional(), ...sourceBase }),
  z.object({ type: z.literal('bluesky'), query: z.string().optional(), ...sourceBase }),
  z.object({
    type: z.literal('mastodon'),
    instance: httpUrl,
    hashtags: z.array(z.string().regex(/^[A-Za-z0-9_]+$/, 'hashtags without the #, letters, digits and _ only')).default([]),
    query: z.string().optional(),
    ...sourceBase,
  }),
  z.object({ type: z.literal('x'), query: z.string().optional(), ...sourceBase }),
  z.object({ type: z.literal('facebook'), pageId: z.string().min(1, 'the numeric id of the academy\'s Facebook Page'), ...sourceBase }),
  z.object({ type: z.literal('instagram'), igUserId: z.string().min(1, 'the id of the academy\'s Instagram business account'), ...sourceBase }),
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
  places: z.array(z.string().min(1)).default([]).describe('place names that confirm an ambiguous alias'),
  monitor: email.describe('nominated monitor: receives the daily digest'),
  dsl: email.describe('Designated Safeguarding Lead: receives instant alerts'),
  head: email.optional().describe('headteacher: copied on instant alerts when alertHead is true'),
  alertHead: z.boolean().default(false),
  sources: z.array(SourceConfig).default([]),
};

export const Academy = z.object(entityTerms);
export type Academy = z.infer<typeof Academy>;

export const Thresholds = z
  .object({
    caseSeverity: severity.default(2).describe('at or above this, a mention becomes a case and gets evidence captured'),
    alertSeverity: severity.default(3).describe('safeguarding at or above this alerts the DSL at once'),
  })
  .default({ caseSeverity: 2, alertSeverity: 3 });

export const Retention = z
  .object({
    mentionDays: z.number().int().min(1).max(365).default(30).describe('non-case mentions keep text this long'),
    caseYears: z.number().int().min(1).max(100).default(25).describe('safeguarding cases: IRMS toolkit, DOB + 25 years'),
    evidenceDays: z.number().int().min(1).default(2555).describe('Object Lock retention for evidence'),
    objectLockMode: z.enum(['GOVERNANCE', 'COMPLIANCE']).default('GOVERNANCE'),
  })
  .default({ mentionDays: 30, caseYears: 25, evidenceDays: 2555, objectLockMode: 'GOVERNANCE' });

export const TrustConfig = z
  .object({
    trust: z.object({
      ...entityTerms,
      region: z.string().default('eu-west-2').describe('AWS region; London by default for UK data residency'),
    }),
    academies: z.array(Academy).min(1, 'list at least one academy'),
    email: z.object({
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
