import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface CaptureQueueProps {
  key: kms.IKey;
  /** The consumer's timeout: SQS hides a message for six times this, as AWS advises for Lambda consumers. */
  consumerTimeout: Duration;
  alarmTopic: sns.ITopic;
  stackName: string;
}

/** Deliveries before a capture job is parked in the dead-letter queue: a page that fails three times needs a person. */
export const MAX_RECEIVES = 3;

/**
 * Capture jobs between scoring and the Chromium worker, and the dead-letter queue where jobs (and failed
 * alert deliveries) land when retries are exhausted. Anything in the dead-letter queue alarms IT.
 */
export class CaptureQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CaptureQueueProps) {
    super(scope, id);
    const encryption = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.key, enforceSSL: true };
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', { ...encryption, retentionPeriod: Duration.days(14) });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...encryption,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVES },
    });
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `${props.stackName}: something failed ${MAX_RECEIVES} times and was parked in the dead-letter queue. In the SQS console open the queue, choose Send and receive messages > Poll for messages. A message with a "caseId" is an evidence capture: fix the cause shown in the capture function's log, then use Start DLQ redrive. A message with "DDBStreamBatchInfo" is an instant alert that failed: find the case in the table and tell the DSL yourself, then delete the message.`,
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}
