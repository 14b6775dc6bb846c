import {
  AuthFlowType,
  ChallengeNameType,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationError, cognitoClient, required } from '@pynomaly/core';
import { cognitoCall } from './cognito-errors';

export interface Tokens {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token?: string;
  id_token?: string;
}

export interface MfaChallenge {
  mfa_required: true;
  /** `totp` (an authenticator app) or `sms`. */
  method: 'totp' | 'sms';
  challenge: string;
  session: string;
}

export type LoginResult = Tokens | MfaChallenge;

const challengeMethods: Record<string, MfaChallenge['method']> = {
  [ChallengeNameType.SOFTWARE_TOKEN_MFA]: 'totp',
  [ChallengeNameType.SMS_MFA]: 'sms',
};

function answer(
  out: Pick<InitiateAuthCommandOutput, 'AuthenticationResult' | 'ChallengeName' | 'Session'>,
): LoginResult {
  const tokens = out.AuthenticationResult;
  if (tokens?.AccessToken) {
    return {
      access_token: tokens.AccessToken,
      token_type: 'bearer',
      expires_in: tokens.ExpiresIn ?? 3600,
      refresh_token: tokens.RefreshToken,
      id_token: tokens.IdToken,
    };
  }
  const method = out.ChallengeName ? challengeMethods[out.ChallengeName] : undefined;
  if (method && out.Session)
    return { mfa_required: true, method, challenge: out.ChallengeName ?? '', session: out.Session };
  throw new AuthenticationError('Sign-in needs a step this API does not support');
}

/** Account sign-in through Cognito: password, MFA challenge, refresh, revocation. */
export class Accounts {
  constructor(private readonly client: CognitoIdentityProviderClient = cognitoClient()) {}

  private get clientId() {
    return required('USER_POOL_CLIENT_ID');
  }

  /** Tokens, or the MFA challenge the user must answer with `completeMfa`. */
  async login(username: string, password: string): Promise<LoginResult> {
    const out = await cognitoCall(() =>
      this.client.send(
        new InitiateAuthCommand({
          AuthFlow: AuthFlowType.USER_PASSWORD_AUTH,
          ClientId: this.clientId,
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      ),
    );
    return answer(out);
  }

  async completeMfa(request: {
    username: string;
    session: string;
    code: string;
    challenge: string;
  }): Promise<Tokens> {
    const codeField =
      request.challenge === ChallengeNameType.SMS_MFA ? 'SMS_MFA_CODE' : 'SOFTWARE_TOKEN_MFA_CODE';
    const out = await cognitoCall(() =>
      this.client.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.clientId,
          ChallengeName: request.challenge as ChallengeNameType,
          Session: request.session,
          ChallengeResponses: { USERNAME: request.username, [codeField]: request.code },
        }),
      ),
    );
    const result = answer(out);
    if ('mfa_required' in result) throw new AuthenticationError('Invalid verification code');
    return result;
  }

  async refresh(refreshToken: string): Promise<Tokens> {
    const out = await cognitoCall(() =>
      this.client.send(
        new InitiateAuthCommand({
          AuthFlow: AuthFlowType.REFRESH_TOKEN_AUTH,
          ClientId: this.clientId,
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      ),
    );
    const result = answer(out);
    if ('mfa_required' in result) throw new AuthenticationError('Refresh needs a new sign-in');
    return { ...result, refresh_token: result.refresh_token ?? refreshToken };
  }

  /** Revokes a refresh token (and with it the access tokens Cognito issued from it). */
  async revoke(refreshToken: string): Promise<void> {
    await cognitoCall(() =>
      this.client.send(new RevokeTokenCommand({ ClientId: this.clientId, Token: refreshToken })),
    );
  }
}
