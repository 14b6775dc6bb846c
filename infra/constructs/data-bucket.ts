/**
 * The data bucket (uploads, parsed sheets, models, exports) and the bucket that keeps its
 * server access logs. Object-created events go to EventBridge, where the drop-folder rule
 * picks up `incoming/<tenant>/…`.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

/** Objects under this prefix are short-lived download artefacts. */
export const EXPORTS_PREFIX = 'exports/';

/** Properties of a {@link DataBucket}. */
export interface DataBucketProps {
  /**
   * Days after which export files expire.
   * @default 7
   */
  readonly exportRetentionDays?: number;
  /**
   * Days after which an overwritten or deleted object version is removed for good.
   * @default 30
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Days server access logs are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
}

/** A private, TLS-only, versioned, encrypted bucket with access logging and EventBridge notifications. */
export class DataBucket extends Construct {
  /** The data bucket. */
  readonly bucket: Bucket;
  /** The bucket receiving the data bucket's server access logs. */
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: DataBucketProps = {}) {
    super(scope, id);

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Server access logging delivers only to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays ?? 365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.accessLogs,
      'S1',
      'This bucket is the access-log destination; logging it into itself would loop and another log bucket would only move the question.',
    );

    this.bucket = new Bucket(this, 'Data', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      eventBridgeEnabled: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'data/',
      lifecycleRules: [
        {
          id: 'expire-exports',
          prefix: EXPORTS_PREFIX,
          expiration: Duration.days(props.exportRetentionDays ?? 7),
        },
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionRetentionDays ?? 30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // eventBridgeEnabled is switched on at deploy time by CDK's bucket-notifications handler,
    // a stack-level singleton whose id CDK owns.
    const notificationsHandler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (notificationsHandler) {
      acknowledge(
        notificationsHandler,
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's bucket-notifications handler runs only during deployments to enable EventBridge notifications; its role is CDK's, not ours to shape.",
      );
    }
  }
}
