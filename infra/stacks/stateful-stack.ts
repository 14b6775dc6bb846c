/**
 * Everything that holds data and outlives a deployment: table, bucket, user pool, event bus.
 * The stateless stack receives these as props, so it can be torn down and rebuilt freely.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DataBucket } from '../constructs/data-bucket';
import { DataTable } from '../constructs/data-table';
import { UserDirectory } from '../constructs/user-directory';

/** The product's own event bus (detection.completed, report.triaged, …). */

/** Properties of the {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  /**
   * How long the bus archive keeps events for replay.
   * @default Duration.days(30)
   */
  readonly eventArchiveRetention?: Duration;
}

/** The resources the stateless stack is wired to. */
export interface StatefulResources {
  /** The application table. */
  readonly table: ITable;
  /** The data bucket. */
  readonly bucket: IBucket;
  /** The user pool. */
  readonly userPool: IUserPool;
  /** The user pool's public app client. */
  readonly userPoolClient: IUserPoolClient;
  /** The `pynomaly` event bus. */
  readonly bus: IEventBus;
}

/** Table, bucket, user pool and event bus. */
export class StatefulStack extends Stack implements StatefulResources {
  readonly table: ITable;
  readonly bucket: IBucket;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly bus: IEventBus;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);

    this.table = new DataTable(this, 'Data').table;
    this.bucket = new DataBucket(this, 'Storage').bucket;
    const users = new UserDirectory(this, 'Users');
    this.userPool = users.userPool;
    this.userPoolClient = users.client;

    // Named by CloudFormation after the stack, so a second copy can live in the same account.
    const bus = new EventBus(this, 'Bus', { eventBusName: `${this.stackName}-events` });
    bus.archive('Archive', {
      description: 'Every event on the pynomaly bus, for replay after a consumer fix',
      eventPattern: { account: [this.account] },
      retention: props.eventArchiveRetention ?? Duration.days(30),
    });
    this.bus = bus;

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
