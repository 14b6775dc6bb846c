/**
 * The one DynamoDB table: every item keyed `pk`/`sk` with a typed prefix, one GSI for the
 * access patterns that cross partitions, and a TTL for items that expire (sessions, quotas).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** The table's global secondary indexes; functions are granted exactly these. */
export const TABLE_INDEXES = ['gsi1'] as const;

/** The item attribute holding an epoch-seconds expiry. */
export const TTL_ATTRIBUTE = 'expires_at';

/** The application table: on demand, point-in-time recovery, retained when the stack goes. */
export class DataTable extends Construct {
  /** The table. */
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}pk`, type: AttributeType.STRING },
        sortKey: { name: `${index}sk`, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
