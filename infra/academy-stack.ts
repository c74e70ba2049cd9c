import { Arn, CfnOutput, Duration, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { sourceId, type Entity, type SourceType, type TrustConfig } from '../shared/config/schema.js';
import { secretRequirements } from '../shared/sources/credentials.js';
import { CaptureQueue } from './constructs/capture-queue.js';
import { CaseTable } from './constructs/case-table.js';
import { EvidenceBucket } from './constructs/evidence-bucket.js';
import { MonitorFunction } from './constructs/monitor-function.js';
import { PlatformCredentials } from './constructs/platform-credentials.js';
import { entityConfig } from './entity-config.js';
import { FUNCTION_SIZES, RECHECK_HOURS, type FunctionName } from './sizing.js';

/** Shared pieces from the trust stack. */
export interface TrustResources {
  key: kms.IKey;
  alarmTopic: sns.ITopic;
  linkKey: secretsmanager.ISecret;
  senderDomain: string;
}

export interface AcademyStackProps extends StackProps {
  config: TrustConfig;
  configFile: string;
  /** The academy, or the trust itself when the trust has sources of its own. */
  entity: Entity;
  trust: TrustResources;
  /** Reserve concurrency for pollers of rate-limited platforms; off for new accounts with a concurrency quota of 10. */
  reserveConcurrency: boolean;
  /** See MonitorFunctionProps.bundle: false only in tests. */
  bundle: boolean;
}

/**
 * Platforms whose rate limit is per app or token, so two polls at once can exhaust it: X recent search,
 * Reddit OAuth (100 queries a minute), the Meta Graph API (200 calls an hour per user).
 */
export const RATE_LIMITED: ReadonlySet<SourceType> = new Set(['x', 'reddit', 'facebook', 'instagram']);

/** A source failing this many polls in a row alarms IT (one failure is usually a platform hiccup). */
export const SOURCE_FAILING_RUNS = 3;

const LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/**
 * Everything that monitors one academy: it reads as a list of parts. Each academy has its own table,
 * bucket, queue and functions, so one school's data never shares a resource with another's, and an
 * academy can be deployed or torn down on its own.
 */
export class AcademyStack extends Stack {
  constructor(scope: Construct, id: string, props: AcademyStackProps) {
    super(scope, id, props);
    const { config, entity, trust } = props;
    const stackName = this.stackName;

    const table = new CaseTable(this, 'Cases', { key: trust.key }).table;
    const evidence = new EvidenceBucket(this, 'Evidence', { key: trust.key, retention: config.retention }).bucket;
    const captureJobs = new CaptureQueue(this, 'CaptureJobs', {
      key: trust.key,
      consumerTimeout: Duration.seconds(FUNCTION_SIZES.capture.timeoutSeconds),
      alarmTopic: trust.alarmTopic,
      stackName,
    });
    const secrets = secretRequirements(entityConfig(config, entity)).filter((s) => s.entityId === entity.id);
    const credentials = new PlatformCredentials(this, 'Credentials', { secrets });

    // Every handler validates the baked-in trust config at cold start (functions/wiring.ts) and picks its
    // academy by ACADEMY_ID; the whole config, so matching knows every academy's names.
    const common = { alarmTopic: trust.alarmTopic, logRetention: LOG_RETENTION, bundle: props.bundle, trustConfigJson: JSON.stringify(config) };
    const base = { TABLE_NAME: table.tableName, ACADEMY_ID: entity.id };
    // Links in alerts and digests are signed with the trust's key (mail itself goes from config.email.from).
    const links = { LINK_KEY_SECRET_ARN: trust.linkKey.secretArn };

    // The evidence endpoint comes first: instant alerts and digests carry links to it.
    const evidenceLink = new MonitorFunction(this, 'EvidenceLink', {
      ...common,
      ...sized('evidence-link'),
      handler: 'evidence-link',
      description: `${entity.name}: check a signed evidence link and redirect to a short-lived S3 URL`,
      environment: { ...base, ...links, BUCKET_NAME: evidence.bucketName },
    });
    const evidenceUrl = evidenceLink.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    const rateLimited = entity.sources.some((s) => s.enabled && RATE_LIMITED.has(s.type));
    const poll = new MonitorFunction(this, 'Poll', {
      ...common,
      ...sized('poll'),
      handler: 'poll',
      description: `${entity.name}: poll one source, match, score, store, queue evidence capture, alert the DSL`,
      environment: {
        ...base,
        ...links,
        LINK_BASE_URL: evidenceUrl.url,
        CAPTURE_QUEUE_URL: captureJobs.queue.queueUrl,
      },
      reservedConcurrency: props.reserveConcurrency && rateLimited ? 1 : undefined,
    });

    const capture = new MonitorFunction(this, 'Capture', {
      ...common,
      ...sized('capture'),
      handler: 'capture',
      description: `${entity.name}: capture screenshot evidence of a case to S3`,
      environment: { ...base, BUCKET_NAME: evidence.bucketName },
      // The @sparticuz/chromium npm package ships an x86_64 binary only (its arm64 build is a separate layer).
      architecture: lambda.Architecture.X86_64,
      // Chromium is a brotli-compressed binary and Playwright reads its own files from disk: neither can be bundled.
      nodeModules: ['@sparticuz/chromium', 'playwright-core'],
    });

    const digest = new MonitorFunction(this, 'Digest', {
      ...common,
      ...sized('digest'),
      handler: 'digest',
      description: `${entity.name}: send the daily digest to the nominated monitor`,
      environment: { ...base, ...links, BUCKET_NAME: evidence.bucketName, LINK_BASE_URL: evidenceUrl.url },
    });

    const alert = new MonitorFunction(this, 'Alert', {
      ...common,
      ...sized('alert'),
      handler: 'alert',
      description: `${entity.name}: email the DSL at once about a high-severity safeguarding case`,
      environment: { ...base, ...links, LINK_BASE_URL: evidenceUrl.url },
    });

    const recheck = new MonitorFunction(this, 'Recheck', {
      ...common,
      ...sized('recheck'),
      handler: 'recheck',
      description: `${entity.name}: re-check recent cases for removed posts, send alerts still owed, re-queue missing evidence`,
      environment: { ...base, ...links, LINK_BASE_URL: evidenceUrl.url, CAPTURE_QUEUE_URL: captureJobs.queue.queueUrl },
    });

    // Wiring: queue to capture, table stream to alert.
    // No maxConcurrency: with it set, Lambda cannot scale its idle pollers down from five to two, and the
    // idle receives are most of this queue's bill. A school produces a handful of cases at a time.
    capture.fn.addEventSource(new sources.SqsEventSource(captureJobs.queue, { batchSize: 1, reportBatchItemFailures: true }));
    alert.fn.addEventSource(
      new sources.DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 10,
        retryAttempts: 3,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new sources.SqsDlq(captureJobs.deadLetters),
        // Only new case items wake the alert function; the handler checks severity against thresholds.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { sk: { S: lambda.FilterRule.isEqual('CASE') } } },
          }),
        ],
      }),
    );

    // Permissions: each function gets only what its job needs.
    // Table access per function, by what its code calls. No function may DeleteItem or BatchWriteItem,
    // so the append-only audit trail is a property of IAM as well as of the code; expiry is DynamoDB TTL.
    const tableAccess: [MonitorFunction, string[]][] = [
      [poll, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']],
      [capture, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']],
      [alert, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']],
      [evidenceLink, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']],
      [recheck, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']],
      // The digest run also applies the retention schedule, which scans the table to stamp expiry dates.
      [digest, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan']],
    ];
    for (const [f, actions] of tableAccess) {
      table.grant(f.fn, ...actions);
      trust.key.grantEncryptDecrypt(f.fn);
    }
    // The re-check puts cases still without evidence back on the queue.
    for (const f of [poll, recheck]) captureJobs.queue.grantSendMessages(f.fn);
    // Capture writes new objects only: no retention or legal-hold changes, no deletes (the bucket's default
    // Object Lock retention applies to every object it writes).
    capture.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [evidence.arnForObjects('cases/*')] }));
    for (const f of [capture, digest, evidenceLink]) evidence.grantRead(f.fn);
    for (const f of [poll, digest, alert, evidenceLink, recheck]) grantReadLinkKey(f.fn, trust, this.region);
    if (credentials.parameterArns.length > 0) {
      poll.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: credentials.parameterArns }));
    }
    const sendMail = new iam.PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: sesIdentityArns(this, config, entity, trust.senderDomain),
      conditions: { StringEquals: { 'ses:FromAddress': config.email.from } },
    });
    // The poller sends instant alerts itself; the alert function (table stream) and the hourly recheck
    // (alerts whose sender died mid-send) are the backstops.
    for (const f of [poll, digest, alert, recheck]) f.fn.addToRolePolicy(sendMail);

    // Schedules, in Europe/London so the digest arrives at the same clock time in BST and GMT.
    const enabledSources = entity.sources.filter((s) => s.enabled);
    for (const source of enabledSources) {
      const sid = sourceId(source);
      new scheduler.Schedule(this, `Poll-${sid}`, {
        description: `${entity.name}: poll ${source.type} source "${sid}" every ${config.pollMinutes} minutes`,
        schedule: scheduler.ScheduleExpression.rate(Duration.minutes(config.pollMinutes)),
        target: new targets.LambdaInvoke(poll.fn, {
          input: scheduler.ScheduleTargetInput.fromObject({ academyId: entity.id, sourceId: sid }),
          // A missed poll is picked up by the next one; retrying later than that only duplicates work.
          maxEventAge: Duration.minutes(config.pollMinutes),
          retryAttempts: 2,
        }),
      });
    }
    const [hour, minute] = config.digest.time.split(':').map((n) => String(Number(n)));
    new scheduler.Schedule(this, 'DailyDigest', {
      description: `${entity.name}: daily digest at ${config.digest.time} ${config.digest.timezone}`,
      schedule: scheduler.ScheduleExpression.cron({ minute, hour, timeZone: TimeZone.of(config.digest.timezone) }),
      target: new targets.LambdaInvoke(digest.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({ academyId: entity.id }),
        maxEventAge: Duration.hours(6),
        retryAttempts: 10,
      }),
    });
    new scheduler.Schedule(this, 'RemovalRecheck', {
      description: `${entity.name}: re-check recent cases for removed posts every ${RECHECK_HOURS} hour(s)`,
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(RECHECK_HOURS)),
      target: new targets.LambdaInvoke(recheck.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({ academyId: entity.id }),
        retryAttempts: 2,
      }),
    });

    // A source failing run after run: the poller logs consecutiveFailures with each failure.
    const failingMetric = new logs.MetricFilter(this, 'SourceFailingFilter', {
      logGroup: poll.logGroup,
      filterPattern: logs.FilterPattern.numberValue('$.consecutiveFailures', '>=', SOURCE_FAILING_RUNS),
      metricNamespace: `MentionMonitor/${entity.id}`,
      metricName: 'SourceFailing',
      metricValue: '1',
    }).metric({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM });
    new cloudwatch.Alarm(this, 'SourceFailingAlarm', {
      alarmDescription: `${stackName}: a source has failed ${SOURCE_FAILING_RUNS} polls in a row. In CloudWatch Logs, search the poll function's log group for consecutiveFailures: the error says which source failed and what to do (often an expired credential).`,
      metric: failingMetric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new actions.SnsAction(trust.alarmTopic));

    acknowledgeFindings(this, evidenceLink, alert);

    new CfnOutput(this, 'EvidenceEndpoint', { value: evidenceUrl.url, description: 'Base URL of the signed evidence links in digests and alerts' });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: evidence.bucketName });
  }
}

