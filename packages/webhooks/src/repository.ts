import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@pynomaly/core';
import { isConditionFailure, keys, Table } from '@pynomaly/store';
import type { AttemptOutcome } from './send';

/** A registered endpoint. The secret is stored but never answered after registration. */
export interface WebhookRecord {
  id: string;
  tenant_id: string;
  url: string;
  events: string[];
  description: string | null;
  secret: string;
  /** The secret a rotation replaced: it signs beside the new one until `previous_secret_expires_at`. */
  previous_secret?: string | null;
  previous_secret_expires_at?: string | null;
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  consecutive_failures: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One attempt as the deliveries list shows it. */
export interface AttemptRecord {
  at: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
  /** The receiver's `Retry-After`, in seconds, when it sent one. */
  retry_after_seconds: number | null;
}

/** One message to one endpoint; its id is the `webhook-id` of every attempt and redelivery. */
export interface DeliveryRecord {
  id: string;
  webhook_id: string;
  event_type: string;
  event_id: string;
  /** The exact JSON body sent, so every attempt signs the same bytes. */
  body: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: AttemptRecord[];
  /** When the next retry is due, while one is scheduled. */
  next_attempt_at?: string | null;
  created_at: string;
  updated_at: string;
  /** Epoch seconds after which the table's TTL removes the record. */
  expires_at: number;
}

/** What an owner may change on a webhook (`PATCH`). */
export type WebhookChanges = Partial<Pick<WebhookRecord, 'url' | 'events' | 'description' | 'status'>>;

const webhookKey = (id: string) => `WEBHOOK#${id}`;
const deliveryPrefix = (webhookId: string) => `WEBHOOKDELIVERY#${webhookId}#`;

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as T;
};

/** Webhooks and their deliveries, in the tenant's partition. */
export class WebhookRepository {
  constructor(private readonly table: Table = new Table()) {}

