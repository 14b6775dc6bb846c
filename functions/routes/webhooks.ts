/** Webhooks: registration, the test ping, deliveries and redelivery (fan-out: functions/events/on-product-event). */

import * as webhooks from '../http/schemas/webhooks';
import type { RouteDefinition } from '../route-types';

export const webhooksRoutes: readonly RouteDefinition[] = [
  {
    id: 'CreateWebhook',
    summary: 'Register a webhook; the answer carries its signing secret, once',
    method: 'POST',
    paths: ['/api/v1/webhooks', '/api/webhooks'],
    handler: 'http/v1/post-webhook',
    request: { body: webhooks.newWebhookBody },
    response: 'created',
    auth: 'user',
    scope: 'detection:write',
  },
  {
    id: 'ListWebhooks',
    summary: 'List webhooks',
    method: 'GET',
    paths: ['/api/v1/webhooks', '/api/webhooks'],
    handler: 'http/v1/get-webhooks',
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'GetWebhook',
    summary: 'One webhook, with why it was disabled when it was',
    method: 'GET',
    paths: ['/api/v1/webhooks/{id}', '/api/webhooks/{id}'],
    handler: 'http/v1/get-webhook',
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'DeleteWebhook',
    summary: 'Delete a webhook and its deliveries',
    method: 'DELETE',
    paths: ['/api/v1/webhooks/{id}', '/api/webhooks/{id}'],
    handler: 'http/v1/delete-webhook',
    response: 'empty',
    auth: 'user',
    scope: 'detection:write',
  },
  {
    id: 'PingWebhook',
    summary: 'Send a signed `webhook.ping` to the webhook now and answer its delivery',
    method: 'POST',
    paths: ['/api/v1/webhooks/{id}/test', '/api/webhooks/{id}/test'],
    handler: 'http/v1/post-webhook-test',
    auth: 'user',
    scope: 'detection:write',
    timeoutSeconds: 25,
  },
  {
    id: 'ListWebhookDeliveries',
    summary: 'A webhook’s deliveries with their attempts (status codes, durations, errors)',
    method: 'GET',
    paths: ['/api/v1/webhooks/{id}/deliveries', '/api/webhooks/{id}/deliveries'],
    handler: 'http/v1/get-webhook-deliveries',
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'RedeliverWebhook',
    summary: 'Send a delivery again, with the same `webhook-id`',
    method: 'POST',
    paths: [
      '/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver',
      '/api/webhooks/{id}/deliveries/{delivery_id}/redeliver',
    ],
    handler: 'http/v1/post-webhook-redeliver',
    auth: 'user',
    scope: 'detection:write',
    timeoutSeconds: 25,
  },
];