const sized = (name: FunctionName) => ({
  memoryMiB: FUNCTION_SIZES[name].memoryMiB,
  timeout: Duration.seconds(FUNCTION_SIZES[name].timeoutSeconds),
});

/**
 * Secret.grantRead would also add the role to the trust key's policy, a reference from the trust stack back
 * to this one (a cycle). The key policy already trusts the account's IAM, so the role's own policy is enough.
 */
function grantReadLinkKey(fn: lambda.IFunction, trust: TrustResources, region: string): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [trust.linkKey.secretArn] }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [trust.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
    }),
  );
}

/**
 * SES checks sending permission on the sender's identity, and while the account is in the SES sandbox on
 * each recipient's identity too. All are known from the config, so no wildcard is needed.
 */
function sesIdentityArns(stack: Stack, config: TrustConfig, entity: Entity, senderDomain: string): string[] {
  const recipients = [entity.monitor, entity.dsl, ...(entity.head ? [entity.head] : [])];
  const identities = new Set([config.email.from, senderDomain, ...recipients, ...recipients.map((r) => r.split('@')[1] ?? r)]);
  return [...identities].map((name) => Arn.format({ service: 'ses', resource: 'identity', resourceName: name }, stack));
}

/** Each remaining cdk-nag finding, with why it is right here. */
function acknowledgeFindings(stack: Stack, evidenceLink: Construct, alert: Construct): void {
  NagSuppressions.addResourceSuppressions(
    alert,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'dynamodb:ListStreams has no resource-level permissions (it must be "*"); the Lambda event source needs it to find this table\'s stream, and reading the stream itself is scoped to the stream ARN.',
        appliesTo: ['Resource::*'],
      },
    ],
    true,
  );
  // AwsSolutions has no rule on function URLs; the packs that flag a public Lambda permission are acknowledged here.
  const publicUrlReason =
    'The evidence endpoint is a Lambda function URL with auth NONE on purpose: it is opened from links in emails by school staff who have no AWS accounts. The HMAC-signed, expiring token in each link is the authentication; the function checks it before issuing a short-lived S3 URL.';
  NagSuppressions.addResourceSuppressions(
    evidenceLink,
    ['NIST.800.53.R5', 'NIST.800.53.R4', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({
      id: `${pack}-LambdaFunctionPublicAccessProhibited`,
      reason: publicUrlReason,
    })),
    true,
  );
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: 'AwsSolutions-IAM4',
      reason: 'Lambda functions use AWSLambdaBasicExecutionRole only to write to their own log groups.',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason: 'Wildcards are scoped to this academy\'s own resources: its table\'s indexes (<table>/index/*), objects in its evidence bucket (<bucket>/*, and <bucket>/cases/* where capture writes), the versions of its own functions that EventBridge Scheduler may invoke (<function>:*), and KMS data-key actions (GenerateDataKey*, ReEncrypt*) on the trust key.',
      appliesTo: [
        { regex: '/^Resource::<.*Table.*\\.Arn>\\/index\\/\\*$/g' },
        { regex: '/^Resource::<.*Bucket.*\\.Arn>\\/\\*$/g' },
        { regex: '/^Resource::<.*Bucket.*\\.Arn>\\/cases\\/\\*$/g' },
        { regex: '/^Resource::<.*Function.*\\.Arn>:\\*$/g' },
        'Action::kms:GenerateDataKey*',
        'Action::kms:ReEncrypt*',
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
      ],
    },
  ]);
}
