/**
 * The one place Lambda defaults live: every function in the app is a PynomalyFunction, and every
 * permission it gets comes from a `bind*` helper that also sets the variable telling the code
 * where the resource is (packages/core/src/config.ts reads them).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../packages/core/src/emf';
import { TABLE_INDEXES } from './data-table';
import { functionBundles } from './function-bundles';
import { acknowledge, wildcardResourceFinding } from './nag';

/** Powertools service name shared by every function, so traces and logs group as one service. */
const SERVICE_NAME = 'pynomaly';

/** Log level of a function's Powertools logger. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Properties of a {@link PynomalyFunction}. */
export interface PynomalyFunctionProps {
  /** Handler module under `functions/`, without extension (e.g. `http/get-health`); it exports `handler`. */
  readonly handler: string;
  /**
   * Memory in MB.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Timeout.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Variables merged over the defaults (`POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE`, `LOG_LEVEL`).
   * @default - the defaults only
   */
  readonly environment?: Record<string, string>;
  /**
   * Level of the function's logger.
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;
  /**
   * Queue that receives the event of an asynchronous invocation that failed all its retries.
   * @default - none: failed asynchronous events are dropped
   */
  readonly deadLetterQueue?: IQueue;
  /**
   * Description shown in the console.
   * @default - the handler module
   */
  readonly description?: string;
}

/**
 * A Node.js arm64 function whose code is `functions/<handler>.ts` as built by the one esbuild
 * run over every handler (./function-bundles: no Docker, no source map shipped), with X-Ray
 * tracing, its own log group with a retention, and a role that starts with nothing but writing
 * to that log group.
 */
export class PynomalyFunction extends Construct {
  /** The Lambda function. */
  readonly function: LambdaFunction;
  /** The function's execution role. */
  readonly role: Role;
  /** The function's log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PynomalyFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    // An own role instead of the default one: AWSLambdaBasicExecutionRole may write to every log group.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new LambdaFunction(this, 'Function', {
      code: functionCode(this, props.handler),
      handler: 'index.handler',
      description: props.description ?? props.handler,
      // Node 22: Lambda blocks new nodejs20.x functions from 2027-02-01; the code targets Node 20 and runs unchanged.
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      deadLetterQueue: props.deadLetterQueue,
      // No NODE_OPTIONS=--enable-source-maps: no map is shipped (it cost 0.3-0.5 s of cold start).
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
    });

    acknowledge(
      this,
      'IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords (added by active tracing) support no resource-level permissions; test/infra/nag.test.ts checks that no other action is granted on "*".',
    );
    acknowledge(
      this,
      'L1',
      'Node.js 22 runs the code built for the Node 20 toolchain the project is tested on (package.json engines); nodejs24.x follows when the toolchain moves.',
    );
  }

  /** Add a variable to the function's environment. */
  addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }
}

/**
 * The function's built directory, or, when the stack is synthesized without bundling (the
 * `aws:cdk:bundling-stacks` context, as for assets that bundle themselves), a placeholder:
 * tests that only read templates do not build 100 functions.
 */
function functionCode(scope: Construct, handler: string): Code {
  if (!Stack.of(scope).bundlingRequired) return Code.fromAsset(placeholderAsset());
  return Code.fromAsset(functionBundles().assetOf(handler));
}

let placeholder: string | undefined;

function placeholderAsset(): string {
  if (!placeholder) {
    placeholder = join(tmpdir(), 'pynomaly-unbundled-function');
    mkdirSync(placeholder, { recursive: true });
    writeFileSync(
      join(placeholder, 'index.mjs'),
      "export const handler = () => { throw new Error('synthesized without bundling'); };\n",
    );
  }
  return placeholder;
}

/** Item reads. No Scan: every access pattern is keyed by tenant, and a scan reads every tenant's items. */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;
/** Item writes; a TransactWriteItems needs the action of each of its parts. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;
/**
 * Partition keys of the request counters: the rate limiter's `RATE#<key>#<window>` and the
 * per-minute `METRICS#<minute>` (packages/core/src/rate-limit.ts, metrics.ts).
 */
export const COUNTER_KEYS = ['RATE#*', 'METRICS#*'] as const;

/**
 * Grant `actions` on the table and its indexes, and UpdateItem on the request counters only
 * (`dynamodb:LeadingKeys`), which every function with the table bumps: the HTTP middleware
 * counts each request and its answer, the authorizer refused credentials. Sets `TABLE_NAME`.
 * @default actions - read and write items and describe the table
 */
export function bindTable(
  fn: PynomalyFunction,
  table: ITable,
  actions: readonly string[] = [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, 'dynamodb:DescribeTable'],
): void {
  if (actions.length > 0) {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...actions],
        resources: [table.tableArn, ...TABLE_INDEXES.map((index) => `${table.tableArn}/index/${index}`)],
      }),
    );
  }
  if (!actions.includes('dynamodb:UpdateItem')) {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...COUNTER_KEYS] } },
      }),
    );
  }
  fn.addEnvironment('TABLE_NAME', table.tableName);
}

