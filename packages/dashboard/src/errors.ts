/**
 * What to tell the analyst when a call fails: the SDK's errors carry the API's problem detail
 * as their message.
 */
export function message(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}
