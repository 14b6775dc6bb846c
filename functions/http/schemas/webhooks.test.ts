import { productEventTypes } from '@pynomaly/core';
import { expect, it } from 'vitest';
import { newWebhookBody, webhookEventTypes } from './webhooks';

it('offers exactly the catalogued event types', () => {
  expect([...webhookEventTypes].sort()).toEqual([...productEventTypes].sort());
});

it('refuses unknown event types and fields', () => {
  expect(newWebhookBody.safeParse({ url: 'https://a.example.com', events: ['nope'] }).success).toBe(false);
  expect(
    newWebhookBody.safeParse({ url: 'https://a.example.com', events: ['dataset.failed'], secret: 'x' })
      .success,
  ).toBe(false);
});
