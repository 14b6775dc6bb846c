import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AuthenticationError, type SignInFactors, sha256 } from '@pynomaly/core';
import { Table } from '@pynomaly/store';
import type { Tokens } from './login';

/** How long a sign-in lasts without a new password: Cognito's refresh-token validity. */
const SESSION_SECONDS = 30 * 86_400;

interface IssuedClaims {
  sub: string;
  jti: string;
  exp: number;
  /** The user's Cognito groups (their role) when the token was issued. */
  groups: string[];
}

/** The claims of a token Cognito just issued to this API (read, not verified: it never left our hands). */
export function issuedClaims(accessToken: string): IssuedClaims {
  const payload = accessToken.split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<
    Omit<IssuedClaims, 'groups'>
  > & { 'cognito:groups'?: unknown };
  if (!claims.sub || !claims.jti)
    throw new AuthenticationError('Cognito issued a token without a subject or id');
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : [];
  return { sub: claims.sub, jti: claims.jti, exp: Number(claims.exp ?? 0), groups };
}

const sessionKey = (id: string) => ({ pk: `SESSION#${id}`, sk: 'SESSION' });
const tokenKey = (jti: string) => ({ pk: `ACCESS#${jti}`, sk: 'TOKEN' });
const cutoffKey = (sub: string) => ({ pk: `CREDENTIALS#${sub}`, sk: 'CUTOFF' });

/** What the authorizer learns about a verified access token. */
export interface TokenStanding {
  sessionId: string;
  /** Whether the session's sign-in was completed with a second factor (refreshes keep it). */
  mfa: boolean;
}

/**
 * Sign-in sessions as this API issued them. Every access token it hands out (at sign-in,
 * after a second factor, at refresh) is recorded against its session, and the authorizer
 * accepts only recorded tokens of open sessions. So a token taken from the user pool
 * directly — past our SMS factor — is refused; logging out ends the session, and with it
 * every token it issued and every refresh; and a user's credentials are cut off at once when
 * an administrator deletes, disables or changes them. Each session records whether its
 * sign-in was completed with a second factor: the scopes that need one follow from it.
 */
export class SignInSessions {
  constructor(private readonly table: Table = new Table()) {}

  /** Records a completed sign-in, how it was completed, and the tokens it was given. */
  async open(tokens: Tokens, factors: SignInFactors = { mfa: false }): Promise<void> {
    const claims = issuedClaims(tokens.access_token);
    const id = tokens.refresh_token ? sha256(tokens.refresh_token) : sha256(claims.jti);
    const now = Date.now();
    await this.put({
      ...sessionKey(id),
      entity: 'session',
      sub: claims.sub,
      opened_at_ms: now,
      mfa: factors.mfa,
      revoked_at: null,
      expires_at: Math.floor(now / 1000) + SESSION_SECONDS,
    });
    await this.record(id, claims);
  }

  /** Refreshes through Cognito only for an open session, and records the new token under it. */
  async refresh(refreshToken: string, cognitoRefresh: () => Promise<Tokens>): Promise<Tokens> {
    const id = sha256(refreshToken);
    const session = await this.get(sessionKey(id));
    if (!session || session.revoked_at)
      throw new AuthenticationError('This session has ended; sign in again');
    const cutoff = await this.get(cutoffKey(String(session.sub)));
    if (cutoff && Number(session.opened_at_ms) < Number(cutoff.cut_at_ms))
      throw new AuthenticationError('This session has ended; sign in again');
    const tokens = await cognitoRefresh();
    await this.record(id, issuedClaims(tokens.access_token));
    return tokens;
  }

  /** Ends a session: its tokens are refused from the next request, its refresh token too. */
  async end(sessionId: string): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: sessionKey(sessionId),
          UpdateExpression: 'SET revoked_at = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
        }),
      );
    } catch (error) {
      // A session that is gone (expired by TTL) has nothing left to end.
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /** Cuts off everything a user was issued until now: their sessions, tokens and API keys. */
  async cutOff(sub: string, reason: string): Promise<void> {
    await this.put({
      ...cutoffKey(sub),
      entity: 'credential_cutoff',
      cut_at_ms: Date.now(),
      reason,
    });
  }

  /**
   * When a user's credentials were last cut off (epoch ms), if ever. Milliseconds on this
   * API's clock, compared with when this API recorded a token or made a key: a cut-off and a
   * new sign-in in the same second must still tell old from new.
   */
  async cutOffAt(sub: string): Promise<number | undefined> {
    const item = await this.get(cutoffKey(sub));
    return item ? Number(item.cut_at_ms) : undefined;
  }

  /**
   * The session of a verified access token, if this API issued it and nothing has ended it
   * since. One round trip for the token and the user's cut-off, one for the session.
   */
  async standing(claims: { sub: string; jti: string }): Promise<TokenStanding> {
    const out = await this.table.client.send(
      new BatchGetCommand({
        RequestItems: {
          [this.table.name]: { Keys: [tokenKey(claims.jti), cutoffKey(claims.sub)], ConsistentRead: true },
        },
      }),
    );
    const items = out.Responses?.[this.table.name] ?? [];
    const token = items.find((i) => i.pk === tokenKey(claims.jti).pk);
    const cutoff = items.find((i) => i.pk === cutoffKey(claims.sub).pk);
    if (!token || token.sub !== claims.sub) throw new AuthenticationError('Token was not issued by this API');
    if (cutoff && Number(token.recorded_at_ms) < Number(cutoff.cut_at_ms))
      throw new AuthenticationError('Credentials were revoked');
    const session = await this.get(sessionKey(String(token.session_id)));
    if (!session || session.revoked_at) throw new AuthenticationError('Session has ended');
    return { sessionId: String(token.session_id), mfa: session.mfa === true };
  }

  private async record(sessionId: string, claims: IssuedClaims): Promise<void> {
    await this.put({
      ...tokenKey(claims.jti),
      entity: 'access_token',
      session_id: sessionId,
      sub: claims.sub,
      recorded_at_ms: Date.now(),
      expires_at: claims.exp,
    });
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: item }));
  }

  private async get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }),
    );
    return out.Item;
  }
}
