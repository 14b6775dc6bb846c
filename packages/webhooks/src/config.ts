import { z } from 'zod';

/** The longest wait before one retry, also the cap on a receiver's `Retry-After`: one day. */
export const MAX_WAIT_SECONDS = 86_400;

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
   * Seconds to wait before each retry of a failed delivery, comma-separated: after the first
   * attempt fails, the delivery is attempted again once per entry (each wait jittered by ±20 %
   * and stretched to the receiver's `Retry-After`), then labelled `failed`. The default is the
   * Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (eight attempts over
   * about 28 hours).
   */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('5,300,1800,7200,18000,36000,36000')
    .transform((v) => v.split(',').map((entry) => (entry.trim() === '' ? Number.NaN : Number(entry))))
    .pipe(z.array(z.number().int().min(0).max(MAX_WAIT_SECONDS)).min(1).max(20)),
  /** Failed attempts in a row, across deliveries, after which an endpoint is disabled. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().positive().default(20),
  /** Days a delivery record is kept (the table's TTL removes it after). */
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  /** Hours a rotated-out secret keeps signing beside the new one, so receivers can switch over. */
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce.number().min(0).default(24),
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
