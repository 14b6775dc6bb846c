/**
 * The signed-in client: one PynomalyClient for the page's origin (the API is same-origin, behind
 * the same CloudFront distribution or local gateway). Its tokens are kept in sessionStorage
 * whenever they change — signed in, refreshed after a 401, signed out — so a reload stays
 * signed in with the newest tokens and closing the tab signs out.
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

/** Where a page keeps sessions and what it sends with: the browser's, unless a test says. */
export interface Place {
  origin: string;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  transport: Transport;
}

const browser = (): Place => ({
  origin: location.origin,
  storage: sessionStorage,
  transport: browserTransport(),
});

/** A client for `username`, signed in with `tokens` if given, that keeps its tokens as they change. */
export function connect(username: string, tokens?: Session, place: Place = browser()): SignedIn {
  const keep = (session: Session | undefined) => {
    if (session) place.storage.setItem(KEY, JSON.stringify({ username, tokens: session } satisfies Stored));
    else place.storage.removeItem(KEY);
  };
  const client = new PynomalyClient({
    baseUrl: place.origin,
    fetch: place.transport.fetch,
    token: tokens?.access_token,
    refreshToken: tokens?.refresh_token,
    onSession: keep,
  });
  return { client, transport: place.transport, username };
}

/** The sign-in kept for this tab, if any. */
export function restore(place: Place = browser()): SignedIn | undefined {
  const raw = place.storage.getItem(KEY);
  if (!raw) return undefined;
  const stored = JSON.parse(raw) as Stored;
  return connect(stored.username, stored.tokens, place);
}

/**
 * Ends the sign-in at the API (its tokens stop working) and forgets it here — also when the API
 * could not be told, and after a refresh the logout itself may have caused.
 */
export async function signOut(signedIn: SignedIn, storage: Place['storage'] = sessionStorage): Promise<void> {
  await signedIn.client.logout().catch(() => undefined);
  storage.removeItem(KEY);
}
