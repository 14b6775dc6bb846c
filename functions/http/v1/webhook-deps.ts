import { WebhookRepository } from '@pynomaly/webhooks';

/** What the webhook routes use, built once per cold start. */
export const webhookDeps = () => ({ webhooks: new WebhookRepository() });
