/**
 * The signed-in client: one PynomalyClient for the page's origin (the API is same-origin, behind
 * the same CloudFront distribution or local gateway), its tokens kept in sessionStorage so a
 * reload stays signed in and closing the tab signs out.
 */
import { PynomalyClient, type Session } from 'pynomaly-js';
import { browserTransport, type Transport } from './transport';

const KEY = 'pynomaly.session';

export interface SignedIn {
  client: PynomalyClient;
  transport: Transport;
  username: string;
}

interface Stored {
  username: string;
  tokens: Session;
}

/** A client with no sign-in (to sign in with), on the page's origin. */
export function anonymous(): SignedIn {
  const transport = browserTransport();
  return {
    client: new PynomalyClient({ baseUrl: location.origin, fetch: transport.fetch }),
    transport,
    username: '',
  };
}

/** Keeps a completed sign-in for this tab. */
export function remember(signedIn: SignedIn): void {
  const tokens = signedIn.client.tokens;
  if (tokens)
    sessionStorage.setItem(KEY, JSON.stringify({ username: signedIn.username, tokens } satisfies Stored));
}

/** The sign-in kept for this tab, if any. */
export function restore(): SignedIn | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  const stored = JSON.parse(raw) as Stored;
  const transport = browserTransport();
  const client = new PynomalyClient({
    baseUrl: location.origin,
    fetch: transport.fetch,
    token: stored.tokens.access_token,
    refreshToken: stored.tokens.refresh_token,
  });
  return { client, transport, username: stored.username };
}

/** Ends the sign-in at the API (its tokens stop working) and forgets it here. */
export async function signOut(signedIn: SignedIn): Promise<void> {
  sessionStorage.removeItem(KEY);
  await signedIn.client.logout().catch(() => undefined);
}
