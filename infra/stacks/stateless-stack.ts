/**
 * Everything that can be rebuilt from code: the API, the analysis pipeline and the event
 * consumers, wired to the stateful resources it is given.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { machines } from '../../functions/pipeline/machines';
import { AnalysisPipeline } from '../constructs/analysis-pipeline';
import { EventConsumers } from '../constructs/event-consumers';
import { LiveDetection } from '../constructs/live-detection';
import { Observability } from '../constructs/observability';
import { PynomalyApi } from '../constructs/pynomaly-api';
import { bindTriageModel, type TriageModel } from '../constructs/triage-model';
import type { StatefulResources } from './stateful-stack';

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
  /** The detection state machine (queued detections) and its task functions. */
  readonly detectionPipeline: AnalysisPipeline;
  /** The study state machine (experiments and AutoML searches run async) and its task function. */
  readonly studyPipeline: AnalysisPipeline;
  /** The ingest state machine (large uploads converted out of the request) and its task functions. */
  readonly ingestPipeline: AnalysisPipeline;
  /** The event rules and their consumers. */
  readonly consumers: EventConsumers;
  /** The live-detection WebSocket API and its functions. */
  readonly live: LiveDetection;
  /** Alarms over the API, every function, state machine and dead-letter queue. */
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, bucket, userPool, userPoolClient, bus } = props;

    this.pipeline = new AnalysisPipeline(this, 'Pipeline', { table, bucket, bus });
    // The model is called by the analysis pipeline's triage task and no other task.
    const { triageModel } = props;
    for (const [state, fn] of this.pipeline.functions) {
      if (triageModel && machines[0]?.tasks[state] === 'pipeline/triage') bindTriageModel(fn, triageModel);
    }
    this.detectionPipeline = new AnalysisPipeline(this, 'DetectionPipeline', {
      table,
      bucket,
      bus,
      machine: machines.find((m) => m.name === 'detection'),
    });
    this.studyPipeline = new AnalysisPipeline(this, 'StudyPipeline', {
      table,
      bucket,
      bus,
      machine: machines.find((m) => m.name === 'study'),
    });
    this.ingestPipeline = new AnalysisPipeline(this, 'IngestPipeline', {
      table,
      bucket,
      bus,
      machine: machines.find((m) => m.name === 'ingest'),
    });
    this.consumers = new EventConsumers(this, 'Events', {
      table,
      bucket,
      bus,
      stateMachine: this.pipeline.stateMachine,
      detectionStateMachine: this.detectionPipeline.stateMachine,
      studyStateMachine: this.studyPipeline.stateMachine,
      ingestStateMachine: this.ingestPipeline.stateMachine,
    });
    this.api = new PynomalyApi(this, 'Api', {
      table,
      bucket,
      userPool,
      userPoolClient,
      stateMachine: this.pipeline.stateMachine,
      detectionStateMachine: this.detectionPipeline.stateMachine,
      studyStateMachine: this.studyPipeline.stateMachine,
      ingestStateMachine: this.ingestPipeline.stateMachine,
      corsOrigins: props.corsOrigins,
      triageModel: props.triageModel,
      bus,
    });
    this.live = new LiveDetection(this, 'Live', { table, bucket, userPool, userPoolClient });
    // Last: it alarms on what the stack holds by now.
    this.observability = new Observability(this, 'Observability');

    new CfnOutput(this, 'ApiUrl', { value: this.api.api.url });
    new CfnOutput(this, 'LiveUrl', { value: `${this.live.stage.url}` });
    new CfnOutput(this, 'StateMachineArn', { value: this.pipeline.stateMachine.stateMachineArn });
  }
}
