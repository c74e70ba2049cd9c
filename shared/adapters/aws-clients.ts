import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsClientOptions {
  region: string;
  /** Local emulator endpoints; absent in AWS, where the SDK finds the real ones. */
  endpoints?: { dynamodb?: string; s3?: string; ses?: string };
  /** Only for emulators: in AWS the Lambda role's credentials are used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** The only place AWS SDK clients are constructed. Built once per process (Lambda container). */
export function createAwsClients(options: AwsClientOptions) {
  const base = { region: options.region, credentials: options.credentials, maxAttempts: 4 };
  return {
    dynamodb: new DynamoDBClient({ ...base, endpoint: options.endpoints?.dynamodb }),
    // Path-style addressing is what S3 emulators understand; real S3 uses virtual-hosted style.
    s3: new S3Client({ ...base, endpoint: options.endpoints?.s3, forcePathStyle: Boolean(options.endpoints?.s3) }),
    ses: new SESv2Client({ ...base, endpoint: options.endpoints?.ses }),
    ssm: new SSMClient(base),
    sqs: new SQSClient(base),
    secretsManager: new SecretsManagerClient(base),
    sts: new STSClient(base),
  };
}
export type AwsClients = ReturnType<typeof createAwsClients>;

/** s3rver accepts only its own fixed key pair; dynalite and the SES emulator accept any. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
