import { fanOut, productEventEnvelope, WebhookRepository } from '@pynomaly/webhooks';
import { stepHandler } from '../task-handler';

const deps = { webhooks: new WebhookRepository() };

/**
 * A catalogued product event → a signed delivery to each subscribed webhook of its tenant.
 * Throws when an attempt failed, so the invocation is retried (Lambda's asynchronous retries)
 * and then dead-lettered; a retry or a redrive resumes the same deliveries with the same ids.
 */
export const handler = stepHandler(productEventEnvelope, async (event) => {
  const deliveries = await fanOut(event, deps);
  return { event_id: event.id, deliveries: deliveries.map((d) => ({ id: d.id, status: d.status })) };
});