  async list(tenantId: string): Promise<WebhookRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'WEBHOOK#' },
    });
    return items.map((i) => strip<WebhookRecord>(i)).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async get(tenantId: string, id: string): Promise<WebhookRecord> {
    const item = await this.table.get(keys.tenant(tenantId), webhookKey(id));
    if (!item) throw new NotFoundError('Webhook not found');
    return strip<WebhookRecord>(item);
  }

  async put(webhook: WebhookRecord): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          pk: keys.tenant(webhook.tenant_id),
          sk: webhookKey(webhook.id),
          entity: 'webhook',
          ...webhook,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async delete(tenantId: string, id: string): Promise<void> {
    try {
      await this.table.client.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: { pk: keys.tenant(tenantId), sk: webhookKey(id) },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError('Webhook not found');
      throw error;
    }
    const deliveries = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': deliveryPrefix(id) },
      ProjectionExpression: 'pk, sk',
    });
    await this.table.batchDelete(deliveries);
  }

  /**
   * Counts an attempt's outcome on the endpoint: a success clears the failure streak (and
   * re-enables it); a failure extends it, disabling the endpoint once it reaches `disableAfter`.
   */
  async recordOutcome(
    tenantId: string,
    id: string,
    ok: boolean,
    disableAfter: number,
    reason: string,
  ): Promise<WebhookRecord | undefined> {
    const now = new Date().toISOString();
    try {
      const out = await this.table.client.send(
        ok
          ? new UpdateCommand({
              TableName: this.table.name,
              Key: { pk: keys.tenant(tenantId), sk: webhookKey(id) },
              ConditionExpression: 'attribute_exists(pk)',
              UpdateExpression:
                'SET consecutive_failures = :zero, #status = :active, disabled_reason = :null, updated_at = :now',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':zero': 0, ':active': 'active', ':null': null, ':now': now },
              ReturnValues: 'ALL_NEW',
            })
          : new UpdateCommand({
              TableName: this.table.name,
              Key: { pk: keys.tenant(tenantId), sk: webhookKey(id) },
              ConditionExpression: 'attribute_exists(pk)',
              UpdateExpression: 'SET consecutive_failures = consecutive_failures + :one, updated_at = :now',
              ExpressionAttributeValues: { ':one': 1, ':now': now },
              ReturnValues: 'ALL_NEW',
            }),
      );
      const webhook = strip<WebhookRecord>(out.Attributes ?? {});
      if (!ok && webhook.status === 'active' && webhook.consecutive_failures >= disableAfter) {
        const disabled_reason = `Disabled after ${webhook.consecutive_failures} failed attempts in a row; last: ${reason}`;
        await this.table.updateExisting(keys.tenant(tenantId), webhookKey(id), {
          status: 'disabled',
          disabled_reason,
          updated_at: now,
        });
        return { ...webhook, status: 'disabled', disabled_reason };
      }
      return webhook;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Creates the delivery unless it exists (a retried event finds the one it made before). */
  async openDelivery(tenantId: string, delivery: DeliveryRecord): Promise<DeliveryRecord> {
    const written = await this.table.putNew({
      pk: keys.tenant(tenantId),
      sk: `${deliveryPrefix(delivery.webhook_id)}${delivery.id}`,
      entity: 'webhook-delivery',
      ...delivery,
    });
    return written ? delivery : this.delivery(tenantId, delivery.webhook_id, delivery.id);
  }

  async delivery(tenantId: string, webhookId: string, id: string): Promise<DeliveryRecord> {
    const item = await this.table.get(keys.tenant(tenantId), `${deliveryPrefix(webhookId)}${id}`);
    if (!item) throw new NotFoundError('Delivery not found');
    return strip<DeliveryRecord>(item);
  }

  /** Newest first. */
  async deliveries(tenantId: string, webhookId: string): Promise<DeliveryRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': deliveryPrefix(webhookId) },
    });
    return items
      .map((i) => strip<DeliveryRecord>(i))
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  /** Appends an attempt and sets the delivery's status. */
  async recordAttempt(
    tenantId: string,
    delivery: DeliveryRecord,
    outcome: AttemptOutcome,
    status: DeliveryRecord['status'],
  ): Promise<DeliveryRecord> {
    const attempt: AttemptRecord = {
      at: new Date(Date.now() - outcome.duration_ms).toISOString(),
      status_code: outcome.status_code,
      duration_ms: outcome.duration_ms,
      error: outcome.error,
      response_body: outcome.response_body,
      retry_after_seconds: outcome.retry_after_seconds,
    };
    const out = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { pk: keys.tenant(tenantId), sk: `${deliveryPrefix(delivery.webhook_id)}${delivery.id}` },
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression:
          'SET attempts = list_append(attempts, :attempt), #status = :status, next_attempt_at = :null, updated_at = :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':attempt': [attempt],
          ':status': status,
          ':null': null,
          ':now': new Date().toISOString(),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<DeliveryRecord>(out.Attributes ?? {});
  }

  /** Sets a delivery's status and when its next retry is due (null: none scheduled). */
  async setDeliveryStatus(
    tenantId: string,
    delivery: Pick<DeliveryRecord, 'id' | 'webhook_id'>,
    status: DeliveryRecord['status'],
    nextAttemptAt: string | null = null,
  ) {
    await this.table.updateExisting(
      keys.tenant(tenantId),
      `${deliveryPrefix(delivery.webhook_id)}${delivery.id}`,
      { status, next_attempt_at: nextAttemptAt, updated_at: new Date().toISOString() },
    );
  }

  /**
   * A failed delivery back to `pending` for a redrive, counting redrives (the count names the
   * new schedule); undefined when it is not `failed` (any more): someone redrove it already.
   */
  async reopenFailed(tenantId: string, delivery: Pick<DeliveryRecord, 'id' | 'webhook_id'>) {
    try {
      const out = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { pk: keys.tenant(tenantId), sk: `${deliveryPrefix(delivery.webhook_id)}${delivery.id}` },
          ConditionExpression: '#status = :failed',
          UpdateExpression:
            'SET #status = :pending, redrives = if_not_exists(redrives, :zero) + :one, updated_at = :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':pending': 'pending',
            ':zero': 0,
            ':one': 1,
            ':now': new Date().toISOString(),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.redrives);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Fails a delivery still `pending` in one conditional write (a finished one stays as it is). */
  async failPending(tenantId: string, webhookId: string, id: string): Promise<void> {
    await this.table.updateWhileStatus(
      keys.tenant(tenantId),
      `${deliveryPrefix(webhookId)}${id}`,
      ['pending'],
      {
        status: 'failed',
        next_attempt_at: null,
        updated_at: new Date().toISOString(),
      },
    );
  }

  /** Applies an owner's changes; enabling an endpoint clears its failure streak. */
  async update(tenantId: string, id: string, changes: WebhookChanges): Promise<WebhookRecord> {
    const enabling = changes.status === 'active' ? { consecutive_failures: 0, disabled_reason: null } : {};
    const disabling = changes.status === 'disabled' ? { disabled_reason: 'Disabled by its owner' } : {};
    return this.set(tenantId, id, { ...changes, ...enabling, ...disabling });
  }

  /** Replaces the secret; the one replaced keeps signing until `previousUntil`. */
  async rotateSecret(tenantId: string, id: string, secret: string, previousUntil: string) {
    const current = await this.get(tenantId, id);
    return this.set(tenantId, id, {
      secret,
      previous_secret: current.secret,
      previous_secret_expires_at: previousUntil,
    });
  }

  private async set(tenantId: string, id: string, fields: Record<string, unknown>): Promise<WebhookRecord> {
    try {
      const item = await this.table.updateExisting(keys.tenant(tenantId), webhookKey(id), {
        ...fields,
        updated_at: new Date().toISOString(),
      });
      return strip<WebhookRecord>(item);
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError('Webhook not found');
      throw error;
    }
  }
}
