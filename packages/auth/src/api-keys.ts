import { randomBytes, timingSafeEqual } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, newId, type Principal, sha256, ValidationError } from '@pynomaly/core';
import { Table } from '@pynomaly/store';

/** An API key as stored: never the secret, only its hash. */
export interface ApiKeyRecord {
  id: string;
  tenant_id: string;
  name: string;
  scopes: string[];
  prefix: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

const KEY_PATTERN = /^pyn_([0-9a-z]{26})_([A-Za-z0-9_-]{43})$/;
const item = (id: string) => ({ pk: `APIKEY#${id}`, sk: 'KEY' });

/** The key's public fields, as its owner may see them. */
export function apiKeyDocument(k: ApiKeyRecord) {
  const status = k.revoked_at
    ? 'revoked'
    : k.expires_at && Date.parse(k.expires_at) <= Date.now()
      ? 'expired'
      : 'active';
  return { ...k, key_prefix: k.prefix, status };
}

/**
 * API keys for server-to-server callers: `pyn_<id>_<secret>`. The secret is shown once at
 * creation; only its SHA-256 is stored (the secret is 256 random bits, so a slow hash adds
 * nothing), and it is compared in constant time.
 */
export class ApiKeyRepository {
  constructor(private readonly table: Table = new Table()) {}

  async create(
    principal: Principal,
    request: { name: string; scopes: string[]; expires_at?: string | null },
  ): Promise<{ record: ApiKeyRecord; key: string }> {
    if (request.expires_at && Date.parse(request.expires_at) <= Date.now()) {
      throw new ValidationError('expires_at must be in the future', [
        { field: 'expires_at', message: 'in the past' },
      ]);
    }
    const id = newId();
    const secret = randomBytes(32).toString('base64url');
    const key = `pyn_${id}_${secret}`;
    const record: ApiKeyRecord = {
      id,
      tenant_id: principal.tenantId,
      name: request.name,
      scopes: [...new Set(request.scopes)].sort(),
      prefix: key.slice(0, 12),
      created_by: principal.userId,
      created_at: new Date().toISOString(),
      expires_at: request.expires_at ?? null,
      revoked_at: null,
      last_used_at: null,
    };
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          ...item(id),
          gsi1pk: `TENANT#${principal.tenantId}#APIKEYS`,
          gsi1sk: `${record.created_at}#${id}`,
          entity: 'api_key',
          secret_sha256: sha256(secret),
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { record, key };
  }

  /** The active key a presented value proves, or undefined: unknown, wrong secret, expired or revoked. */
  async verify(presented: string): Promise<ApiKeyRecord | undefined> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return undefined;
    const [, id = '', secret = ''] = match;
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: item(id), ConsistentRead: true }),
    );
    const stored = out.Item;
    if (!stored || typeof stored.secret_sha256 !== 'string') return undefined;
    const expected = Buffer.from(stored.secret_sha256, 'hex');
    const actual = Buffer.from(sha256(secret), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    const record = this.strip(stored);
    if (record.revoked_at || (record.expires_at && Date.parse(record.expires_at) <= Date.now()))
      return undefined;
    return record;
  }

  async list(tenantId: string): Promise<ApiKeyRecord[]> {
    const out = await this.table.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}#APIKEYS` },
      ScanIndexForward: false,
    });
    return out.map((i) => this.strip(i));
  }

  async get(tenantId: string, id: string): Promise<ApiKeyRecord> {
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: item(id), ConsistentRead: true }),
    );
    if (!out.Item || out.Item.tenant_id !== tenantId) throw new NotFoundError('API key not found');
    return this.strip(out.Item);
  }

  /** Revokes a key; revoking it again changes nothing. */
  async revoke(tenantId: string, id: string): Promise<ApiKeyRecord> {
    const current = await this.get(tenantId, id);
    if (current.revoked_at) return current;
    const out = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: item(id),
        UpdateExpression: 'SET revoked_at = :now',
        ExpressionAttributeValues: { ':now': new Date().toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return this.strip(out.Attributes ?? {});
  }

  /**
   * Revokes every active key of a tenant: its maker has been deleted, disabled or changed.
   * Answers the ids of all the tenant's keys, revoked now or before.
   */
  async revokeAll(tenantId: string): Promise<string[]> {
    const keys = await this.list(tenantId);
    for (const key of keys) if (!key.revoked_at) await this.revoke(tenantId, key.id);
    return keys.map((key) => key.id);
  }

  private strip(stored: Record<string, unknown>): ApiKeyRecord {
    const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, entity: _e, secret_sha256: _h, ...record } = stored;
    return record as unknown as ApiKeyRecord;
  }
}
