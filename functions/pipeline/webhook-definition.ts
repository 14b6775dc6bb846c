/**
 * The "webhook" state machine: the retry schedule of one webhook delivery whose first attempt
 * failed. It waits, attempts, and waits again (each wait chosen by the attempt before, per
 * WEBHOOK_RETRY_SCHEDULE and the receiver's `Retry-After`) until an attempt succeeds or the
 * schedule ends (packages/webhooks/src/retries.ts). Waiting costs nothing on a STANDARD
 * machine, so a schedule of hours is a handful of state transitions.
 */
import { lambdaTask } from './definition';

/** Each Lambda task: state name → handler module under `functions/`. */
export const webhookTasks = {
  AttemptDelivery: 'pipeline/attempt-webhook-delivery',
} as const;

/**
 * The bound on one schedule: eight waits of at most a day each (a receiver's `Retry-After` is
 * capped at a day), with room to spare. A schedule that reaches it fails its delivery
 * (functions/events/on-execution-ended).
 */
export const WEBHOOK_SCHEDULE_TIMEOUT_SECONDS = 10 * 86_400;

export const webhookDefinition = () => ({
  Comment: 'Pynomaly webhook retries: one delivery attempted again on a backoff schedule',
  TimeoutSeconds: WEBHOOK_SCHEDULE_TIMEOUT_SECONDS,
  StartAt: 'WaitForNextAttempt',
  States: {
    WaitForNextAttempt: { Type: 'Wait', SecondsPath: '$.wait_seconds', Next: 'AttemptDelivery' },
    // An attempt takes at most WEBHOOK_TIMEOUT_MS (15 s) and a few table writes.
    AttemptDelivery: lambdaTask('AttemptDelivery', 60, { Next: 'DeliveredOrGivenUp' }),
    DeliveredOrGivenUp: {
      Type: 'Choice',
      Choices: [{ Variable: '$.next', StringEquals: 'retry', Next: 'WaitForNextAttempt' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});
