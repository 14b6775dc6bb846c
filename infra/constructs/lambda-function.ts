/**
 * The one place Lambda defaults live: every function in the app is a PynomalyFunction, and every
 * permission it gets comes from a `bind*` helper that also sets the variable telling the code
 * where the resource is (packages/core/src/config.ts reads them).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TABLE_INDEXES } from './data-table';
import { acknowledge, wildcardResourceFinding } from './nag';

/** The repository root: esbuild's project root and where `functions/` lives. */
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
   * Variables merged over the defaults (`POWERTOOLS_SERVICE_NAME`, `LOG_LEVEL`, `NODE_OPTIONS`).
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
 * A Node.js 20 arm64 function bundled from `functions/<handler>.ts` by the local esbuild (no
 * Docker), with X-Ray tracing, its own log group with a retention, and a role that starts with
 * nothing but writing to that log group.
 */
export class PynomalyFunction extends Construct {
  /** The Lambda function. */
  readonly function: NodejsFunction;
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

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, 'functions', `${props.handler}.ts`),
      handler: 'handler',
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
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        LOG_LEVEL: props.logLevel ?? 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node20',
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not a second copy of every source (6 MB per function).
        sourcesContent: false,
        // Errors are reported to Step Functions and logs by class name, which minification would mangle.
        keepNames: true,
        mainFields: ['module', 'main'],
        // CommonJS dependencies bundled into an ES module still call require().
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
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

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * Read and write items of the table and query its indexes; sets `TABLE_NAME`. No Scan: every
 * access pattern is keyed by tenant, and a scan would read every tenant's items.
 */
export function bindTable(fn: PynomalyFunction, table: ITable): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
      resources: [table.tableArn, ...TABLE_INDEXES.map((index) => `${table.tableArn}/index/${index}`)],
    }),
  );
  fn.addEnvironment('TABLE_NAME', table.tableName);
}

/** What a function may do with the bucket's objects. */
export type BucketAccess = 'read' | 'readWrite';

/** List the bucket and read (and, for `readWrite`, write and delete) its objects; sets `BUCKET_NAME`. */
export function bindBucket(fn: PynomalyFunction, bucket: IBucket, access: BucketAccess = 'readWrite'): void {
  const objectActions = ['s3:GetObject', 's3:GetObjectVersion'];
  if (access === 'readWrite')
    objectActions.push('s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload');
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }),
  );
  fn.addEnvironment('BUCKET_NAME', bucket.bucketName);
  acknowledge(
    fn,
    wildcardResourceFinding(fn, bucket, bucket.bucketArn, '/*'),
    'Object keys are made at run time (<prefix>/<tenant>/<id>); the grant is limited to objects of this one bucket.',
  );
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
