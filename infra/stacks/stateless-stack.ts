/**
 * Everything that can be rebuilt from code: the API, the analysis pipeline and the event
 * consumers, wired to the stateful resources it is given.
 */

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { type MachineName, machines } from '../../functions/pipeline/machines';
import { AnalysisPipeline } from '../constructs/analysis-pipeline';
import { EventConsumers } from '../constructs/event-consumers';
import { bindStateMachine } from '../constructs/lambda-function';
import { LiveDetection } from '../constructs/live-detection';
import { Observability } from '../constructs/observability';
import { PynomalyApi } from '../constructs/pynomaly-api';
import { bindTriageModel, type TriageModel } from '../constructs/triage-model';
import type { StatefulResources } from './stateful-stack';

const pascal = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;

/** Properties of the {@link StatelessStack}. */
export interface StatelessStackProps extends StackProps, StatefulResources {
  /**
   * Browser origins allowed to call the API.
   * @default []
   */
  readonly corsOrigins?: readonly string[];
  /**
   * The Bedrock model of triage, bound to the pipeline's triage task and the on-demand report
   * route only.
   * @default - none: triage is the rules engine's alone
   */
  readonly triageModel?: TriageModel;
}

/** API, pipeline and event consumers. */
export class StatelessStack extends Stack {
  /** The REST API and its route functions. */
  readonly api: PynomalyApi;
  /** The analysis state machine and its task functions. */
  readonly pipeline: AnalysisPipeline;
  /**
   * Every state machine of functions/pipeline/machines.ts with its task functions: analysis,
   * detection (queued detections), study (experiments and AutoML searches run async), ingest
   * (large uploads converted out of the request), webhook (delivery retry schedules).
   */
  readonly pipelines: Readonly<Record<MachineName, AnalysisPipeline>>;
  /** The event rules and their consumers. */
  readonly consumers: EventConsumers;
  /** The live-detection WebSocket API and its functions. */
  readonly live: LiveDetection;
  /** Alarms over the API, every function, state machine and dead-letter queue. */
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, bucket, userPool, userPoolClient, bus } = props;

    this.pipelines = Object.fromEntries(
      machines.map((machine) => [
        machine.name,
        // The analysis machine was the first and keeps its construct id.
        new AnalysisPipeline(
          this,
          machine.name === 'analysis' ? 'Pipeline' : `${pascal(machine.name)}Pipeline`,
          {
            table,
            bucket,
            bus,
            machine,
          },
        ),
      ]),
    ) as Record<MachineName, AnalysisPipeline>;
    this.pipeline = this.pipelines.analysis;
    const stateMachines = Object.fromEntries(
      machines.map((m): [MachineName, IStateMachine] => [m.name, this.pipelines[m.name].stateMachine]),
    ) as Record<MachineName, IStateMachine>;
    // Autonomous mode on a large upload queues a dataset too large for one function on the
    // detection machine's sharded path (packages/platform/src/autonomous.ts).
    const ingestUpload = this.pipelines.ingest.functions.get('IngestUpload');
    const detection = machines.find((m) => m.name === 'detection');
    if (ingestUpload && detection)
      bindStateMachine(ingestUpload, stateMachines.detection, 'start', detection.arnVariable);
    // The model is called by the analysis pipeline's triage task and no other task.
    const { triageModel } = props;
    for (const [state, fn] of this.pipeline.functions) {
      if (triageModel && machines[0]?.tasks[state] === 'pipeline/triage') bindTriageModel(fn, triageModel);
    }
    // Before the consumers: alerts are broadcast to its connections.
    this.live = new LiveDetection(this, 'Live', { table, bucket, userPool, userPoolClient });
    this.consumers = new EventConsumers(this, 'Events', {
      table,
      bucket,
      bus,
      stateMachines,
      live: this.live,
    });
    this.api = new PynomalyApi(this, 'Api', {
      table,
      bucket,
      userPool,
      userPoolClient,
      stateMachines,
      corsOrigins: props.corsOrigins,
      triageModel: props.triageModel,
      bus,
    });
    // Last: it alarms on what the stack holds by now.
    this.observability = new Observability(this, 'Observability');

    new CfnOutput(this, 'ApiUrl', { value: this.api.api.url });
    new CfnOutput(this, 'LiveUrl', { value: `${this.live.stage.url}` });
    new CfnOutput(this, 'StateMachineArn', { value: this.pipeline.stateMachine.stateMachineArn });
  }
}
