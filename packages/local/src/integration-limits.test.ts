import { describe, expect, it } from 'vitest';
import {
  answerTooLarge,
  LAMBDA_PAYLOAD_BYTES,
  requestTooLarge,
  withinIntegrationTimeout,
} from './integration-limits';

describe('the limits between API Gateway and a Lambda proxy integration', () => {
  it('refuses an event over 6 MB with 413, as a 4.7 MB upload becomes once base64 encoded', () => {
    const upload = Buffer.alloc(4.7 * 1024 * 1024, 1).toString('base64');
    expect(requestTooLarge({ body: upload, isBase64Encoded: true })).toMatchObject({ status: 413 });
    expect(requestTooLarge({ body: 'x'.repeat(LAMBDA_PAYLOAD_BYTES - 100) })).toBeUndefined();
  });

  it('fails an answer over 6 MB with 502', () => {
    expect(answerTooLarge({ statusCode: 200, body: 'x'.repeat(LAMBDA_PAYLOAD_BYTES) })).toMatchObject({
      status: 502,
    });
    expect(answerTooLarge({ statusCode: 200, body: 'ok' })).toBeUndefined();
  });

  it('answers 504 when the function outlasts the integration timeout, and passes a timely answer', async () => {
    const slow = new Promise((resolve) => setTimeout(() => resolve('late'), 200));
    expect(await withinIntegrationTimeout(slow, 20)).toEqual({
      fault: { status: 504, title: 'Gateway timeout', detail: 'Endpoint request timed out' },
    });
    expect(await withinIntegrationTimeout(Promise.resolve('on time'), 20)).toEqual({ answer: 'on time' });
  });
});
