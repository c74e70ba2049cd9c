import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { TrustConfig } from '../shared/config/schema.js';

export interface TrustStackProps extends StackProps {
  config: TrustConfig;
  /** Where alarms are emailed; without it, subscribe to the topic named in the outputs. */
  alarmEmail?: string;
  /** false when the sending domain is already an SES identity in this account and region. */
  createSesIdentity: boolean;
}

/** SES pauses sending at a 10% bounce rate and reviews accounts from 5%: warn IT at 5%. */
export const BOUNCE_RATE_ALARM = 0.05;

/**
 * The pieces every academy shares, kept small because each costs money per month whatever the traffic:
 * one KMS key (about $1 a month) rather than one per academy, the alarm topic for IT, the key that signs
 * evidence links, and the SES sending identity with its bounce-rate alarm.
 */
export class TrustStack extends Stack {
  readonly key: kms.Key;
  readonly alarmTopic: sns.Topic;
  readonly linkKey: secretsmanager.Secret;
  readonly senderDomain: string;

  constructor(scope: Construct, id: string, props: TrustStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.senderDomain = config.email.from.split('@')[1] ?? config.email.from;

    this.key = new kms.Key(this, 'Key', {
      description: `mention-monitor ${config.trust.name}: encrypts cases, evidence, queues, the alarm topic and the link key`,
      enableKeyRotation: true,
      // Deleting the key would make every retained table and evidence object unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the encrypted topic as the CloudWatch service, not as a role in the account.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `mention-monitor alarms for ${config.trust.name}`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    this.linkKey = new secretsmanager.Secret(this, 'LinkKey', {
      description: 'HMAC key that signs the evidence links in digests and alerts',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    NagSuppressions.addResourceSuppressions(this.linkKey, [
      {
        id: 'AwsSolutions-SMG4',
        reason: 'Rotating the link-signing key would break every evidence link in digests already sent; links carry their own expiry, and the key can be rotated by hand (put a new value) when a leak is suspected.',
      },
    ]);

    if (props.createSesIdentity) {
      const identity = new ses.EmailIdentity(this, 'SenderIdentity', { identity: ses.Identity.domain(this.senderDomain) });
      identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          description: `Add this CNAME to the DNS of ${this.senderDomain} so SES can verify it and sign mail (DKIM)`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }

    const bounceAlarm = new cloudwatch.Alarm(this, 'BounceRateAlarm', {
      alarmDescription: `SES bounce rate for this account is at or above ${BOUNCE_RATE_ALARM * 100}%. Check the monitor, DSL and head addresses in the trust config for typos or left staff; SES pauses sending at 10%.`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: BOUNCE_RATE_ALARM,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    bounceAlarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));

    new CfnOutput(this, 'Region', { value: this.region, description: 'Region these stacks deploy to (eu-west-2, London, unless trust.region says otherwise)' });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'Subscribe IT to this topic for alarms: aws sns subscribe --topic-arn <this> --protocol email --notification-endpoint it@your-trust',
    });
    new CfnOutput(this, 'SenderDomain', { value: this.senderDomain, description: 'SES identity that sends digests and alerts' });
  }
}
