import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridgeClient, type ProductEventDefinition, required } from '@pynomaly/core';
import type { z } from 'zod';

/**
 * Publishes catalogued events (packages/core/src/events.ts) on the product's bus; the detail is
 * checked against its contract before it leaves. A rejected entry throws, so the caller's step
 * is retried rather than the event silently lost.
 */
export class ProductEventPublisher {
  constructor(
    private readonly client: Pick<EventBridgeClient, 'send'> = eventBridgeClient(),
    private readonly busName: string = required('EVENT_BUS_NAME'),
  ) {}

  async publish<S extends z.ZodType>(
    definition: ProductEventDefinition<S>,
    detail: z.input<S>,
  ): Promise<void> {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: definition.source,
            DetailType: definition.detailType,
            Detail: JSON.stringify(definition.schema.parse(detail)),
          },
        ],
      }),
    );
    if (out.FailedEntryCount)
      throw Object.assign(new Error(`The ${definition.detailType} event was not accepted`), {
        name: 'TransientError',
      });
  }
}
