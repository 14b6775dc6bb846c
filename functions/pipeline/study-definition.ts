/**
 * The "study" state machine: an experiment or AutoML search too long for a request, run in a
 * task function, marked failed (with the reason) if it cannot finish. CDK and the local stack
 * run this same document.
 */
import { lambdaTask } from './definition';

/** Each Lambda task: state name → handler module under `functions/`. */
export const studyTasks = {
  RunStudy: 'pipeline/run-study',
  MarkStudyFailed: 'pipeline/fail-study',
} as const;

export function studyDefinition() {
  return {
    Comment: 'Pynomaly study: an experiment or AutoML search, run to the end',
    StartAt: 'RunStudy',
    TimeoutSeconds: 1800,
    States: {
      RunStudy: lambdaTask('RunStudy', 900, {
        Next: 'Done',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkStudyFailed' }],
      }),
      Done: { Type: 'Succeed' },
      MarkStudyFailed: lambdaTask('MarkStudyFailed', 60, { Next: 'Failed' }),
      Failed: { Type: 'Fail', Error: 'StudyFailed', Cause: 'The study failed; its record holds the reason.' },
    },
  };
}