/**
 * What a function does with the bucket: `list` its keys (HeadBucket, the dependency probe),
 * `read` objects (GetObject, HeadObject), `write` them (PutObject, multipart, presigned PUTs),
 * `delete` them (by key, or every key under a prefix).
 */
export type BucketOperation = 'list' | 'read' | 'write' | 'delete';

const BUCKET_ACTIONS: Record<BucketOperation, { bucket: string[]; objects: string[] }> = {
  list: { bucket: ['s3:ListBucket'], objects: [] },
  // ListBucket too: without it S3 answers a missing key with 403, not 404, and a not-found
  // (blobs.ts maps NoSuchKey/NotFound) would become a fault.
  read: { bucket: ['s3:ListBucket'], objects: ['s3:GetObject'] },
  write: { bucket: [], objects: ['s3:PutObject', 's3:AbortMultipartUpload'] },
  // ListObjectsV2 finds the keys under a prefix to delete.
  delete: { bucket: ['s3:ListBucket'], objects: ['s3:DeleteObject'] },
};

/**
 * Grant the actions of `operations` on this one bucket and its objects; sets `BUCKET_NAME`
 * even with no operation, for code that builds its BlobStore at cold start without using it.
 * @default operations - read, write and delete
 */
export function bindBucket(
  fn: PynomalyFunction,
  bucket: IBucket,
  operations: readonly BucketOperation[] = ['read', 'write', 'delete'],
): void {
  const bucketActions = new Set(operations.flatMap((operation) => BUCKET_ACTIONS[operation].bucket));
  const objectActions = new Set(operations.flatMap((operation) => BUCKET_ACTIONS[operation].objects));
  if (bucketActions.size > 0) {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...bucketActions], resources: [bucket.bucketArn] }),
    );
  }
  if (objectActions.size > 0) {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...objectActions], resources: [bucket.arnForObjects('*')] }),
    );
    acknowledge(
      fn,
      wildcardResourceFinding(fn, bucket, bucket.bucketArn, '/*'),
      'Object keys are made at run time (<prefix>/<tenant>/<id>); the grant is limited to objects of this one bucket.',
    );
  }
  fn.addEnvironment('BUCKET_NAME', bucket.bucketName);
}

/** Put events on the bus; sets `EVENT_BUS_NAME`. */
export function bindEventBus(fn: PynomalyFunction, bus: IEventBus): void {
  bus.grantPutEventsTo(fn.function);
  fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
}

/** What a function may do with the state machine. */
export type StateMachineAccess = 'start' | 'describe';

/**
 * Start executions of the state machine (`start`) or only read its definition (`describe`, for
 * the health probe); sets `STATE_MACHINE_ARN`.
 */
export function bindStateMachine(
  fn: PynomalyFunction,
  stateMachine: IStateMachine,
  access: StateMachineAccess = 'start',
  variable = 'STATE_MACHINE_ARN',
): void {
  if (access === 'start') stateMachine.grantStartExecution(fn.function);
  else {
    // grantRead would add execution history and list actions the probe never calls.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['states:DescribeStateMachine'],
        resources: [stateMachine.stateMachineArn],
      }),
    );
  }
  fn.addEnvironment(variable, stateMachine.stateMachineArn);
}

/**
 * Sets `USER_POOL_ID` and `USER_POOL_CLIENT_ID`, and grants `actions` (administration calls,
 * e.g. `cognito-idp:AdminCreateUser`) on this pool only. The calls a signed-in user or the
 * public client makes need no IAM: InitiateAuth, RespondToAuthChallenge and RevokeToken for a
 * client without a secret, the access-token calls (GetUser, AssociateSoftwareToken,
 * VerifySoftwareToken, SetUserMFAPreference), and the pool's JWKS.
 */
export function bindUserPool(
  fn: PynomalyFunction,
  userPool: IUserPool,
  client: IUserPoolClient,
  actions: readonly string[] = [],
): void {
  if (actions.length > 0) {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...actions], resources: [userPool.userPoolArn] }),
    );
  }
  fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
  fn.addEnvironment('USER_POOL_CLIENT_ID', client.userPoolClientId);
}

/**
 * Lets the function text a phone number (SMS MFA codes). SNS `Publish` to a phone number has
 * no resource ARN, so the grant is on "*", restricted to that one action.
 */
export function bindSms(fn: PynomalyFunction): void {
  fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
  acknowledge(
    fn,
    'IAM5[Resource::*]',
    'X-Ray trace writes and, for SMS MFA, sns:Publish to phone numbers, which has no resource ARN; test/infra/nag.test.ts checks that no other action is granted on "*".',
  );
}
