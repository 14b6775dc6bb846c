import {
  AuthFlowType,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationError, cognitoClient, RateLimitError, required } from '@pynomaly/core';

export type LoginResult =
  | {
      access_token: string;
      token_type: 'bearer';
      expires_in: number;
      refresh_token?: string;
      id_token?: string;
    }
  | { mfa_required: true; challenge: string; session: string };

/** Cognito's answers to a bad sign-in (cognito-local says InvalidPasswordException where AWS says NotAuthorized). */
const rejectedSignIn = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'UserNotConfirmedException',
  'InvalidPasswordException',
]);

/** Signs a user in with Cognito's USER_PASSWORD_AUTH flow. */
export async function login(
  username: string,
  password: string,
  client: CognitoIdentityProviderClient = cognitoClient(),
): Promise<LoginResult> {
  let out: InitiateAuthCommandOutput;
  try {
    out = await client.send(
      new InitiateAuthCommand({
        AuthFlow: AuthFlowType.USER_PASSWORD_AUTH,
        ClientId: required('USER_POOL_CLIENT_ID'),
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (rejectedSignIn.has(name ?? '')) {
      if (/attempts exceeded/i.test((error as Error).message))
        throw new RateLimitError('Password attempts exceeded', 60);
      // One answer for unknown users and wrong passwords, so usernames cannot be probed.
      throw new AuthenticationError('Incorrect username or password');
    }
    throw error;
  }
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
  if (out.ChallengeName && out.Session)
    return { mfa_required: true, challenge: out.ChallengeName, session: out.Session };
  throw new AuthenticationError('Sign-in needs a step this API does not support yet');
}
