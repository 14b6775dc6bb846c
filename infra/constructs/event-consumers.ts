/**
 * The event rules of functions/events/rules.ts on AWS: one rule and one consumer function per
 * entry. A consumer's dead-letter queue receives the original event both when EventBridge
 * cannot deliver it and when the function fails it after Lambda's own retries.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type EventRuleDefinition, eventRules } from '../../functions/events/rules';
import { type MachineName, machines, stateMachineArnPlaceholder } from '../../functions/pipeline/machines';
import { TASK_NAME_VARIABLE } from '../../packages/core/src/emf';
import { bindBucket, bindEventBus, bindStateMachine, bindTable, PynomalyFunction } from './lambda-function';
import type { LiveConnections } from './live-detection';

/** What consumers can be wired to. */
export interface EventConsumerResources {
  /** The application table. */
  readonly table: ITable;
  /** The data bucket; its name replaces `${BucketName}` in patterns. */
  readonly bucket: IBucket;
  /** The `pynomaly` bus. */
  readonly bus: IEventBus;
  /** Each machine of functions/pipeline/machines.ts; its ARN replaces its `${<Machine>StateMachineArn}`. */
  readonly stateMachines: Readonly<Record<MachineName, IStateMachine>>;
  /** The live WebSocket API, whose connections alerts are broadcast to. */
  readonly live: LiveConnections;
}

/** Properties of {@link EventConsumers}. */
export interface EventConsumersProps extends EventConsumerResources {
  /**
   * The rules to create.
   * @default eventRules of functions/events/rules.ts
   */
  readonly rules?: readonly EventRuleDefinition[];
  /**
   * How long EventBridge keeps retrying a delivery before the event goes to the dead-letter queue.
   * @default Duration.hours(6)
   */
  readonly maxEventAge?: Duration;
  /**
   * How many times EventBridge retries a delivery.
   * @default 50
   */
  readonly retryAttempts?: number;
}

type Binder = (fn: PynomalyFunction, resources: EventConsumerResources) => void;

/**
 * What each consumer handler may touch. A rule whose handler is missing here fails the synth,
 * so a new consumer gets its permissions on purpose rather than by copy.
 */
