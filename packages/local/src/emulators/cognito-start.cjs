/**
 * Starts cognito-local with one gap closed: its RespondToAuthChallenge issues a refresh token
 * without keeping it, so after an MFA sign-in REFRESH_TOKEN_AUTH and RevokeToken refused the
 * token Cognito had just issued. Here the finished challenge keeps it, as a password sign-in does.
 */
const { Targets } = require('cognito-local/lib/targets/targets.js');

const respond = Targets.RespondToAuthChallenge;
Targets.RespondToAuthChallenge = (services) => {
  const run = respond(services);
  return async (ctx, req) => {
    const answer = await run(ctx, req);
    const refreshToken = answer.AuthenticationResult?.RefreshToken;
    if (refreshToken) {
      const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, req.ChallengeResponses.USERNAME);
      if (user) await pool.storeRefreshToken(ctx, refreshToken, user);
    }
    return answer;
  };
};

require('cognito-local/lib/bin/start.js');
