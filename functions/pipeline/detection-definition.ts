/**
 * The "detection" state machine: one detection too large for a synchronous request, run to
 * completion in a task function, its run marked failed (with the reason) if it cannot be.
 * CDK and the local stack run this same document, like the analysis pipeline's.
 */
import { runOrMarkFailed } from './definition';

/** Each Lambda task: state name → handler module under `functions/`. */
export const detectionTasks = {
  RunDetection: 'pipeline/run-detection',
  MarkDetectionFailed: 'pipeline/fail-detection',
} as const;

export const detectionDefinition = () =>
  runOrMarkFailed({
    comment: 'Pynomaly detection: one detection run on a stored dataset, too large to wait for',
    run: 'RunDetection',
    markFailed: 'MarkDetectionFailed',
    error: 'DetectionFailed',
    cause: 'The detection failed; its result holds the reason.',
  });
