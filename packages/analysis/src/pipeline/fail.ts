import { datasetFailed } from '@pynomaly/core';
import type { ProductEventPublisher } from '@pynomaly/store';
import type { PipelineStores } from './progress';
import type { FailureInput } from './types';

/** Errors whose message was written for the user (bad input found while parsing or detecting). */
const userFacing = new Set([
  'ValidationError',
  'WorkbookEmptyError',
  'UnprocessableError',
  'PayloadTooLargeError',
  'UnsupportedMediaTypeError',
]);

/** The message a person should read for a Step Functions error. */
export function failureMessage(error: FailureInput['error']): string {
  const name = error?.Error ?? 'Error';
  if (name === 'States.Timeout') return 'The analysis took too long and was stopped';
  let message: string | undefined;
  try {
    message = (JSON.parse(error?.Cause ?? '{}') as { errorMessage?: string }).errorMessage;
  } catch {
    message = undefined;
  }
  if (userFacing.has(name) && message) return message;
  return 'The analysis failed because of an internal error; it can be retried by uploading the file again';
}

/**
 * MarkFailed, and the end of an execution that ended badly (functions/events/on-execution-ended):
 * the session and dataset say `error` and why, unless they have already ended — a failure
 * recorded once, or an analysis that completed, is left as it is. What was stored so far stays.
 * The call that fails the dataset publishes `dataset.failed` (with `events`).
 */
export async function failStep(
  input: FailureInput,
  deps: PipelineStores & { events?: Pick<ProductEventPublisher, 'publish'> },
  message = failureMessage(input.error),
): Promise<FailureInput> {
  const failedNow = await deps.datasets.updateWhileRunning(input.tenant_id, input.dataset_id, {
    status: 'error',
    error_message: message,
  });
  await deps.sessions.updateWhileRunning(input.tenant_id, input.session_id, {
    status: 'error',
    current_step: 'Analysis failed',
    error_message: message,
    completed_at: new Date().toISOString(),
  });
  // Announced by the call that failed the dataset, so a failure recorded twice is announced once.
  if (failedNow && deps.events)
    await deps.events.publish(datasetFailed, {
      version: 1,
      tenant_id: input.tenant_id,
      dataset_id: input.dataset_id,
      session_id: input.session_id,
      error_message: message,
      failed_at: new Date().toISOString(),
    });
  return input;
}
