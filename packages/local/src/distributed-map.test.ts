import './polyfills';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { PARTITION_PLACEHOLDER } from '../../../functions/pipeline/definition';
import { detectionDefinition, detectionTasks } from '../../../functions/pipeline/detection-definition';
import { inlineDistributedMaps, LOCAL_ITEMS_FIELD, readerStateName, readItems } from './distributed-map';

type States = Record<string, Record<string, unknown>>;
const asl = () =>
  JSON.parse(JSON.stringify(detectionDefinition()).replaceAll(`\${${PARTITION_PLACEHOLDER}}`, 'aws')) as {
    StartAt: string;
    States: States;
  };

describe('a Distributed Map run locally', () => {
  it('becomes an inline Map over the items its reader state reads, and nothing else changes', () => {
    const original = asl();
    const { definition, readers } = inlineDistributedMaps(original);
    expect(readers).toEqual(['ScoreShardsReadItems']);
    const map = definition.States.ScoreShards!;
    expect(map).not.toHaveProperty('ItemReader');
    expect(map).not.toHaveProperty('ResultWriter');
    expect(map).toMatchObject({
      ItemsPath: `$.${LOCAL_ITEMS_FIELD}`,
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' } },
      ItemSelector: original.States.ScoreShards!.ItemSelector,
      MaxConcurrency: original.States.ScoreShards!.MaxConcurrency,
      ResultPath: null,
      Next: 'MergeShards',
    });
    expect(definition.States.PrepareShards!.Next).toBe(readerStateName('ScoreShards'));
    expect(definition.States[readerStateName('ScoreShards')]).toMatchObject({
      Type: 'Task',
      Parameters: { 'Bucket.$': '$.shards.bucket', 'Key.$': '$.shards.manifest_key' },
      ResultPath: `$.${LOCAL_ITEMS_FIELD}`,
      Next: 'ScoreShards',
      Catch: original.States.ScoreShards!.Catch,
    });
    const { ScoreShards: _, ...rest } = definition.States;
    const { ScoreShards: __, PrepareShards: ___, ...before } = original.States;
    const { PrepareShards: ____, ScoreShardsReadItems: _____, ...after } = rest;
    expect(after).toEqual(before);
  });

  it('runs the detection machine: every shard scored with its item, then the merge', async () => {
    const { definition, readers } = inlineDistributedMaps(asl());
    const scored: unknown[] = [];
    const manifest = [0, 1, 2].map((shard) => ({
      shard,
      key: `rows/${shard}`,
      offset: shard * 10,
      rows: 10,
    }));
    const lambda = (work: (payload: Record<string, unknown>) => unknown) => async (input: unknown) => ({
      StatusCode: 200,
      Payload: await work((input as { Payload: Record<string, unknown> }).Payload),
    });
    const handlers = {
      [readers[0]!]: (parameters: unknown) =>
        readItems(parameters, async (bucket, key) => {
          expect([bucket, key]).toEqual(['data', 'work/manifest.json']);
          return JSON.stringify(manifest);
        }),
      PrepareShards: lambda((p) => ({
        ...p,
        shards: { bucket: 'data', manifest_key: 'work/manifest.json', model_key: 'work/model.json' },
      })),
      ScoreShard: lambda((p) => {
        scored.push(p);
        return { shard: (p.shard as { shard: number }).shard };
      }),
      MergeShards: lambda((p) => ({ merged: p.detection_id })),
    };
    expect(Object.keys(handlers).sort()).toEqual(
      [...readers, 'PrepareShards', 'ScoreShard', 'MergeShards'].sort(),
    );
    expect(Object.keys(detectionTasks)).toEqual(
      expect.arrayContaining(['PrepareShards', 'ScoreShard', 'MergeShards']),
    );
    const { TimeoutSeconds: _, ...runnable } = definition as typeof definition & { TimeoutSeconds?: number };
    const machine = new StateMachine(runnable as never, { validationOptions: { checkArn: false } });
    const output = await machine.run(
      {
        tenant_id: 't',
        user_id: 'u',
        detection_id: 'det_1',
        request: { algorithm: 'iforest' },
        sharded: true,
      },
      { overrides: { taskResourceLocalHandlers: handlers as never } },
    ).result;
    expect(output).toEqual({ merged: 'det_1' });
    expect(scored).toEqual(
      manifest.map((shard) => ({
        tenant_id: 't',
        detection_id: 'det_1',
        model_key: 'work/model.json',
        shard,
      })),
    );
  });

  it('refuses a reader it cannot stand in for', async () => {
    const def = asl();
    (def.States.ScoreShards!.ItemReader as { ReaderConfig: object }).ReaderConfig = { InputType: 'CSV' };
    expect(() => inlineDistributedMaps(def)).toThrow(/JSON array/);
    await expect(readItems({ Bucket: 'b', Key: 'k' }, async () => '{}')).rejects.toThrow(/not a JSON array/);
  });
});
