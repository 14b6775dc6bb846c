import { Accounts, SignInSessions } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody } from '@pynomaly/core';
import { refreshBody } from './schemas/auth';

const accounts = new Accounts();
const sessions = new SignInSessions();

/** A new access token for a session that is still open (not logged out, not cut off). */
export const handler = httpHandler(
  async (event) => {
    const { refresh_token: refreshToken } = parseJsonBody(event, refreshBody);
    return json(200, await sessions.refresh(refreshToken, () => accounts.refresh(refreshToken)));
  },
  { budget: 'sign_in' },
);
