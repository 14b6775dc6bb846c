import { z } from 'zod';

/**
 * The event types a webhook may subscribe to: the catalogue of packages/core/src/events.ts,
 * spelled out so this module needs nothing but zod (a unit test keeps the two lists equal).
 */
export const webhookEventTypes = [
  'analysis.completed',
  'detection.completed',
  'training.completed',
  'alert.triggered',
  'report.triaged',
  'report.status_changed',
  'dataset.failed',
] as const;

/** `POST /api/v1/webhooks`. */
export const newWebhookBody = z
  .object({
    url: z
      .string()
      .min(1)
      .max(2048)
      .describe('The http(s) URL that receives signed POSTs; public addresses only'),
    events: z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length),
    description: z.string().max(512).nullable().optional(),
  })
  .strict();

/** `PATCH /api/v1/webhooks/{id}`: any of these; `status` enables or disables the endpoint by hand. */
export const webhookChangesBody = z
  .object({
    url: newWebhookBody.shape.url.optional(),
    events: newWebhookBody.shape.events.optional(),
    description: newWebhookBody.shape.description,
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change' });

/** `POST /api/v1/webhooks/{id}/deliveries/redrive`: the failed deliveries to restart (all, or since a time). */
export const redriveBody = z
  .object({
    since: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Only deliveries created at or after this time'),
  })
  .strict();

const timestamp = z.string().describe('ISO 8601');

/** A webhook as its owner sees it: never its secret, except when registered or rotated. */
export const webhookAnswer = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  disabled_reason: z.string().nullable().describe('Why it was disabled, while it is'),
  consecutive_failures: z.number().int().min(0),
  previous_secret_expires_at: timestamp
    .nullable()
    .describe('Until when the secret a rotation replaced still signs beside the new one'),
  created_at: timestamp,
  updated_at: timestamp,
});

/** Registration and rotation: the webhook and its signing secret, shown this once. */
export const webhookWithSecretAnswer = webhookAnswer.extend({
  secret: z.string().describe('`whsec_` + base64 of 32 bytes: the HMAC key of `webhook-signature`'),
});

export const webhookListAnswer = z.object({ webhooks: z.array(webhookAnswer), total: z.number().int() });

const attemptAnswer = z.object({
  at: timestamp,
  status_code: z.number().int().nullable().describe('Null when no answer came'),
  duration_ms: z.number().min(0),
  error: z.string().nullable(),
  response_body: z.string().nullable().describe('The first 1,024 characters of the answer'),
  retry_after_seconds: z.number().nullable().optional().describe("The receiver's `Retry-After`"),
});

/** One message to one endpoint with its attempts; its id is every attempt's `webhook-id`. */
export const deliveryAnswer = z.object({
  id: z.string(),
  webhook_id: z.string(),
  event_type: z.string(),
  event_id: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']).describe('`failed`: past its last retry, redrivable'),
  attempt_count: z.number().int().min(0),
  last_status_code: z.number().int().nullable(),
  next_attempt_at: timestamp.nullable().describe('When the next retry is due, while one is scheduled'),
  attempts: z.array(attemptAnswer),
  created_at: timestamp,
  updated_at: timestamp,
});

export const deliveryListAnswer = z.object({ deliveries: z.array(deliveryAnswer), total: z.number().int() });

export const redriveAnswer = z.object({
  webhook_id: z.string(),
  redriven: z.number().int().min(0).describe('Failed deliveries given a new schedule'),
  delivery_ids: z.array(z.string()),
  remaining: z.number().int().min(0).describe('Failed deliveries left for another redrive (100 per call)'),
});
