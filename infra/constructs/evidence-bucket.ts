import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { evidenceLifecycle } from '../../shared/privacy/schedule.js';
import type { TrustConfig } from '../../shared/config/schema.js';

export interface EvidenceBucketProps {
  key: kms.IKey;
  retention: TrustConfig['retention'];
}

/** Screenshots stay in S3 Standard below this size: Standard-IA bills every object as at least 128 KB. */
const IA_MIN_OBJECT_BYTES = 128 * 1024;

/**
 * Evidence that may be shown to police, a platform or a tribunal: write-once (Object Lock), versioned,
 * encrypted with the trust's key, never public, TLS only, every access logged to a separate bucket.
 */
export class EvidenceBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
    super(scope, id);
    // Every period comes from the one retention schedule the retention command and the DPIA print.
    const life = evidenceLifecycle(props.retention);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access logging cannot deliver to an SSE-KMS bucket; SSE-S3 is the supported choice.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Who looked at evidence is part of its chain of custody: keep the log as long as the evidence.
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(life.accessLogDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.accessLogs, [
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket for the evidence bucket; logging it to itself would loop and another log bucket would only move the question.',
      },
    ]);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        life.objectLockMode === 'COMPLIANCE'
          ? s3.ObjectLockRetention.compliance(Duration.days(life.objectLockDays))
          : s3.ObjectLockRetention.governance(Duration.days(life.objectLockDays)),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      // One data key per bucket rather than a KMS call per object: same protection, a fraction of the KMS requests.
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'evidence/',
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          // Evidence is rarely opened after the first weeks; large screenshots move to Standard-IA.
          id: 'screenshots-to-infrequent-access',
          objectSizeGreaterThan: IA_MIN_OBJECT_BYTES,
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
        {
          // Keys are never overwritten, so old versions only come from mistakes; Object Lock keeps them until retention ends.
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(life.expireNoncurrentAfterDays),
          expiredObjectDeleteMarker: true,
        },
        {
          // The end of the schedule's evidence period: the current version gets a delete marker, and the
          // rule above removes the locked version once its lock has run out.
          id: 'expire-evidence-after-retention',
          expiration: Duration.days(life.expireCurrentAfterDays),
        },
      ],
      // Evidence outlives the stack: deleting the stack leaves the bucket and its locked objects.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudFormation types ObjectSizeGreaterThan as a string; the L2 writes a number (rule 1 is the IA transition).
    (this.bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'LifecycleConfiguration.Rules.1.ObjectSizeGreaterThan',
      String(IA_MIN_OBJECT_BYTES),
    );
  }
}
