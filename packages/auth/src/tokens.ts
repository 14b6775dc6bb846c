import { env, jwtIssuer, required } from '@pynomaly/core';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/**
 * Verifies Cognito access tokens: RS256 signature against the pool's JWKS, issuer, expiry,
 * `token_use` = access and `client_id` = our app client. JwtRsaVerifier (rather than
 * CognitoJwtVerifier) because it takes any issuer URL, so the same code accepts AWS Cognito
 * and cognito-local.
 */
function buildVerifier() {
  const issuer = jwtIssuer();
  const clientId = required('USER_POOL_CLIENT_ID');
  return JwtRsaVerifier.create(
    {
      issuer,
      jwksUri: env().JWKS_URI ?? `${issuer}/.well-known/jwks.json`,
      audience: null,
      graceSeconds: 0,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') throw new Error('Not an access token');
        if (payload.client_id !== clientId) throw new Error('Token was issued to another client');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher }) },
  );
}

/**
 * Fetches the JWKS with the platform's fetch, which speaks plain http as well as https (the
 * library's own fetcher refuses http, which is all cognito-local serves). The URI comes from
 * configuration, never from the token.
 */
const jwksFetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000), redirect: 'error' });
    if (!response.ok) throw new Error(`JWKS fetch failed with status ${response.status}`);
    return response.arrayBuffer();
  },
};

let verifier: ReturnType<typeof buildVerifier> | undefined;

/** The verified claims of a bearer token; throws when anything about it is wrong. */
export async function verifyAccessToken(token: string): Promise<JwtPayload> {
  verifier ??= buildVerifier();
  return verifier.verify(token);
}
