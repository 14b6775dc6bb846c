/**
 * A state machine of functions/pipeline/machines.ts (analysis, detection, study, ingest), run
 * from the same ASL document the local stack runs: one function per task, substituted for its
 * placeholder.
 */
import { Arn, ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { functionArnPlaceholder, PARTITION_PLACEHOLDER } from '../../functions/pipeline/definition';
import { type MachineDefinition, machines } from '../../functions/pipeline/machines';
import { TASK_NAME_VARIABLE } from '../../packages/core/src/emf';
import {
  type BucketOperation,
  bindBucket,
  bindEventBus,
  bindTable,
  PynomalyFunction,
} from './lambda-function';
import { acknowledge, wildcardResourceFinding } from './nag';

/** Memory of the tasks that hold a whole workbook or data set; the others get the default. */
// A study fits every candidate detector on the whole dataset, like a queued detection. An
// ingest streams CSV and XLSX but holds a JSON or Parquet file whole, then autonomous mode
// detects on the whole new dataset; memory also buys CPU (a full vCPU from 1769 MB).
const TASK_MEMORY_MB: Record<string, number> = {
  Parse: 2048,
  Detect: 2048,
  RunDetection: 3008,
  RunStudy: 3008,
  IngestUpload: 3008,
  // A sharded detection (docs/adr/0013): the sample and one shard's buffered rows; one shard's
  // rows, matrix and scores; every shard's highest rows.
  PrepareShards: 3008,
  ScoreShard: 3008,
  MergeShards: 1024,
};

/** What a task may do with the table, bucket and bus, when less than all (the default). */
interface TaskAccess {
  table: readonly string[];
  bucket: readonly BucketOperation[];
  bus: boolean;
}

/**
 * The sharded detection's tasks hold only what they do: PrepareShards reads the dataset and
 * run, writes shards, model and manifest and counts the shards on the run; ScoreShard reads its
 * shard and the model, writes its scores and summary and counts itself done; MergeShards reads
 * the summaries, writes the result, finishes and announces the run and removes the work.
 */
const TASK_ACCESS: Record<string, TaskAccess> = {
  PrepareShards: {
    table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    bucket: ['read', 'write'],
    bus: false,
  },
  ScoreShard: { table: ['dynamodb:UpdateItem'], bucket: ['read', 'write'], bus: false },
  MergeShards: {
    table: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    bucket: ['read', 'write', 'delete'],
    bus: true,
  },
};

/** Properties of an {@link AnalysisPipeline}. */
export interface AnalysisPipelineProps {
  /** The application table. */
  readonly table: ITable;
  /** The data bucket. */
  readonly bucket: IBucket;
  /** The bus the pipeline announces results on. */
  readonly bus: IEventBus;
  /**
   * Which machine of functions/pipeline/machines.ts this is.
   * @default the analysis pipeline
   */
  readonly machine?: MachineDefinition;
}

/** A STANDARD state machine (logging ALL, X-Ray) with its task functions. */
export class AnalysisPipeline extends Construct {
  /** The state machine. */
  readonly stateMachine: StateMachine;
  /** The task functions by state name. */
  readonly functions: ReadonlyMap<string, PynomalyFunction>;

  constructor(scope: Construct, id: string, props: AnalysisPipelineProps) {
    super(scope, id);

    const machine = props.machine ?? machines[0]!;
    const definition = machine.definition();
    const timeouts = taskTimeouts(definition);
    const functions = new Map<string, PynomalyFunction>();
    for (const [state, handler] of Object.entries(machine.tasks)) {
      const timeoutSeconds = timeouts.get(state);
      if (timeoutSeconds === undefined) throw new Error(`Pipeline task ${state} has no TimeoutSeconds`);
      const fn = new PynomalyFunction(this, state, {
        handler,
        memorySize: TASK_MEMORY_MB[state] ?? 512,
        // The function stops when its task does, so a timed-out task never leaves work running.
        timeout: Duration.seconds(timeoutSeconds),
        // The `task` dimension of its EMF metrics.
        environment: { [TASK_NAME_VARIABLE]: state },
      });
      const access = TASK_ACCESS[state];
      bindTable(fn, props.table, access?.table);
      bindBucket(fn, props.bucket, access?.bucket);
      if (access?.bus ?? true) bindEventBus(fn, props.bus);
      functions.set(state, fn);
    }
    this.functions = functions;

    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(definition)),
      definitionSubstitutions: {
        [PARTITION_PLACEHOLDER]: Stack.of(this).partition,
        ...Object.fromEntries(
          [...functions].map(([state, fn]) => [functionArnPlaceholder(state), fn.function.functionArn]),
        ),
      },
      tracingEnabled: true,
      // Payloads stay out of the logs: they carry tenants' rows.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
    // The ASL invokes unqualified ARNs, so no `:*` (version/alias) wildcard as grantInvoke would add.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [...functions.values()].map((fn) => fn.function.functionArn),
      }),
    );
    if (hasDistributedMap(definition)) this.grantDistributedMap(props.bucket);
    acknowledge(
      this.stateMachine,
      'IAM5[Resource::*]',
      'Step Functions log delivery (logs:CreateLogDelivery, …) and X-Ray actions support no resource-level permissions.',
    );
  }

  /**
   * What a Distributed Map needs of its machine's role (AWS's "IAM policies for Distributed
   * Map"): start child executions of this machine and describe or stop them, and read the item
   * manifest in the data bucket. In a Policy of its own,
   * not the role's default one: the state machine depends on its role's default policy, and
   * this one names the state machine.
   */
  private grantDistributedMap(bucket: IBucket): void {
    const stack = Stack.of(this);
    const name = Arn.split(this.stateMachine.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName;
    const executions = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const policy = new Policy(this, 'DistributedMap', {
      roles: [this.stateMachine.role],
      statements: [
        new PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [this.stateMachine.stateMachineArn],
        }),
        new PolicyStatement({
          actions: ['states:DescribeExecution', 'states:StopExecution'],
          resources: [`${executions}/*`],
        }),
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }),
      ],
    });
    acknowledge(
      policy,
      wildcardResourceFinding(policy, this.stateMachine, executions, '/*'),
      'Child execution names are made by the Distributed Map at run time; the grant is on the children of this one state machine.',
    );
    acknowledge(
      policy,
      wildcardResourceFinding(policy, bucket, bucket.bucketArn, '/*'),
      'The manifest key is made at run time (detections/<tenant>/<id>/work/); the grant is reading objects of this one bucket.',
    );
  }
}

/** Whether a definition has a Map whose children are executions (a Distributed Map). */
function hasDistributedMap(definition: object): boolean {
  return JSON.stringify(definition).includes('"Mode":"DISTRIBUTED"');
}

/** TimeoutSeconds of every Task state, Map and Parallel branches included, by state name. */
function taskTimeouts(definition: object): Map<string, number> {
  const found = new Map<string, number>();
  const visit = (states: Record<string, Record<string, unknown>>): void => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task' && typeof state.TimeoutSeconds === 'number')
        found.set(name, state.TimeoutSeconds);
      const processor = (state.ItemProcessor ?? state.Iterator) as { States?: typeof states } | undefined;
      if (processor?.States) visit(processor.States);
      for (const branch of (state.Branches ?? []) as { States: typeof states }[]) visit(branch.States);
    }
  };
  visit((definition as { States: Record<string, Record<string, unknown>> }).States);
  return found;
}
