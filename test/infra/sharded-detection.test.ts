/**
 * The detection state machine's sharded path (docs/adr/0013): a DISTRIBUTED Map reading its
 * shards from an S3 manifest, the role that Map needs, and the three task functions holding
 * only their own grants.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTITION_PLACEHOLDER } from '../../functions/pipeline/definition';
import { SHARD_MAX_CONCURRENCY } from '../../functions/pipeline/detection-definition';
import {
  type CfnResource,
  resourcesOf,
  type Statement,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

let synthesized: Synthesized;
let template: Template;
let machineId: string;
let machine: CfnResource;
let definition: { States: Record<string, Record<string, unknown>> };

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.statelessTemplate;
  const found = Object.entries(resourcesOf(template, 'AWS::StepFunctions::StateMachine')).find(([id]) =>
    id.startsWith('DetectionPipelineStateMachine'),
  );
  if (!found) throw new Error('no detection state machine');
  [machineId, machine] = found;
  definition = JSON.parse(machine.Properties.DefinitionString as string);
}, 120_000);
afterAll(() => synthesized.cleanup());

/** The logical id of a detection task's role (`DetectionPipelineScoreShardRole…`). */
const roleId = (state: string) => new RegExp(`^DetectionPipeline${state}Role[0-9A-F]{8}$`);

function taskFunction(state: string): CfnResource {
  const all = Object.entries(resourcesOf(template, 'AWS::Lambda::Function'));
  const found = all.find(([id]) => id.startsWith(`DetectionPipeline${state}`));
  if (!found) throw new Error(`no function for ${state} in ${all.map(([id]) => id).join(', ')}`);
  return found[1];
}

const actions = (statements: Statement[], prefix: string) =>
  [...new Set(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith(prefix)))].sort();

describe('the sharded detection', () => {
  it('scores shards in a DISTRIBUTED Map whose items an S3 ItemReader reads from the manifest', () => {
    const map = definition.States.ScoreShards;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemReader: {
        Resource: `arn:\${${PARTITION_PLACEHOLDER}}:states:::s3:getObject`,
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Bucket.$': '$.shards.bucket', 'Key.$': '$.shards.manifest_key' },
      },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'ScoreShard',
      },
      MaxConcurrency: SHARD_MAX_CONCURRENCY,
      ResultPath: null,
      Next: 'MergeShards',
    });
    // The children's outputs ({shard}) stay small enough to come back in the state.
    expect(map).not.toHaveProperty('ResultWriter');
    expect(definition.States.PrepareShards?.Next).toBe('ScoreShards');
    expect(definition.States.Route?.Type).toBe('Choice');
    const substitutions = machine.Properties.DefinitionSubstitutions as Record<string, unknown>;
    for (const state of ['PrepareShards', 'ScoreShard', 'MergeShards'])
      expect(substitutions).toHaveProperty(`${state}FunctionArn`);
  });

  it('lets the machine start and watch its own children and read the manifest', () => {
    const role = (machine.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = statementsOfRole(template, role);
    const of = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    expect(of('states:StartExecution').map((s) => s.Resource)).toEqual([{ Ref: machineId }]);
    const children = JSON.stringify(of('states:DescribeExecution').map((s) => s.Resource));
    expect(children).toContain(':execution:');
    expect(children).toContain('/*');
    expect(of('states:StopExecution')).toHaveLength(1);
    expect(of('s3:GetObject')).toHaveLength(1);
    expect(of('s3:PutObject')).toHaveLength(0);
  });

  it('gives each task function its own grants only', () => {
    const grants = (state: string) => statementsOfRole(template, roleId(state));
    expect(actions(grants('ScoreShard'), 'dynamodb:')).toEqual(['dynamodb:UpdateItem']);
    expect(actions(grants('ScoreShard'), 's3:')).toEqual([
      's3:AbortMultipartUpload',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    expect(actions(grants('ScoreShard'), 'events:')).toEqual([]);
    expect(actions(grants('PrepareShards'), 'dynamodb:')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
    ]);
    expect(actions(grants('PrepareShards'), 's3:')).not.toContain('s3:DeleteObject');
    expect(actions(grants('PrepareShards'), 'events:')).toEqual([]);
    expect(actions(grants('MergeShards'), 'dynamodb:')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(actions(grants('MergeShards'), 's3:')).toContain('s3:DeleteObject');
    expect(actions(grants('MergeShards'), 'events:')).toEqual(['events:PutEvents']);
    expect(taskFunction('ScoreShard').Properties).toMatchObject({ MemorySize: 3008, Timeout: 900 });
    expect(taskFunction('PrepareShards').Properties).toMatchObject({ MemorySize: 3008, Timeout: 900 });
  });
});
