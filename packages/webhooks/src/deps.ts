import type { SFNClient } from '@aws-sdk/client-sfn';
import type { WebhookConfig } from './config';
import type { WebhookRepository } from './repository';
import type { postOnce } from './send';
import type { Resolver } from './ssrf';

/** What the webhook use cases work with; tests swap the network parts. */
export interface WebhookDeps {
  webhooks: WebhookRepository;
  config?: WebhookConfig;
  /** DNS, swapped by tests. */
  resolve?: Resolver;
  /** The HTTP attempt, swapped by tests. */
  post?: typeof postOnce;
  /** Starts retry schedules (the webhook state machine). */
  sfn?: SFNClient;
}
