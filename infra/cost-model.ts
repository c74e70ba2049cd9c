import type { Entity, TrustConfig } from '../shared/config/schema.js';
import { secretRequirements } from '../shared/sources/credentials.js';
import { entityConfig, monitoredEntities } from './entity-config.js';
import { ALARMS_PER_ACADEMY, FUNCTION_SIZES, RECHECK_HOURS } from './sizing.js';

/**
 * Monthly AWS bill per academy, from the trust config and a few volume assumptions. Every price is a
 * public list price for eu-west-2 (London) in USD, entered by hand from the page named beside it, so a
 * reader can check each one; AWS free tiers are shown separately, not assumed.
 */
export const PRICES = {
  checked: '2026-11',
  region: 'eu-west-2',
  lambdaArmGbSecond: { usd: 0.0000133334, source: 'https://aws.amazon.com/lambda/pricing/ (Arm, first 6 billion GB-s)' },
  lambdaX86GbSecond: { usd: 0.0000166667, source: 'https://aws.amazon.com/lambda/pricing/ (x86, first 6 billion GB-s)' },
  lambdaPerMillionRequests: { usd: 0.2, source: 'https://aws.amazon.com/lambda/pricing/' },
  dynamoPerMillionWrites: { usd: 0.7425, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (London, write request units)' },
  dynamoPerMillionReads: { usd: 0.1485, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (London, read request units)' },
  dynamoStorageGbMonth: { usd: 0.29715, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (London, data storage)' },
  dynamoPitrGbMonth: { usd: 0.2377, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (London, continuous backups)' },
  s3StandardGbMonth: { usd: 0.024, source: 'https://aws.amazon.com/s3/pricing/ (London, S3 Standard, first 50 TB)' },
  s3PerThousandPuts: { usd: 0.0053, source: 'https://aws.amazon.com/s3/pricing/ (London, PUT, COPY, POST, LIST)' },
  s3PerThousandGets: { usd: 0.00042, source: 'https://aws.amazon.com/s3/pricing/ (London, GET and all other requests)' },
  sqsPerMillionRequests: { usd: 0.4, source: 'https://aws.amazon.com/sqs/pricing/ (standard queue, after the first 1 million a month)' },
  schedulerPerMillion: { usd: 1.0, source: 'https://aws.amazon.com/eventbridge/pricing/ (Scheduler, after 14 million free invocations a month)' },
  sesPerThousandEmails: { usd: 0.1, source: 'https://aws.amazon.com/ses/pricing/ (outbound email)' },
  secretPerMonth: { usd: 0.4, source: 'https://aws.amazon.com/secrets-manager/pricing/' },
  ssmStandardParameter: { usd: 0, source: 'https://aws.amazon.com/systems-manager/pricing/ (standard parameters, standard throughput: no charge)' },
  kmsKeyPerMonth: { usd: 1.0, source: 'https://aws.amazon.com/kms/pricing/ (customer managed key)' },
  kmsPerTenThousandRequests: { usd: 0.03, source: 'https://aws.amazon.com/kms/pricing/' },
  alarmPerMonth: { usd: 0.1, source: 'https://aws.amazon.com/cloudwatch/pricing/ (standard-resolution alarm metric)' },
  logsIngestGb: { usd: 0.5985, source: 'https://aws.amazon.com/cloudwatch/pricing/ (London, logs: collect)' },
  logsStoreGbMonth: { usd: 0.0315, source: 'https://aws.amazon.com/cloudwatch/pricing/ (London, logs: store)' },
} as const;

/** What a school's month looks like. Defaults are a typical single school; override any of them. */
export interface Usage {
  /** Enabled sources per academy; undefined means "as in the config". */
  sourcesPerAcademy?: number;
  mentionsPerDay: number;
  /** Mentions at or above thresholds.caseSeverity: each gets evidence captured. */
  casesPerDay: number;
  instantAlertsPerDay: number;
  /** How often staff open an evidence link. */
  evidenceViewsPerDay: number;
  pollSeconds: number;
  captureSeconds: number;
  /** Screenshot, page HTML and manifest for one case. */
  evidenceBytesPerCase: number;
  /** Evidence stored after this many months of running (storage grows; it is never deleted early). */
  monthsRunning: number;
  /** CloudWatch log bytes per invocation (START, END, REPORT and a few JSON lines). */
  logBytesPerInvocation: number;
  usdToGbp: number;
}

export const TYPICAL_USAGE: Usage = {
  sourcesPerAcademy: 4,
  mentionsPerDay: 20,
  casesPerDay: 1,
  instantAlertsPerDay: 0.1,
  evidenceViewsPerDay: 2,
  pollSeconds: 1.5,
  captureSeconds: 8,
  evidenceBytesPerCase: 1_000_000,
  monthsRunning: 12,
  logBytesPerInvocation: 1_500,
  // 1 GBP = 1.32 USD: Bank of England spot rate, November 2026, rounded. Change with --usd-gbp.
  usdToGbp: 0.76,
};

export const DAYS_PER_MONTH = 30.42;

/**
 * The SQS event source mapping long-polls the capture queue even when it is empty, one 20-second receive
 * per poller around the clock. AWS scales idle mappings to five pollers and "can optimise to as few as 2"
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html); the model assumes five.
 */
export const SQS_IDLE_RECEIVES_PER_MONTH = 5 * 3 * 60 * 24 * DAYS_PER_MONTH;

export interface LineItem {
  service: string;
  usage: string;
  usd: number;
}

export interface AcademyEstimate {
  academyId: string;
  sources: number;
  items: LineItem[];
  /** This academy's share of the trust-level items. */
  sharedUsd: number;
  usd: number;
  gbp: number;
}

export interface Estimate {
  usage: Usage;
  shared: LineItem[];
  academies: AcademyEstimate[];
  totalUsd: number;
  totalGbp: number;
}

const gbSeconds = (invocations: number, seconds: number, memoryMiB: number) => invocations * seconds * (memoryMiB / 1024);
const round = (n: number) => Math.round(n * 10_000) / 10_000;

function academyItems(cfg: TrustConfig, entity: Entity, u: Usage): { sources: number; items: LineItem[] } {
  const sources = u.sourcesPerAcademy ?? entity.sources.filter((s) => s.enabled).length;
  const polls = sources * (24 * 60 / cfg.pollMinutes) * DAYS_PER_MONTH;
  const mentions = u.mentionsPerDay * DAYS_PER_MONTH;
  const cases = u.casesPerDay * DAYS_PER_MONTH;
  const alerts = u.instantAlertsPerDay * DAYS_PER_MONTH;
  const views = u.evidenceViewsPerDay * DAYS_PER_MONTH;
  const digests = DAYS_PER_MONTH;
  const rechecks = (24 / RECHECK_HOURS) * DAYS_PER_MONTH;

  const armGbS =
    gbSeconds(polls, u.pollSeconds, FUNCTION_SIZES.poll.memoryMiB) +
    gbSeconds(digests, 1, FUNCTION_SIZES.digest.memoryMiB) +
    gbSeconds(alerts, 1, FUNCTION_SIZES.alert.memoryMiB) +
    gbSeconds(views, 0.3, FUNCTION_SIZES['evidence-link'].memoryMiB) +
    gbSeconds(rechecks, 3, FUNCTION_SIZES.recheck.memoryMiB);
  const x86GbS = gbSeconds(cases, u.captureSeconds, FUNCTION_SIZES.capture.memoryMiB);
  const invocations = polls + cases + digests + alerts + views + rechecks;

  // Each write counts once for the table and once per index it touches (cases sit in four indexes). A
  // mention is its dedupe record, its text and clearing the record's pending mark, all in byAcademy.
  const writes = polls * 2 + mentions * 6 + cases * (5 + 5 + 2) + digests;
  const reads = polls * 1 + digests * 25 + views * 2 + rechecks * 10;
  const tableGb = (mentions * 2_000 + cases * u.monthsRunning * 6_000) / 1e9;
  const evidenceGb = (cases * u.monthsRunning * u.evidenceBytesPerCase) / 1e9;
  const secrets = secretRequirements(entityConfig(cfg, entity)).filter((s) => s.entityId === entity.id).length;
  const logGb = (invocations * u.logBytesPerInvocation) / 1e9;
  const sqsRequests = SQS_IDLE_RECEIVES_PER_MONTH + cases * 3;

  const p = PRICES;
  const items: LineItem[] = [
    {
      service: 'Lambda compute',
      usage: `${Math.round(polls)} polls, ${Math.round(cases)} captures, ${Math.round(digests)} digests, ${Math.round(rechecks)} re-checks: ${Math.round(armGbS)} GB-s Arm + ${Math.round(x86GbS)} GB-s x86`,
      usd: armGbS * p.lambdaArmGbSecond.usd + x86GbS * p.lambdaX86GbSecond.usd,
    },
    { service: 'Lambda requests', usage: `${Math.round(invocations)} invocations`, usd: (invocations / 1e6) * p.lambdaPerMillionRequests.usd },
    {
      service: 'DynamoDB on-demand',
      usage: `${Math.round(writes)} writes, ${Math.round(reads)} reads, ${(tableGb * 1000).toFixed(1)} MB stored with PITR`,
      usd: (writes / 1e6) * p.dynamoPerMillionWrites.usd + (reads / 1e6) * p.dynamoPerMillionReads.usd + tableGb * (p.dynamoStorageGbMonth.usd + p.dynamoPitrGbMonth.usd),
    },
    {
      service: 'S3 evidence',
      usage: `${evidenceGb.toFixed(2)} GB after ${u.monthsRunning} months, ${Math.round(cases * 5)} PUTs, ${Math.round(views)} GETs`,
      usd: evidenceGb * p.s3StandardGbMonth.usd + ((cases * 5) / 1000) * p.s3PerThousandPuts.usd + (views / 1000) * p.s3PerThousandGets.usd,
    },
    {
      service: 'SQS',
      usage: `${Math.round(sqsRequests)} requests, almost all the event source's idle long polls`,
      usd: (sqsRequests / 1e6) * p.sqsPerMillionRequests.usd,
    },
    { service: 'EventBridge Scheduler', usage: `${Math.round(polls + digests + rechecks)} invocations`, usd: ((polls + digests + rechecks) / 1e6) * p.schedulerPerMillion.usd },
    { service: 'SES', usage: `${Math.round(digests + alerts)} emails`, usd: ((digests + alerts) / 1000) * p.sesPerThousandEmails.usd },
    { service: 'SSM Parameter Store', usage: `${secrets} standard SecureString parameters`, usd: secrets * p.ssmStandardParameter.usd },
    { service: 'CloudWatch alarms', usage: `${ALARMS_PER_ACADEMY} alarms`, usd: ALARMS_PER_ACADEMY * p.alarmPerMonth.usd },
    {
      service: 'CloudWatch Logs',
      usage: `${(logGb * 1000).toFixed(1)} MB a month, kept 3 months`,
      usd: logGb * p.logsIngestGb.usd + logGb * 3 * p.logsStoreGbMonth.usd,
    },
    {
      service: 'KMS requests',
      usage: 'data keys for the table, queue and bucket (cached by each service)',
      usd: (((30 * 24 * 12) + cases * 4) / 10_000) * p.kmsPerTenThousandRequests.usd,
    },
  ];
  return { sources, items: items.map((i) => ({ ...i, usd: round(i.usd) })) };
}

/** Trust-level items, split evenly across the academies. */
function sharedItems(): LineItem[] {
  return [
    { service: 'KMS key', usage: 'one customer managed key for the trust', usd: PRICES.kmsKeyPerMonth.usd },
    { service: 'Secrets Manager', usage: 'the evidence-link signing key', usd: PRICES.secretPerMonth.usd },
    { service: 'CloudWatch alarms', usage: 'SES bounce rate', usd: PRICES.alarmPerMonth.usd },
  ];
}

export function estimateMonthlyCost(cfg: TrustConfig, usage: Usage = TYPICAL_USAGE): Estimate {
  const entities = monitoredEntities(cfg);
  const shared = sharedItems();
  const sharedUsd = shared.reduce((sum, i) => sum + i.usd, 0) / entities.length;
  const academies = entities.map((entity) => {
    const { sources, items } = academyItems(cfg, entity, usage);
    const usd = round(items.reduce((sum, i) => sum + i.usd, 0) + sharedUsd);
    return { academyId: entity.id, sources, items, sharedUsd: round(sharedUsd), usd, gbp: round(usd * usage.usdToGbp) };
  });
  const totalUsd = round(academies.reduce((sum, a) => sum + a.usd, 0));
  return { usage, shared, academies, totalUsd, totalGbp: round(totalUsd * usage.usdToGbp) };
}
