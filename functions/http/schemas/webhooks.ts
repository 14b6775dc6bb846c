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
