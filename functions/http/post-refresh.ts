import { Accounts, SignInSessions } from '@pynomaly/auth';
import { answer, httpHandler, parseJsonBody } from '@pynomaly/core';
import { refreshAnswer, refreshBody } from './schemas/auth';

const accounts = new Accounts();
const sessions = new SignInSessions();

/** A new access token for a session that is still open (not logged out, not cut off). */
export const handler = httpHandler(
  async (event) => {
    const { refresh_token: refreshToken } = parseJsonBody(event, refreshBody);
    const tokens = await sessions.refresh(refreshToken, () => accounts.refresh(refreshToken));
    // Cognito keeps the refresh token unless it rotates it: the one sent still refreshes.
    return answer(200, refreshAnswer, { ...tokens, refresh_token: tokens.refresh_token ?? refreshToken });
  },
  { budget: 'sign_in' },
);
