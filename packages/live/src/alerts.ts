import { type AlertTriggeredDetail, alertTriggered } from '@pynomaly/core';
import { z } from 'zod';
import type { ConnectionRepository } from './connections';
import type { AlertMessage } from './messages';
import type { ReplyPort } from './poster';

/** The EventBridge event the alert rule delivers: `alert.triggered` on the product bus. */
export const alertTriggeredEvent = z.object({
  'detail-type': z.literal(alertTriggered.detailType),
  detail: alertTriggered.schema,
});

/** Where a tenant's alerts are broadcast: its open connections, and a socket to each. */
export interface AlertBroadcastDeps {
  connections: Pick<ConnectionRepository, 'listOpen' | 'delete'>;
  poster: Pick<ReplyPort, 'send'>;
}

/**
 * An `alert.triggered` event → an `alert` message on every open live connection of its tenant
 * (and no other's). A connection API Gateway says is gone (410) is forgotten; any other failure
 * throws, so the event is retried (a connection may then hear the alert twice).
 */
export async function broadcastAlert(
  detail: AlertTriggeredDetail,
  deps: AlertBroadcastDeps,
): Promise<{ sent: number; gone: number }> {
  const { tenant_id: tenantId, ...data } = detail;
  const message: AlertMessage = { type: 'alert', data };
  const ids = await deps.connections.listOpen(tenantId);
  const delivered = await Promise.all(ids.map((id) => deps.poster.send(id, message)));
  const gone = ids.filter((_, i) => !delivered[i]);
  await Promise.all(gone.map((id) => deps.connections.delete(id)));
  return { sent: ids.length - gone.length, gone: gone.length };
}
