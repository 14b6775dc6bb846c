import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Table } from '@pynomaly/store';

/**
 * Access tokens revoked before they expire. Cognito's RevokeToken stops the refresh token,
 * but an access token stays valid to any offline verifier until `exp`; the authorizer checks
 * this list, and each entry expires (by TTL) when the token would have.
 */
export class TokenDenylist {
  constructor(private readonly table: Table = new Table()) {}

  async add(jti: string, expiresAtSeconds: number): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { pk: `REVOKED#${jti}`, sk: 'TOKEN', entity: 'revoked_token', expires_at: expiresAtSeconds },
      }),
    );
  }

  async has(jti: string): Promise<boolean> {
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.name,
        Key: { pk: `REVOKED#${jti}`, sk: 'TOKEN' },
        ConsistentRead: true,
      }),
    );
    return Boolean(out.Item);
  }
}
