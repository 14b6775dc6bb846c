/**
 * The ingest state machine, which converts large uploads too big to convert within the complete
 * request: bounded in time, its conversion task given the memory and time it needs, and
 * started by the complete route alone.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestTasks } from '../../functions/pipeline/ingest-definition';
import { routes } from '../../functions/routes';
import {
  type CfnResource,
  environmentOf,
  resourcesOf,
  routeLogicalId,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

interface State {
  Type: string;
  TimeoutSeconds?: number;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Next?: string;
}

let synthesized: Synthesized;
let template: Template;
let machineId: string;
let machine: CfnResource;
let definition: { TimeoutSeconds?: number; StartAt: string; States: Record<string, State> };

beforeAll(() => {
  synthesized = synthesize();
  // The parent and its route stacks as one: the route functions and roles are nested.
  template = synthesized.statelessTree;
  const { Ref } = synthesized.stateless.resolve(
    synthesized.stateless.pipelines.ingest.stateMachine.stateMachineArn,
  ) as {
    Ref: string;
  };
  machineId = Ref;
  const found = resourcesOf(template, 'AWS::StepFunctions::StateMachine')[machineId];
  if (!found) throw new Error('no ingest state machine');
  machine = found;
  definition = JSON.parse(machine.Properties.DefinitionString as string);
});
afterAll(() => synthesized.cleanup());

/** The function a task state invokes, through the machine's definition substitutions. */
function taskFunction(state: string): CfnResource {
  const substitutions = machine.Properties.DefinitionSubstitutions as Record<
    string,
    { 'Fn::GetAtt': [string, string] }
  >;
  const logicalId = substitutions[`${state}FunctionArn`]?.['Fn::GetAtt'][0];
  const fn = logicalId ? resourcesOf(template, 'AWS::Lambda::Function')[logicalId] : undefined;
  if (!fn) throw new Error(`no function for ${state}`);
  return fn;
}

const isIngestMachine = (resource: unknown) =>
  JSON.stringify(resource) === JSON.stringify({ Ref: machineId });

describe('ingest state machine', () => {
  it('is STANDARD and ends an execution that runs past 30 minutes', () => {
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(definition.TimeoutSeconds).toBe(1800);
  });

  it('converts in IngestUpload, and on any error marks the upload failed before it fails', () => {
    const { States, StartAt } = definition;
    expect(StartAt).toBe('IngestUpload');
    expect(States.IngestUpload).toMatchObject({
      Type: 'Task',
      TimeoutSeconds: 900,
      Next: 'Done',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'MarkIngestFailed' }],
    });
    expect(States.IngestUpload?.Retry?.[0]?.ErrorEquals).toContain('Lambda.ServiceException');
    expect(States.MarkIngestFailed).toMatchObject({ Type: 'Task', Next: 'Failed' });
    expect(States.Failed?.Type).toBe('Fail');
    expect(Object.keys(States).filter((s) => States[s]?.Type === 'Task')).toEqual(Object.keys(ingestTasks));
  });

  it('gives the conversion 3008 MB and 900 s, and the mark-failed task a minute', () => {
    expect(taskFunction('IngestUpload').Properties).toMatchObject({ MemorySize: 3008, Timeout: 900 });
    expect(taskFunction('MarkIngestFailed').Properties).toMatchObject({ Timeout: 60 });
  });
});

describe('starting an ingest', () => {
  const startsOnIngest = (routeId: string) =>
    statementsOfRole(template, routeLogicalId(routeId, 'Role')).filter(
      (s) => [s.Action].flat().includes('states:StartExecution') && [s.Resource].flat().some(isIngestMachine),
    );

  it('is what the complete route may do, on the ingest machine only, told where it is', () => {
    const statements = statementsOfRole(template, routeLogicalId('V1CompleteLargeUpload', 'Role')).filter(
      (s) => [s.Action].flat().some((action) => action.startsWith('states:')),
    );
    expect(statements).toHaveLength(1);
    expect([statements[0]?.Action].flat()).toEqual(['states:StartExecution']);
    expect([statements[0]?.Resource].flat().every(isIngestMachine)).toBe(true);
    const [fn] = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).filter(([id]) =>
      routeLogicalId('V1CompleteLargeUpload', 'Function').test(id),
    );
    expect(environmentOf(fn?.[1] as CfnResource)).toMatchObject({
      INGEST_STATE_MACHINE_ARN: { Ref: machineId },
    });
  });

  it('is what no other route may do', () => {
    for (const route of routes.filter((r) => r.id !== 'V1CompleteLargeUpload'))
      expect(startsOnIngest(route.id), route.id).toEqual([]);
  });
});
