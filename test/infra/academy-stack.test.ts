import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrustConfig } from '../../shared/config/schema.js';
import { MonitorFunction } from '../../infra/constructs/monitor-function.js';
import { FUNCTION_SIZES, type FunctionName } from '../../infra/sizing.js';
import { loadConfig, synth, TWO_ACADEMIES } from './synth.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
const byType = (t: Template, type: string): [string, Resource][] => Object.entries(t.findResources(type)) as [string, Resource][];
const functionNamed = (t: Template, handler: string): [string, Resource] => {
  const found = byType(t, 'AWS::Lambda::Function').filter(([, r]) => String(r.Properties.Description ?? '').length > 0 && r.Properties.Environment?.Variables?.ACADEMY_ID)
    .filter(([id]) => id.toLowerCase().startsWith(handler.replace('-', '').toLowerCase()));
  if (found.length !== 1) throw new Error(`expected one ${handler} function, found ${found.length}`);
  return found[0];
};
const statementsOf = (t: Template, functionLogicalId: string): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> => {
  const fn = t.findResources('AWS::Lambda::Function')[functionLogicalId];
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return byType(t, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
};
const actionsOf = (statements: Array<{ Action: string | string[] }>) => statements.flatMap((s) => [s.Action].flat());

let northbrook: Template;
let millfield: Template;
let built: ReturnType<typeof synth>;

beforeAll(() => {
  built = synth(loadConfig(TWO_ACADEMIES));
  northbrook = built.template(built.academies[0]);
  millfield = built.template(built.academies[1]);
});

describe('the case table', () => {
  it('has point-in-time recovery, deletion protection, the ttl attribute and the trust KMS key', () => {
    northbrook.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
  });

  it('has the four indexes of the table design', () => {
    const [[, table]] = byType(northbrook, 'AWS::DynamoDB::Table');
    expect(table.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName).sort()).toEqual(['byAcademy', 'bySeverity', 'byStatus', 'evidenceBacklog']);
  });

  it('is retained when the stack is deleted', () => {
    northbrook.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the evidence bucket', () => {
  it('has Object Lock with the configured retention and mode, versioning and KMS', () => {
    northbrook.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Days: 3650, Mode: 'COMPLIANCE' } } },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }],
      },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'evidence/' },
    });
  });

  it.each([
    ['GOVERNANCE', 30],
    ['COMPLIANCE', 2555],
  ] as const)('takes Object Lock mode %s for %i days from retention in the config', (mode, days) => {
    const config = loadConfig(TWO_ACADEMIES);
    const built = synth({ ...config, retention: { ...config.retention, objectLockMode: mode, evidenceDays: days } });
    built.template(built.academies[1]).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Days: days, Mode: mode } } },
    });
  });

  it('has lifecycle rules for uploads, large screenshots, old versions and the end of the evidence period', () => {
    const bucket = byType(northbrook, 'AWS::S3::Bucket').find(([, b]) => b.Properties.ObjectLockEnabled)![1];
    const rules = bucket.Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual([
      expect.objectContaining({ Id: 'abort-incomplete-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
      expect.objectContaining({ Id: 'screenshots-to-infrequent-access', ObjectSizeGreaterThan: '131072', Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }] }),
      expect.objectContaining({ Id: 'expire-old-versions', NoncurrentVersionExpiration: { NoncurrentDays: 3651 }, ExpiredObjectDeleteMarker: true }),
      expect.objectContaining({ Id: 'expire-evidence-after-retention', ExpirationInDays: 3650 }),
    ]);
  });

  it('sends access logs to a separate SSE-S3 bucket that is never public', () => {
    const logBuckets = byType(northbrook, 'AWS::S3::Bucket').filter(([, b]) => !b.Properties.ObjectLockEnabled);
    expect(logBuckets).toHaveLength(1);
    expect(logBuckets[0][1].Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  it('refuses requests without TLS on both buckets', () => {
    const policies = byType(northbrook, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('keeps both buckets when the stack is deleted', () => {
    for (const [, bucket] of byType(northbrook, 'AWS::S3::Bucket')) expect(bucket.DeletionPolicy).toBe('Retain');
  });
});

describe('the capture queue', () => {
  it('parks a job in the dead-letter queue after three failed deliveries', () => {
    northbrook.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
      VisibilityTimeout: FUNCTION_SIZES.capture.timeoutSeconds * 6,
      KmsMasterKeyId: Match.anyValue(),
    });
  });

  it('encrypts both queues with the trust key', () => {
    const queues = byType(northbrook, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(2);
    for (const [, q] of queues) expect(q.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('feeds the capture function one job at a time with partial batch failures', () => {
    northbrook.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: Match.anyValue(),
      FunctionName: { Ref: functionNamed(northbrook, 'capture')[0] },
    });
  });

  it('alarms IT when anything reaches the dead-letter queue', () => {
    northbrook.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
  });
});

describe('the functions', () => {
  it.each(Object.entries(FUNCTION_SIZES) as [FunctionName, (typeof FUNCTION_SIZES)[FunctionName]][])(
    '%s runs on Node.js 24 with its planned memory and timeout',
    (name, size) => {
      const [, fn] = functionNamed(northbrook, name);
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', MemorySize: size.memoryMiB, Timeout: size.timeoutSeconds });
    },
  );

  it.each([
    ['poll', 'arm64'],
    ['digest', 'arm64'],
    ['alert', 'arm64'],
    ['evidence-link', 'arm64'],
    ['recheck', 'arm64'],
    ['capture', 'x86_64'],
  ])('%s runs on %s', (name, arch) => {
    expect(functionNamed(northbrook, name)[1].Properties.Architectures).toEqual([arch]);
  });

  it('reserves one concurrent poll where a source has a per-app rate limit', () => {
    expect(functionNamed(northbrook, 'poll')[1].Properties.ReservedConcurrentExecutions).toBe(1);
  });

  it('reserves nothing for an academy without rate-limited sources', () => {
    expect(functionNamed(millfield, 'poll')[1].Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('reserves nothing when reserveConcurrency is off, for accounts with a concurrency quota of 10', () => {
    const built = synth(loadConfig(TWO_ACADEMIES), { reserveConcurrency: false });
    expect(functionNamed(built.template(built.academies[0]), 'poll')[1].Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('gives every function its own log group kept for three months', () => {
    const groups = byType(northbrook, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(6);
    for (const [, g] of groups) expect(g.Properties.RetentionInDays).toBe(90);
    for (const name of Object.keys(FUNCTION_SIZES)) {
      expect(functionNamed(northbrook, name)[1].Properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.stringMatching(/Logs/) } });
    }
  });

  it('bakes the whole validated trust config into every handler, which picks its academy by ACADEMY_ID', () => {
    const functions = built.academies[0].node.findAll().filter((c): c is MonitorFunction => c instanceof MonitorFunction);
    expect(functions.length).toBeGreaterThanOrEqual(6);
    for (const f of functions) {
      const config = TrustConfig.parse(JSON.parse(f.trustConfigJson));
      expect(config.academies.map((a) => a.id)).toEqual(loadConfig(TWO_ACADEMIES).academies.map((a) => a.id));
    }
    const env = functionNamed(northbrook, 'poll')[1].Properties.Environment.Variables;
    expect(env.MM_TRUST_CONFIG).toBeUndefined();
    expect(env).toMatchObject({
      ACADEMY_ID: 'northbrook',
      MM_CONFIG_SHA256: expect.stringMatching(/^[0-9a-f]{64}$/),
      TABLE_NAME: { Ref: expect.any(String) },
      CAPTURE_QUEUE_URL: { Ref: expect.any(String) },
    });
  });

  it('exposes the evidence endpoint as a function URL with auth NONE (the signed link is the auth)', () => {
    northbrook.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [functionNamed(northbrook, 'evidence-link')[0], 'Arn'] },
    });
  });

  it('wakes the alert function only for new case items on the table stream', () => {
    northbrook.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionNamed(northbrook, 'alert')[0] },
      StartingPosition: 'LATEST',
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: ['CASE'] } } } }) }] },
    });
  });
});

