/**
 * What each route's function is given, derived from the route table (functions/routes.ts):
 * on the table and bucket what its `data` declares (routeData), routes with `cognitoActions`
 * exactly those actions on the pool, and what each route's `needs` names.
 */
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { type MachineName, machines } from '../../functions/pipeline/machines';
import { type RouteDefinition, routeData } from '../../functions/routes';
import {
  type BucketOperation,
  bindBucket,
  bindEventBus,
  bindSms,
  bindStateMachine,
  bindTable,
  bindUserPool,
  type PynomalyFunction,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
} from './lambda-function';
import { bindUsageKeyRemoval } from './rate-tier-plans';
import { bindTriageModel, type TriageModel } from './triage-model';

/** The item actions of each table access of the route table; bindTable adds the counters. */
const TABLE_ACTIONS: Record<ReturnType<typeof routeData>['table'], readonly string[]> = {
  counters: [],
  read: TABLE_READ_ACTIONS,
  write: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
};

/** The machine each `needs` entry that starts executions starts. */
const MACHINE_STARTED_BY = {
  detectionPipeline: 'detection',
  studyPipeline: 'study',
  ingestPipeline: 'ingest',
  webhookRetries: 'webhook',
} as const satisfies Partial<Record<NonNullable<RouteDefinition['needs']>[number], MachineName>>;

/** The resources route functions are bound to. */
export interface RouteResources {
  readonly table: ITable;
  readonly bucket: IBucket;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** Each state machine of functions/pipeline/machines.ts. */
  readonly stateMachines: Readonly<Record<MachineName, IStateMachine>>;
  /**
   * The Bedrock model of triage, for routes that need `triageModel`.
   * @default - none: triage is the rules engine's alone
   */
  readonly triageModel?: TriageModel;
  /**
   * The product's event bus, for routes that need `productEvents`.
   * @default - none: a route that needs it fails the synth
   */
  readonly bus?: IEventBus;
}

/**
 * Grant `fn` what `route` needs and set the variables that say where it is. Every route gets
 * the table's request counters: the middleware counts every request and its answer there.
 */
export function bindRoute(fn: PynomalyFunction, route: RouteDefinition, resources: RouteResources): void {
  const { table, bucket, userPool, userPoolClient, stateMachines } = resources;
  const needs = new Set(route.needs ?? []);
  const data = routeData(route);
  // The dependency probe's DescribeTable and HeadBucket (which needs ListBucket).
  const probe = needs.has('dependencies');
  bindTable(fn, table, [...TABLE_ACTIONS[data.table], ...(probe ? ['dynamodb:DescribeTable'] : [])]);
  const bucketOperations: BucketOperation[] = [...data.bucket, ...(probe ? ['list' as const] : [])];
  bindBucket(fn, bucket, bucketOperations);

  const poolActions = [...(route.cognitoActions ?? [])];
  if (needs.has('dependencies')) poolActions.push('cognito-idp:DescribeUserPool');
  if (poolActions.length > 0 || needs.has('userPool')) {
    bindUserPool(fn, userPool, userPoolClient, poolActions);
  }
  // A parameter from the parent stack into the route stack; the pipeline knows nothing of the
  // API, so no cycle.
  if (needs.has('dependencies')) bindStateMachine(fn, stateMachines.analysis, 'describe');
  if (needs.has('sms')) bindSms(fn);
  for (const [need, name] of Object.entries(MACHINE_STARTED_BY)) {
    const machine = machines.find((m) => m.name === name);
    if (needs.has(need as keyof typeof MACHINE_STARTED_BY) && machine)
      bindStateMachine(fn, stateMachines[name], 'start', machine.arnVariable);
  }
  if (needs.has('usageKeys')) bindUsageKeyRemoval(fn);
  if (needs.has('triageModel') && resources.triageModel) bindTriageModel(fn, resources.triageModel);
  if (needs.has('productEvents')) {
    if (!resources.bus) throw new Error(`Route ${route.id} publishes product events but no bus was given`);
    bindEventBus(fn, resources.bus);
  }
}
