/**
 * A connection to the API: sign-in (with MFA), refresh, API keys, retries, and every route of
 * the OpenAPI document typed (`api`: openapi-fetch over ./generated/openapi.ts).
 */
import createClient, { type Client } from 'openapi-fetch';
import { errorFor, MfaRequiredError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { type RetryPolicy, retryingFetch } from './transport.js';

export interface PynomalyClientOptions {
  /** The API's origin, e.g. `http://localhost:8000`. */
  baseUrl: string;
  /** An access token (`Bearer`). */
  token?: string;
  /** The refresh token that goes with `token`: a 401 then refreshes once and retries. */
  refreshToken?: string;
  /** An API key (`X-API-Key: pyn_…`), instead of a sign-in. */
  apiKey?: string;
  retry?: RetryPolicy;
  /** The `fetch` to send with. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Hears every change of the sign-in's tokens — signed in, refreshed (also the silent refresh
   * after a 401), signed out (`undefined`) — so an app can keep them where it keeps sessions.
   */
  onSession?: (session: Session | undefined) => void;
}

/** The tokens of a sign-in. */
export interface Session {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  token_type?: string;
}

/** An openapi-fetch result: the data, or the typed error of its problem. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw errorFor(response.status, error, response.headers);
  return data as T;
}

const AUTH_PATHS = /\/auth\/(login|refresh|mfa\/verify|register)$/;

export class Connection {
  /** Every route of the API, typed by the OpenAPI document. */
  readonly api: Client<paths>;
  readonly baseUrl: string;
  private current: Session | undefined;
  private readonly onSession: ((session: Session | undefined) => void) | undefined;
  private readonly apiKey: string | undefined;
  private readonly transport: (request: Request) => Promise<Response>;

  constructor(options: PynomalyClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.onSession = options.onSession;
    if (options.token) this.current = { access_token: options.token, refresh_token: options.refreshToken };
    this.transport = retryingFetch(options.fetch ?? globalThis.fetch, options.retry);
    this.api = createClient<paths>({ baseUrl: this.baseUrl, fetch: (request) => this.send(request) });
  }

  /** The current sign-in's tokens, if signed in. */
  get tokens(): Session | undefined {
    return this.current;
  }

  private keep<S extends Session | undefined>(session: S): S {
    this.current = session;
    this.onSession?.(session);
    return session;
  }

  /** The headers that authenticate a request of this client (for uploads and WebSockets). */
  authHeaders(): Record<string, string> {
    if (this.current) return { Authorization: `Bearer ${this.current.access_token}` };
    if (this.apiKey) return { 'X-API-Key': this.apiKey };
    return {};
  }

  /**
   * Signs in. A user with MFA needs `mfaCode`; without it this throws {@link MfaRequiredError}
   * with the `challenge` to finish with {@link verifyMfa}.
   */
  async login(credentials: { username: string; password: string; mfaCode?: string }): Promise<Session> {
    const answer = (await unwrap(
      this.api.POST('/api/v1/auth/login', {
        body: { username: credentials.username, password: credentials.password },
      }),
    )) as Record<string, unknown>;
    if (answer.mfa_required) {
      const challenge = {
        username: credentials.username,
        session: String(answer.session),
        method: String(answer.method ?? answer.challenge),
      };
      if (!credentials.mfaCode)
        throw new MfaRequiredError(
          200,
          { title: 'A second factor is required', code: 'MFA_REQUIRED' },
          challenge,
        );
      return this.verifyMfa({ ...challenge, code: credentials.mfaCode });
    }
    return this.keep(answer as unknown as Session);
  }

  /** Finishes a sign-in challenge with a code (TOTP or SMS). */
  async verifyMfa(challenge: { username: string; session: string; code: string }): Promise<Session> {
    const { username, session, code } = challenge;
    const signedIn = await unwrap(
      this.api.POST('/api/v1/auth/mfa/verify', { body: { username, session, code } }),
    );
    return this.keep(signedIn as unknown as Session);
  }

  /** A new access token from the refresh token. */
  async refresh(): Promise<Session> {
    const refreshToken = this.current?.refresh_token;
    if (!refreshToken) throw new Error('No refresh token: sign in again');
    const fresh = (await unwrap(
      this.api.POST('/api/v1/auth/refresh', { body: { refresh_token: refreshToken } }),
    )) as unknown as Session;
    return this.keep({ ...fresh, refresh_token: fresh.refresh_token ?? refreshToken });
  }

  /** Ends the sign-in: its tokens stop working. */
  async logout(): Promise<void> {
    await unwrap(
      this.api.POST('/api/v1/auth/logout', { body: { refresh_token: this.current?.refresh_token } }),
    );
    this.keep(undefined);
  }

  /** Any request to the API (a path under `baseUrl`), with credentials, retries and refresh. */
  request(path: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Response> {
    return this.send(new Request(`${this.baseUrl}${path}`, init));
  }

  /** Sends with credentials and retries; a 401 refreshes the sign-in once and sends again. */
  private async send(request: Request): Promise<Response> {
    const authorized = (r: Request) => {
      const headers = new Headers(r.headers);
      for (const [name, value] of Object.entries(this.authHeaders())) headers.set(name, value);
      return new Request(r, { headers });
    };
    const path = new URL(request.url).pathname;
    // Signing in and refreshing carry their own credentials, never a token that may be stale.
    if (AUTH_PATHS.test(path)) return this.transport(request);
    const response = await this.transport(authorized(request.clone()));
    if (response.status !== 401 || !this.current?.refresh_token) return response;
    await this.refresh();
    return this.transport(authorized(request));
  }
}