describe('the schedules', () => {
  const schedules = (t: Template) => byType(t, 'AWS::Scheduler::Schedule').map(([, s]) => s.Properties);

  it('polls each enabled source every pollMinutes and skips disabled ones', () => {
    const polls = schedules(northbrook).filter((s) => /poll/.test(s.Description));
    expect(polls.map((s) => JSON.parse(s.Target.Input).sourceId).sort()).toEqual(['local-news', 'reddit', 'youtube']);
    for (const s of polls) expect(s.ScheduleExpression).toBe('rate(15 minutes)');
  });

  it('sends the digest daily at the configured Europe/London time, so BST and GMT both get 18:05', () => {
    const [digest] = schedules(northbrook).filter((s) => /digest/.test(s.Description));
    expect(digest).toMatchObject({ ScheduleExpression: 'cron(5 18 * * ? *)', ScheduleExpressionTimezone: 'Europe/London', FlexibleTimeWindow: { Mode: 'OFF' } });
  });

  it('re-checks for removed posts every hour', () => {
    const [recheck] = schedules(northbrook).filter((s) => /re-check/.test(s.Description));
    expect(recheck.ScheduleExpression).toBe('rate(1 hour)');
  });

  it('gives an academy without sources a digest and re-check but no polls', () => {
    expect(schedules(millfield).map((s) => s.ScheduleExpression).sort()).toEqual(['cron(5 18 * * ? *)', 'rate(1 hour)']);
  });

  it.each([
    ['07:30', 'cron(30 7 * * ? *)'],
    ['00:00', 'cron(0 0 * * ? *)'],
    ['23:59', 'cron(59 23 * * ? *)'],
  ])('turns digest time %s into %s', (time, expression) => {
    const config = loadConfig(TWO_ACADEMIES);
    const built = synth({ ...config, digest: { ...config.digest, time } });
    const [digest] = schedules(built.template(built.academies[1])).filter((s) => /digest/.test(s.Description));
    expect(digest.ScheduleExpression).toBe(expression);
  });
});

