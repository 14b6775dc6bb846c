/**
 * The "detection" state machine: one detection too large for a synchronous request, run to
 * completion in a task function — or, for a stored dataset too large for one function
 * (docs/adr/0013), prepared in one task, scored shard by shard in a Distributed Map's child
 * executions and merged in a last one — its run marked failed (with the reason) if it cannot be.
 * CDK and the local stack run this same document, like the analysis pipeline's; the local
 * stack runs the Distributed Map as an inline Map over the same manifest
 * (packages/local/src/distributed-map.ts).
 */
import { lambdaTask, PARTITION_PLACEHOLDER } from './definition';

/** Each Lambda task: state name → handler module under `functions/`. */
export const detectionTasks = {
  RunDetection: 'pipeline/run-detection',
  PrepareShards: 'pipeline/prepare-shards',
  ScoreShard: 'pipeline/score-shard',
  MergeShards: 'pipeline/merge-shards',
  MarkDetectionFailed: 'pipeline/fail-detection',
} as const;

/**
 * Shards scored at once: 100 workers of 3008 MB score 100M rows in about two rounds
 * (bench/RESULTS.md) and stay well inside an account's default 1,000 concurrent Lambdas.
 */
export const SHARD_MAX_CONCURRENCY = 100;

const toFailure = {
  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkDetectionFailed' }],
};

export const detectionDefinition = () => ({
  Comment: 'Pynomaly detection: one detection run on a stored dataset, too large to wait for',
  StartAt: 'Route',
  // Prepare (900 s), the shards (each ≤ 900 s, SHARD_MAX_CONCURRENCY at once) and the merge
  // (900 s); past it the execution ends TIMED_OUT and functions/events/on-execution-ended
  // fails its record.
  TimeoutSeconds: 7200,
  States: {
    Route: {
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.sharded', IsPresent: true },
            { Variable: '$.sharded', BooleanEquals: true },
          ],
          Next: 'PrepareShards',
        },
      ],
      Default: 'RunDetection',
    },
    RunDetection: lambdaTask('RunDetection', 900, { Next: 'Done', ...toFailure }),
    // Its output is its input with `shards`: where the manifest and model are, never rows.
    PrepareShards: lambdaTask('PrepareShards', 900, { Next: 'ScoreShards', ...toFailure }),
    ScoreShards: {
      Type: 'Map',
      ItemReader: {
        Resource: `arn:\${${PARTITION_PLACEHOLDER}}:states:::s3:getObject`,
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Bucket.$': '$.shards.bucket', 'Key.$': '$.shards.manifest_key' },
      },
      ItemSelector: {
        'tenant_id.$': '$.tenant_id',
        'detection_id.$': '$.detection_id',
        'model_key.$': '$.shards.model_key',
        'shard.$': '$$.Map.Item.Value',
      },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'ScoreShard',
        States: { ScoreShard: lambdaTask('ScoreShard', 900, { End: true }) },
      },
      MaxConcurrency: SHARD_MAX_CONCURRENCY,
      // Each child answers `{"shard": n}` (about 13 bytes): the Map's array of them stays under
      // the 256 KiB a state may carry up to about 19,000 shards (19 billion rows of 10 features),
      // so no ResultWriter is needed; what the merge needs, each shard left in the bucket.
      ResultPath: null,
      Next: 'MergeShards',
      ...toFailure,
    },
    MergeShards: lambdaTask('MergeShards', 900, { Next: 'Done', ...toFailure }),
    Done: { Type: 'Succeed' },
    MarkDetectionFailed: lambdaTask('MarkDetectionFailed', 60, { Next: 'Failed' }),
    Failed: {
      Type: 'Fail',
      Error: 'DetectionFailed',
      Cause: 'The detection failed; its result holds the reason.',
    },
  },
});
