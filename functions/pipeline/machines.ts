/**
 * Every state machine of the product: its ASL document and its Lambda tasks. The CDK stack
 * builds one STANDARD state machine per entry; the local Step Functions runs the same ones.
 */
import { analysisDefinition, pipelineTasks } from './definition';
import { detectionDefinition, detectionTasks } from './detection-definition';
import { ingestDefinition, ingestTasks } from './ingest-definition';
import { studyDefinition, studyTasks } from './study-definition';
import { webhookDefinition, webhookTasks } from './webhook-definition';

export type MachineName = 'analysis' | 'detection' | 'study' | 'ingest' | 'webhook';

export interface MachineDefinition {
  /** The resource name suffix (`pynomaly-<name>`) and the construct id. */
  name: MachineName;
  definition: () => object;
  /** Task state → handler module under `functions/`. */
  tasks: Readonly<Record<string, string>>;
  /** The variable that tells a function which machine to start. */
  arnVariable:
    | 'STATE_MACHINE_ARN'
    | 'DETECTION_STATE_MACHINE_ARN'
    | 'STUDY_STATE_MACHINE_ARN'
    | 'INGEST_STATE_MACHINE_ARN'
    | 'WEBHOOK_STATE_MACHINE_ARN';
}

export const machines: readonly MachineDefinition[] = [
  {
    name: 'analysis',
    definition: analysisDefinition,
    tasks: pipelineTasks,
    arnVariable: 'STATE_MACHINE_ARN',
  },
  {
    name: 'detection',
    definition: detectionDefinition,
    tasks: detectionTasks,
    arnVariable: 'DETECTION_STATE_MACHINE_ARN',
  },
  {
    name: 'study',
    definition: studyDefinition,
    tasks: studyTasks,
    arnVariable: 'STUDY_STATE_MACHINE_ARN',
  },
  {
    name: 'ingest',
    definition: ingestDefinition,
    tasks: ingestTasks,
    arnVariable: 'INGEST_STATE_MACHINE_ARN',
  },
  {
    name: 'webhook',
    definition: webhookDefinition,
    tasks: webhookTasks,
    arnVariable: 'WEBHOOK_STATE_MACHINE_ARN',
  },
];

/**
 * The placeholder of a machine's ARN in event patterns (`AnalysisStateMachineArn`), filled in
 * by the CDK events construct and by the local event bus.
 */
export const stateMachineArnPlaceholder = (name: MachineName): string =>
  `${name[0]?.toUpperCase()}${name.slice(1)}StateMachineArn`;

/** A machine's `TimeoutSeconds`, the bound past which Step Functions ends its execution. */
export const machineTimeoutSeconds = (machine: MachineDefinition): number | undefined =>
  (machine.definition() as { TimeoutSeconds?: number }).TimeoutSeconds;