describe('permissions', () => {
  const allStatements = (t: Template) => byType(t, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);

  it('uses a "*" resource only for dynamodb:ListStreams, which has no resource-level permission', () => {
    const star = allStatements(northbrook).filter((s) => s.Resource === '*');
    expect(actionsOf(star)).toEqual(['dynamodb:ListStreams']);
  });

  it('lets the poller read exactly the SSM parameters of its enabled platforms', () => {
    const ssm = statementsOf(northbrook, functionNamed(northbrook, 'poll')[0]).filter((s) => actionsOf([s]).some((a) => a.startsWith('ssm:')));
    expect(ssm).toHaveLength(1);
    const names = JSON.stringify(ssm[0].Resource);
    for (const name of ['reddit/client_id', 'reddit/client_secret', 'youtube/api_key']) expect(names).toContain(`parameter/mention-monitor/northbrook/${name}`);
    expect(names).not.toContain('/x/');
    expect(names).not.toContain('*');
  });

  it('gives an academy without API platforms no SSM access at all', () => {
    expect(actionsOf(allStatements(millfield)).filter((a) => a.startsWith('ssm:'))).toEqual([]);
  });

  it('lets only the capture function write evidence', () => {
    for (const name of Object.keys(FUNCTION_SIZES)) {
      const writes = actionsOf(statementsOf(northbrook, functionNamed(northbrook, name)[0])).filter((a) => a.startsWith('s3:Put'));
      expect(writes.length > 0).toBe(name === 'capture');
    }
  });

  it('never lets a function delete evidence', () => {
    expect(actionsOf(allStatements(northbrook)).filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
  });

  it('lets capture put new objects only, without changing their retention or legal hold', () => {
    const writes = actionsOf(statementsOf(northbrook, functionNamed(northbrook, 'capture')[0])).filter((a) => a.startsWith('s3:Put'));
    expect(writes).toEqual(['s3:PutObject']);
  });

  it('never lets a function delete or batch-write table items, so the audit trail stays append-only', () => {
    const tableWrites = actionsOf(allStatements(northbrook)).filter((a) => /^dynamodb:(DeleteItem|BatchWriteItem|\*)$/.test(a));
    expect(tableWrites).toEqual([]);
  });

  it('lets only the digest function scan the table (for the retention sweep)', () => {
    for (const name of Object.keys(FUNCTION_SIZES)) {
      expect(actionsOf(statementsOf(northbrook, functionNamed(northbrook, name)[0])).includes('dynamodb:Scan')).toBe(name === 'digest');
    }
  });

  it.each(['poll', 'digest', 'alert', 'recheck'])('lets %s send mail only from the configured sender to known identities', (name) => {
    const [send] = statementsOf(northbrook, functionNamed(northbrook, name)[0]).filter((s) => actionsOf([s]).includes('ses:SendEmail'));
    expect(send.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'mention-monitor@northbrook-trust.example.org.uk' } });
    const resources = JSON.stringify(send.Resource);
    expect(resources).toContain('identity/northbrook-trust.example.org.uk');
    expect(resources).toContain('identity/tom.reeve@northbrook.example.sch.uk');
    expect(resources).not.toContain('identity/*');
  });

  it.each(['capture', 'evidence-link'])('does not let %s send mail', (name) => {
    expect(actionsOf(statementsOf(northbrook, functionNamed(northbrook, name)[0]))).not.toContain('ses:SendEmail');
  });

  it.each(['poll', 'recheck'])('lets %s send capture jobs but not read them', (name) => {
    const actions = actionsOf(statementsOf(northbrook, functionNamed(northbrook, name)[0]));
    expect(actions).toContain('sqs:SendMessage');
    expect(actions).not.toContain('sqs:ReceiveMessage');
  });

  it.each(['capture', 'digest', 'alert', 'evidence-link', 'recheck'])('gives %s no access to platform credentials', (name) => {
    expect(actionsOf(statementsOf(northbrook, functionNamed(northbrook, name)[0])).filter((a) => a.startsWith('ssm:'))).toEqual([]);
  });
});

describe('alarms and credentials', () => {
  it('alarms on errors of every function, the dead-letter queue and a failing source', () => {
    const alarms = byType(northbrook, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(6);
    expect(alarms).toHaveLength(8);
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
  });

  it('counts a source failing three runs in a row from the structured poll logs', () => {
    northbrook.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.consecutiveFailures >= 3 }',
      MetricTransformations: [{ MetricNamespace: 'MentionMonitor/northbrook', MetricName: 'SourceFailing', MetricValue: '1' }],
    });
  });

  it('creates one blank SecureString parameter per credential and prints its name', () => {
    const calls = byType(northbrook, 'Custom::AWS').map(([, r]) => JSON.stringify(r.Properties.Create));
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call).toContain('\\"Type\\":\\"SecureString\\"');
    const outputs = Object.values(northbrook.findOutputs('*')).map((o) => o.Value);
    expect(outputs).toEqual(expect.arrayContaining(['/mention-monitor/northbrook/reddit/client_id', '/mention-monitor/northbrook/youtube/api_key']));
  });

  it('creates no parameters for an academy that needs none', () => {
    expect(byType(millfield, 'Custom::AWS')).toEqual([]);
  });
});
