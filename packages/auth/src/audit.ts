import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '@pynomaly/core';
import { Table } from '@pynomaly/store';

export type AuditAction =
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'mfa_enabled'
  | 'mfa_disabled'
  | 'api_key_created'
  | 'api_key_revoked'
  | 'user_created'
  | 'user_updated'
  | 'user_deleted'
  | 'role_changed'
  | 'registered';

export interface AuditEvent {
  id: string;
  action: AuditAction;
  actor: string;
  target: string | null;
  detail: Record<string, unknown>;
  source_ip: string | null;
  at: string;
}

const PARTITION = 'AUDIT';
const RETENTION_SECONDS = 365 * 24 * 3600;

/**
 * The security audit trail: sign-ins, MFA changes, keys, users and roles. One pool-wide
 * partition, newest first, kept for a year; administrators read it.
 */
export class AuditLog {
  constructor(private readonly table: Table = new Table()) {}

  async record(event: Omit<AuditEvent, 'id' | 'at'>): Promise<void> {
    const at = new Date().toISOString();
    const id = newId();
    await this.table.batchWrite([
      {
        PutRequest: {
          Item: {
            pk: PARTITION,
            sk: `${at}#${id}`,
            entity: 'audit',
            expires_at: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
            id,
            at,
            ...event,
          },
        },
      },
    ]);
  }

  async list(limit: number, action?: AuditAction): Promise<AuditEvent[]> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PARTITION, ...(action ? { ':action': action } : {}) },
        ...(action
          ? { FilterExpression: '#action = :action', ExpressionAttributeNames: { '#action': 'action' } }
          : {}),
        ScanIndexForward: false,
        Limit: action ? undefined : limit,
      }),
    );
    return (out.Items ?? [])
      .slice(0, limit)
      .map(({ id, action: a, actor, target, detail, source_ip, at }) => ({
        id,
        action: a,
        actor,
        target,
        detail,
        source_ip,
        at,
      })) as AuditEvent[];
  }
}
