/**
 * The limits between API Gateway and a Lambda proxy integration, as AWS enforces them and so
 * as the local gateway must: a request event over Lambda's 6 MB synchronous payload is refused
 * (413, "Request Too Long"), an answer over it fails the integration (502), and an integration
 * running past 29 seconds is answered 504 while the function goes on. The problem documents
 * are the gateway responses the CDK configures (infra/constructs/problem-responses.ts). With
 * every media type binary, a request body reaches the function base64 encoded — 4/3 of its
 * size — so an upload of about 4.5 MB already exceeds 6 MB.
 */

/** Lambda's synchronous invocation payload limit, request and response alike. */
export const LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** API Gateway's largest integration timeout for a REST API. */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/** An answer API Gateway gives itself instead of the function's. */
export interface GatewayFault {
  status: number;
  title: string;
  detail: string;
}

/** The fault for an event too large to invoke the function with, or undefined. */
export function requestTooLarge(event: unknown): GatewayFault | undefined {
  const size = Buffer.byteLength(JSON.stringify(event));
  return size > LAMBDA_PAYLOAD_BYTES
    ? {
        status: 413,
        title: 'Payload too large',
        detail: `Request Too Long: the request reaches the function as ${size} bytes, over Lambda's ${LAMBDA_PAYLOAD_BYTES}`,
      }
    : undefined;
}

/** The fault for an answer too large for Lambda to return, or undefined. */
export function answerTooLarge(answer: unknown): GatewayFault | undefined {
  return Buffer.byteLength(JSON.stringify(answer)) > LAMBDA_PAYLOAD_BYTES
    ? { status: 502, title: 'Bad gateway', detail: 'Internal server error' }
    : undefined;
}

/** The function's answer, or a 504 fault if it takes longer than the integration may wait. */
export async function withinIntegrationTimeout<T>(
  invocation: Promise<T>,
  timeoutMs = INTEGRATION_TIMEOUT_MS,
): Promise<{ answer: T } | { fault: GatewayFault }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<{ fault: GatewayFault }>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({ fault: { status: 504, title: 'Gateway timeout', detail: 'Endpoint request timed out' } }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([invocation.then((answer) => ({ answer })), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
