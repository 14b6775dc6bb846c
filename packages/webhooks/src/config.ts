import { z } from 'zod';

/**
 * The webhook settings, read from the environment once. `PYNOMALY_WEBHOOK_ALLOWLIST` lets the
 * local stack deliver to loopback receivers it names (`host:port`, comma-separated): `npm start`
 * passes it on, the API cannot set it, and the CDK stack never does, so in AWS it is empty.
 */
const schema = z.object({
  PYNOMALY_WEBHOOK_ALLOWLIST: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Webhooks one tenant may register. */
  WEBHOOKS_PER_TENANT: z.coerce.number().int().positive().default(10),
  /**
   * Failed attempts after which a delivery is labelled `failed`: the first and Lambda's two
   * asynchronous retries on AWS (a redrive from the dead-letter queue still tries again).
   */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().positive().default(3),
  /** Failed attempts in a row, across deliveries, after which an endpoint is disabled. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().positive().default(20),
  /** How long one attempt may take, in milliseconds. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
});

export type WebhookConfig = z.infer<typeof schema>;

let cached: WebhookConfig | undefined;

export function webhookConfig(environment: NodeJS.ProcessEnv = process.env): WebhookConfig {
  if (environment !== process.env) return schema.parse(environment);
  cached ??= schema.parse(environment);
  return cached;
}
