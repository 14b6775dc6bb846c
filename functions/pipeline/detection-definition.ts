/**
 * The "detection" state machine: one detection too large for a synchronous request, run to
 * completion in a task function, its run marked failed (with the reason) if it cannot be.
 * CDK and the local stack run this same document, like the analysis pipeline's.
 */
import { lambdaTask } from './definition';

/** Each Lambda task: state name → handler module under `functions/`. */
export const detectionTasks = {
  RunDetection: 'pipeline/run-detection',
  MarkDetectionFailed: 'pipeline/fail-detection',
} as const;

export type DetectionTaskState = keyof typeof detectionTasks;

export function detectionDefinition() {
  return {
    Comment: 'Pynomaly detection: one detection run on a stored dataset, too large to wait for',
    StartAt: 'RunDetection',
    TimeoutSeconds: 1800,
    States: {
      RunDetection: lambdaTask('RunDetection', 900, {
        Next: 'Done',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkDetectionFailed' }],
      }),
      Done: { Type: 'Succeed' },
      MarkDetectionFailed: lambdaTask('MarkDetectionFailed', 60, { Next: 'Failed' }),
      Failed: {
        Type: 'Fail',
        Error: 'DetectionFailed',
        Cause: 'The detection failed; its result holds the reason.',
      },
    },
  };
}
