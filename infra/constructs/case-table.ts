import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { INDEXES, TTL_ATTRIBUTE } from '../../shared/adapters/dynamodb/table-design.js';

export interface CaseTableProps {
  key: kms.IKey;
}

/**
 * The single table of mentions, cases, audit entries, cursors and health (see table-design.ts). On-demand
 * because a school's traffic is a trickle; point-in-time recovery and deletion protection because cases are
 * safeguarding records; items expire by the `ttl` the app sets per item (mention text after
 * retention.mentionDays, cases after retention.caseYears). The stream feeds the instant DSL alert.
 */
export class CaseTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: CaseTableProps) {
    super(scope, id);
    const str = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: str('pk'),
      sortKey: str('sk'),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of Object.values(INDEXES)) {
      this.table.addGlobalSecondaryIndex({ indexName: index.name, partitionKey: str(index.pk), sortKey: str(index.sk) });
    }
  }
}
