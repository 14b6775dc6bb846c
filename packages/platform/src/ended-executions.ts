/**
 * Executions that end badly outside any Catch — past the machine's `TimeoutSeconds`, stopped
 * (StopExecution), or failed where no state catches — run no mark-failed task, so nothing would
 * end the record they worked on. Step Functions announces each end on the account's default bus
 * ("Step Functions Execution Status Change"); this reads that event: the execution's input (the
 * record it worked on) and the reason a person reads.
 */
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { sfnClient, ValidationError } from '@pynomaly/core';
import { z } from 'zod';

/** The statuses of an execution that ended without finishing its work. */
export const ENDED_BADLY = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** EventBridge's "Step Functions Execution Status Change" event, as far as it is read here. */
export const executionStatusChange = z.object({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z
    .object({
      executionArn: z.string().min(1),
      stateMachineArn: z.string().min(1),
      name: z.string().min(1),
      status: z.string().min(1),
      /** Milliseconds since the epoch. */
      startDate: z.number().nullish(),
      stopDate: z.number().nullish(),
      /** The execution's input, a JSON string; left out (`inputDetails.included: false`) when too large for the event. */
      input: z.string().nullish(),
      inputDetails: z.object({ included: z.boolean() }).loose().nullish(),
      error: z.string().nullish(),
      cause: z.string().nullish(),
    })
    .loose(),
});
export type ExecutionStatusDetail = z.infer<typeof executionStatusChange>['detail'];

/** Whether the status is one of {@link ENDED_BADLY}. */
export function endedBadly(status: string): status is (typeof ENDED_BADLY)[number] {
  return (ENDED_BADLY as readonly string[]).includes(status);
}

/**
 * The execution's input, checked against `schema`: from the event when it carries it, else
 * from DescribeExecution (the event leaves the input out when the whole would pass 256 KB).
 */
export async function executionInput<S extends z.ZodType>(
  detail: ExecutionStatusDetail,
  schema: S,
  deps: { sfn?: SFNClient } = {},
): Promise<z.infer<S>> {
  let text = detail.inputDetails?.included === false ? undefined : (detail.input ?? undefined);
  if (text === undefined) {
    const described = await (deps.sfn ?? sfnClient()).send(
      new DescribeExecutionCommand({ executionArn: detail.executionArn }),
    );
    text = described.input;
  }
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    throw new ValidationError(`Execution ${detail.executionArn} has no JSON input`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ValidationError(`Malformed input of execution ${detail.executionArn}: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Why an execution ended, in the words its record shows: "The analysis timed out after 3600 s",
 * "… was stopped before it finished", "… failed: States.Runtime". `timeoutSeconds` is the
 * machine's `TimeoutSeconds`; without it the time the execution ran is given.
 */
export function endedReason(what: string, detail: ExecutionStatusDetail, timeoutSeconds?: number): string {
  switch (detail.status) {
    case 'TIMED_OUT': {
      const ran =
        detail.startDate != null && detail.stopDate != null
          ? Math.round((detail.stopDate - detail.startDate) / 1000)
          : undefined;
      const seconds = timeoutSeconds ?? ran;
      return seconds === undefined ? `The ${what} timed out` : `The ${what} timed out after ${seconds} s`;
    }
    case 'ABORTED':
      return `The ${what} was stopped before it finished`;
    default:
      return detail.error ? `The ${what} failed: ${detail.error}` : `The ${what} failed`;
  }
}