const CONSUMER_BINDINGS: Readonly<Record<string, Binder>> = {
  'events/on-object-created': (fn, { stateMachines, table, bucket, bus }) => {
    bindStateMachine(fn, stateMachines.analysis);
    bindTable(fn, table);
    bindBucket(fn, bucket, ['read']);
    // Announces a dataset refused over the upload quota (dataset.failed).
    bindEventBus(fn, bus);
  },
  'events/on-form-uploaded': (fn, { table, bucket, bus }) => {
    bindTable(fn, table);
    bindBucket(fn, bucket, ['read', 'write', 'delete']);
    // Announces a dataset refused on receipt (dataset.failed).
    bindEventBus(fn, bus);
  },
  // Fails the record of an execution that ended badly (one conditional UpdateItem), reads the
  // input the event leaves out (DescribeExecution), deletes a failed detection's staged rows and
  // a failed upload's file.
  'events/on-execution-ended': (fn, resources) => {
    for (const machine of machines)
      bindStateMachine(fn, resources.stateMachines[machine.name], 'executions', machine.arnVariable);
    bindTable(fn, resources.table, ['dynamodb:UpdateItem']);
    bindBucket(fn, resources.bucket, ['delete']);
    // Announces a failed analysis (dataset.failed) on the product bus.
    bindEventBus(fn, resources.bus);
  },
  // Reads the tenant's webhooks, writes their deliveries and failure streaks; POSTs to the
  // internet (packages/webhooks checks every address it connects to); starts the retry
  // schedule of a delivery whose first attempt failed.
  'events/on-product-event': (fn, { table, stateMachines }) => {
    bindTable(fn, table);
    bindStateMachine(fn, stateMachines.webhook, 'start', 'WEBHOOK_STATE_MACHINE_ARN');
  },
  // Lists the tenant's open connections (the GSI), forgets those gone, posts to the rest.
  'events/on-alert-triggered': (fn, { table, live }) => {
    bindTable(fn, table, ['dynamodb:Query', 'dynamodb:DeleteItem']);
    live.bindBroadcaster(fn);
  },
  // Lists the tenant's subscribers of the dataset or model (the GSI), reads the run and its
  // anomalies or the detector, posts to the subscribers, forgets those gone with their subscriptions.
  'events/on-subscription-event': (fn, { table, bucket, live }) => {
    bindTable(fn, table, [
      'dynamodb:Query',
      'dynamodb:GetItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ]);
    bindBucket(fn, bucket, ['read']);
    live.bindBroadcaster(fn);
  },
};

/** One rule, consumer function and dead-letter queue per event rule definition. */
export class EventConsumers extends Construct {
  /** The consumer functions by rule id. */
  readonly functions: ReadonlyMap<string, PynomalyFunction>;
  /** The dead-letter queues by rule id. */
  readonly deadLetterQueues: ReadonlyMap<string, Queue>;

  constructor(scope: Construct, id: string, props: EventConsumersProps) {
    super(scope, id);
    const functions = new Map<string, PynomalyFunction>();
    const queues = new Map<string, Queue>();
    const placeholders = {
      BucketName: props.bucket.bucketName,
      ...Object.fromEntries(
        machines.map((m) => [
          stateMachineArnPlaceholder(m.name),
          props.stateMachines[m.name].stateMachineArn,
        ]),
      ),
    };

    for (const definition of props.rules ?? eventRules) {
      const bind = CONSUMER_BINDINGS[definition.handler];
      if (!bind)
        throw new Error(`No bindings for event consumer ${definition.handler} (rule ${definition.id})`);

      const deadLetterQueue = new Queue(this, `${definition.id}DeadLetters`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      const fn = new PynomalyFunction(this, `${definition.id}Consumer`, {
        handler: definition.handler,
        description: definition.description,
        deadLetterQueue,
        memorySize: definition.memoryMb,
        timeout:
          definition.timeoutSeconds === undefined ? undefined : Duration.seconds(definition.timeoutSeconds),
        // The `task` dimension of its EMF metrics.
        environment: { [TASK_NAME_VARIABLE]: definition.id },
      });
      bind(fn, props);

      new Rule(this, `${definition.id}Rule`, {
        description: definition.description,
        // Rules on the account's default bus are what S3 "Object Created" notifications reach.
        eventBus: definition.bus === 'pynomaly' ? props.bus : undefined,
        eventPattern: toEventPattern(substitute(definition.pattern, placeholders)),
        targets: [
          new LambdaFunction(fn.function, {
            deadLetterQueue,
            retryAttempts: props.retryAttempts ?? 50,
            maxEventAge: props.maxEventAge ?? Duration.hours(6),
          }),
        ],
      });
      functions.set(definition.id, fn);
      queues.set(definition.id, deadLetterQueue);
    }
    this.functions = functions;
    this.deadLetterQueues = queues;
  }
}

/** The pattern with every `${Name}` in its strings replaced by `values[Name]`; an unknown name throws. */
function substitute(node: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof node === 'string') {
    return node.replace(/\$\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`Unknown placeholder \${${name}} in an event pattern`);
      return value;
    });
  }
  if (Array.isArray(node)) return node.map((item) => substitute(item, values));
  if (typeof node === 'object' && node !== null) {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, substitute(value, values)]));
  }
  return node;
}

/** A raw EventBridge pattern as CDK's EventPattern, which spells `detail-type` as `detailType`. */
function toEventPattern(pattern: unknown): EventPattern {
  const { 'detail-type': detailType, ...rest } = pattern as Record<string, unknown>;
  return (detailType === undefined ? rest : { ...rest, detailType }) as EventPattern;
}
