/**
 * The "study" state machine: an experiment or AutoML search too long for a request, run in a
 * task function, marked failed (with the reason) if it cannot finish. CDK and the local stack
 * run this same document.
 */
import { runOrMarkFailed } from './definition';

/** Each Lambda task: state name → handler module under `functions/`. */
export const studyTasks = {
  RunStudy: 'pipeline/run-study',
  MarkStudyFailed: 'pipeline/fail-study',
} as const;

export const studyDefinition = () =>
  runOrMarkFailed({
    comment: 'Pynomaly study: an experiment or AutoML search, run to the end',
    run: 'RunStudy',
    markFailed: 'MarkStudyFailed',
    error: 'StudyFailed',
    cause: 'The study failed; its record holds the reason.',
  });
