/**
 * The "analysis" state machine in Amazon States Language: parse → detect → triage (Map) → report.
 * AWS runs it from the CDK stack (function ARNs substituted for the `${…}` placeholders);
 * the local stack runs this same document with aws-local-stepfunctions.
 */

/** Each Lambda task of the pipeline: state name → handler module under `functions/`. */
export const pipelineTasks = {
  Parse: 'pipeline/parse',
  Detect: 'pipeline/detect',
  TriageAnomaly: 'pipeline/triage',
  Report: 'pipeline/report',
  MarkFailed: 'pipeline/fail',
} as const;

export type PipelineTaskState = keyof typeof pipelineTasks;

/** The placeholder of the AWS partition (`aws`, `aws-cn`, `aws-us-gov`), so the machines deploy in any. */
export const PARTITION_PLACEHOLDER = 'Partition';

/** The placeholder a task's function ARN is substituted for (`definitionSubstitutions` in CDK). */
export const functionArnPlaceholder = (state: string): string => `${state}FunctionArn`;

/** Triage Lambdas run at most this many at once per execution. */
export const TRIAGE_MAX_CONCURRENCY = 10;

const transientLambdaErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
  'TransientError',
];

/** A Lambda task with the retries every task of ours gets on transient Lambda faults. */
export const lambdaTask = (state: string, timeoutSeconds: number, next: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: `arn:\${${PARTITION_PLACEHOLDER}}:states:::lambda:invoke`,
  Parameters: { FunctionName: `\${${functionArnPlaceholder(state)}}`, 'Payload.$': '$' },
  OutputPath: '$.Payload',
  TimeoutSeconds: timeoutSeconds,
  Retry: [
    {
      ErrorEquals: transientLambdaErrors,
      IntervalSeconds: 2,
      MaxAttempts: 3,
      BackoffRate: 2,
      JitterStrategy: 'FULL',
    },
  ],
  ...next,
});

/**
 * One long task, and on any error a second that records why on the work's own record, so a
 * caller polling it sees `failed` and the reason.
 */
export const runOrMarkFailed = (machine: {
  comment: string;
  run: string;
  markFailed: string;
  error: string;
  cause: string;
}) => ({
  Comment: machine.comment,
  StartAt: machine.run,
  // Twice the run task's 900 s, room for the mark-failed task; an execution past it ends
  // TIMED_OUT, and functions/events/on-execution-ended fails its record.
  TimeoutSeconds: 1800,
  States: {
    [machine.run]: lambdaTask(machine.run, 900, {
      Next: 'Done',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: machine.markFailed }],
    }),
    Done: { Type: 'Succeed' },
    [machine.markFailed]: lambdaTask(machine.markFailed, 60, { Next: 'Failed' }),
    Failed: { Type: 'Fail', Error: machine.error, Cause: machine.cause },
  },
});

const catchToFailure = {
  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }],
};

/** The state machine definition, with `${<State>FunctionArn}` placeholders for the task functions. */
export function analysisDefinition() {
  return {
    Comment: 'Pynomaly analysis: parse a workbook, detect anomalies, triage each one, write the reports',
    StartAt: 'Parse',
    // An hour bounds the whole analysis; past it the execution ends TIMED_OUT and
    // functions/events/on-execution-ended fails the session and dataset.
    TimeoutSeconds: 3600,
    States: {
      Parse: lambdaTask('Parse', 900, { Next: 'Detect', ...catchToFailure }),
      Detect: lambdaTask('Detect', 900, { Next: 'TriageEach', ...catchToFailure }),
      TriageEach: {
        Type: 'Map',
        ItemsPath: '$.anomaly_ids',
        MaxConcurrency: TRIAGE_MAX_CONCURRENCY,
        ItemSelector: {
          'tenant_id.$': '$.tenant_id',
          'dataset_id.$': '$.dataset_id',
          'session_id.$': '$.session_id',
          'anomaly_count.$': '$.anomaly_count',
          'anomaly_id.$': '$$.Map.Item.Value',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'TriageAnomaly',
          States: { TriageAnomaly: lambdaTask('TriageAnomaly', 120, { End: true }) },
        },
        ResultPath: null,
        Next: 'Report',
        ...catchToFailure,
      },
      Report: lambdaTask('Report', 300, { Next: 'Done', ...catchToFailure }),
      Done: { Type: 'Succeed' },
      MarkFailed: lambdaTask('MarkFailed', 60, { Next: 'Failed' }),
      Failed: {
        Type: 'Fail',
        Error: 'AnalysisFailed',
        Cause: 'The analysis failed; the session holds the error message.',
      },
    },
  };
}
