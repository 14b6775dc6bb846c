import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineTasks, TRIAGE_MAX_CONCURRENCY } from '../../functions/pipeline/definition';
import {
  environmentOf,
  resourceNamed,
  resourcesOf,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

interface State {
  Type: string;
  TimeoutSeconds?: number;
  Retry?: unknown[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  MaxConcurrency?: number;
  ItemProcessor?: { States: Record<string, State> };
  Next?: string;
}

let synthesized: Synthesized;
let template: Template;
let stateMachine: Record<string, unknown>;
let definition: { States: Record<string, State> };

/** Every state of the definition, Map processors included, by name. */
function allStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
  ]);
}

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.statelessTemplate;
  const [machine] = Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine'));
  if (!machine) throw new Error('no state machine');
  stateMachine = machine.Properties;
  definition = JSON.parse(stateMachine.DefinitionString as string);
});
afterAll(() => synthesized.cleanup());

describe('analysis state machine', () => {
  it('is STANDARD, traced, and logs ALL to a log group', () => {
    expect(stateMachine).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        Destinations: [
          { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } },
        ],
      },
    });
  });

  it('runs Parse → Detect → TriageEach (Map) → Report', () => {
    const { States } = definition;
    expect(States.Parse?.Next).toBe('Detect');
    expect(States.Detect?.Next).toBe('TriageEach');
    expect(States.TriageEach).toMatchObject({
      Type: 'Map',
      MaxConcurrency: TRIAGE_MAX_CONCURRENCY,
      Next: 'Report',
    });
    expect(States.TriageEach?.MaxConcurrency).toBeGreaterThan(0);
    expect(States.Report?.Type).toBe('Task');
  });

  it('gives every Task a timeout and a retry', () => {
    const tasks = allStates(definition.States).filter(([, state]) => state.Type === 'Task');
    expect(tasks.map(([name]) => name).sort()).toEqual(Object.keys(pipelineTasks).sort());
    for (const [name, task] of tasks) {
      expect(task.TimeoutSeconds, name).toBeGreaterThan(0);
      expect(task.Retry?.length, name).toBeGreaterThan(0);
    }
  });

  it('catches every failure of the top-level work states into MarkFailed', () => {
    for (const name of ['Parse', 'Detect', 'TriageEach', 'Report']) {
      expect(definition.States[name]?.Catch, name).toContainEqual(
        expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'MarkFailed' }),
      );
    }
    expect(definition.States.MarkFailed?.Next).toBe('Failed');
  });

  it('substitutes the partition and a function ARN for every placeholder in the definition', () => {
    const placeholders = [...(stateMachine.DefinitionString as string).matchAll(/\$\{(\w+)\}/g)].map(
      (m) => m[1],
    );
    const { Partition: partition, ...substitutions } = stateMachine.DefinitionSubstitutions as Record<
      string,
      { 'Fn::GetAtt': [string, string] }
    >;
    expect(partition).toEqual({ Ref: 'AWS::Partition' });
    expect(['Partition', ...Object.keys(substitutions)].sort()).toEqual([...new Set(placeholders)].sort());
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    for (const arn of Object.values(substitutions)) {
      expect(functions[arn['Fn::GetAtt'][0]], JSON.stringify(arn)).toBeDefined();
    }
  });
});

describe('pipeline functions', () => {
  const taskFunction = (state: string) =>
    resourceNamed(template, 'AWS::Lambda::Function', `Pipeline${state}Function`).Properties;

  it('exist once per task, with the memory and timeout of their task', () => {
    expect(taskFunction('Parse')).toMatchObject({ MemorySize: 2048, Timeout: 900 });
    expect(taskFunction('Detect')).toMatchObject({ MemorySize: 2048, Timeout: 900 });
    for (const state of ['TriageAnomaly', 'Report', 'MarkFailed']) {
      expect(taskFunction(state).MemorySize, state).toBe(512);
    }
    expect(taskFunction('TriageAnomaly').Timeout).toBe(120);
  });

  it('know the table, bucket and bus', () => {
    for (const state of Object.keys(pipelineTasks)) {
      const variables = environmentOf(
        resourceNamed(template, 'AWS::Lambda::Function', `Pipeline${state}Function`),
      );
      expect(Object.keys(variables), state).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'BUCKET_NAME', 'EVENT_BUS_NAME']),
      );
    }
  });

  it('are the only functions the state machine may invoke', () => {
    const statements = statementsOfRole(template, 'PipelineStateMachineRole');
    const invoke = statements.filter((s) => JSON.stringify(s.Action).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    const resources = invoke[0]?.Resource as { 'Fn::GetAtt': [string, string] }[];
    expect(resources.map((r) => r['Fn::GetAtt'][0].replace(/Function[0-9A-F]{8}$/, '')).sort()).toEqual(
      Object.keys(pipelineTasks)
        .map((state) => `Pipeline${state}`)
        .sort(),
    );
  });
});
