import { queuedRetry, retryDelivery, WebhookRepository } from '@pynomaly/webhooks';
import { stepHandler } from '../task-handler';

const deps = { webhooks: new WebhookRepository() };

/** One scheduled retry of a webhook delivery; the answer tells the machine whether to wait and retry. */
export const handler = stepHandler(queuedRetry, (input) => retryDelivery(input, deps));
