/**
 * The one DynamoDB table: every item keyed `pk`/`sk` with a typed prefix, one GSI for the
 * access patterns that cross partitions, and a TTL for items that expire (sessions, quotas).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableSchema } from '../../packages/store/src/schema';

/** The table's global secondary indexes; functions are granted exactly these. */
export const TABLE_INDEXES = tableSchema.globalSecondaryIndexes.map((gsi) => gsi.indexName);

/** The item attribute holding an epoch-seconds expiry. */
export const TTL_ATTRIBUTE = tableSchema.timeToLiveAttribute;

/** The application table: on demand, point-in-time recovery, retained when the stack goes. */
export class DataTable extends Construct {
  /** The table. */
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableSchema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSchema.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of tableSchema.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
