import { createHmac, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteDefinition } from '../../functions/route-types';
import { routes } from '../../functions/routes';
import { enrolTotp, type Post, signInWithTotp } from './accounts';
import { fromAddress, type PlainResponse } from './client';

/**
 * Helpers of the generated security matrices (test/integration/security-matrix.test.ts):
 * the protected routes of the route table with their path parameters filled, requests from
 * rotating loopback addresses, and hand-made JWTs.
 */
export type Json = Record<string, unknown>;
export type Headers = Record<string, string>;

/** A plausible id nobody owns: a ULID-shaped string (26 Crockford base-32 characters). */
export const DUMMY_ID = '01JMATR1XN0THERE0000000000';
const dummies: Record<string, string> = { id: DUMMY_ID, username: 'no-such-user-matrix', format: 'json' };

/** One protected route at one of its paths (canonical or alias). */
export interface Cell {
  route: RouteDefinition;
  /** The path as the route table spells it, with `{param}`s. */
  template: string;
  canonical: boolean;
}

/** Every path of every route that is not public. */
export function protectedCells(): Cell[] {
  return routes
    .filter((route) => route.auth !== 'public')
    .flatMap((route) => route.paths.map((template, i) => ({ route, template, canonical: i === 0 })));
}

/** A template with its `{param}`s filled: the given values first, plausible dummies otherwise. */
export function fill(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? dummies[name] ?? 'x'),
  );
}

/**
 * Loopback addresses for requests that are meant to be refused: the authorizer throttles an
 * address after 100 refusals in 15 minutes, so each address here takes at most `perAddress`,
 * from 127.0.50.1 up (127.0.50.0/24 … 127.0.58.0/24; 127.0.59.0/24 is left for sign-ins).
 */
export class RefusalAddresses {
  private used = 0;
  constructor(private readonly perAddress = 90) {}

  next(): string {
    const slot = Math.floor(this.used++ / this.perAddress);
    if (slot >= 9 * 254) throw new Error('out of loopback addresses');
    return `127.0.${50 + Math.floor(slot / 254)}.${1 + (slot % 254)}`;
  }

  get addresses(): number {
    return Math.ceil(this.used / this.perAddress);
  }
}

/** The address sign-ins of the matrices leave from, so they spend no other test's sign-in budget. */
export const SIGN_IN_ADDRESS = '127.0.59.1';
/** Requests that should be let through leave from the default address, like every other test's. */
export const DEFAULT_ADDRESS = '127.0.0.1';

export interface Sent {
  method: string;
  path: string;
  headers?: Headers;
  /** A JSON body (serialised here) or a ready-made one with its content type in `headers`. */
  body?: unknown;
}

export function send(request: Sent, address = DEFAULT_ADDRESS): Promise<PlainResponse> {
  const raw = typeof request.body === 'string' ? request.body : undefined;
  const json = request.body !== undefined && raw === undefined;
  return fromAddress(address)(request.path, {
    method: request.method,
    headers: { ...(json ? { 'Content-Type': 'application/json' } : {}), ...request.headers },
    body: json ? JSON.stringify(request.body) : raw,
  });
}

/** An answer is an RFC 7807 problem with this status. */
export function isProblem(response: PlainResponse, status: number): boolean {
  if (response.status !== status) return false;
  if (!String(response.headers['content-type']).includes('application/problem+json')) return false;
  try {
    return (JSON.parse(response.body) as Json).status === status;
  } catch {
    return false;
  }
}

/** Runs `work` over `items`, `size` at a time. */
export async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

/** Counts of a list of labels, as `label × n` joined, for the printed summary. */
export function tally(labels: readonly (string | number)[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(String(label), (counts.get(String(label)) ?? 0) + 1);
  return [...counts].map(([label, n]) => `${label} × ${n}`).join(', ');
}

export interface SignedIn {
  access_token: string;
  id_token: string;
  refresh_token: string;
}

/** Signs in through this API (`POST /api/v1/auth/login`), from the matrices' sign-in address. */
export async function signIn(username: string, password: string): Promise<SignedIn> {
  const answer = await send(
    { method: 'POST', path: '/api/v1/auth/login', body: { username, password } },
    SIGN_IN_ADDRESS,
  );
  if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body) as SignedIn;
}

/** {@link Post} from the matrices' sign-in address. */
const postFromSignInAddress: Post = async (path, body, token) => {
  const answer = await send(
    { method: 'POST', path, body, headers: token ? bearer(token) : {} },
    SIGN_IN_ADDRESS,
  );
  return { status: answer.status, body: JSON.parse(answer.body || '{}') as Json };
};

/** Enrols TOTP for a signed-in user, from the matrices' sign-in address: the secret. */
export function enrolTotpAt(accessToken: string): Promise<string> {
  return enrolTotp(postFromSignInAddress, accessToken);
}

/** Signs in with the password and a TOTP code, from the matrices' sign-in address. */
export async function signInWithCode(username: string, password: string, secret: string): Promise<SignedIn> {
  return (await signInWithTotp(postFromSignInAddress, username, password, secret)) as unknown as SignedIn;
}

export const bearer = (token: string): Headers => ({ Authorization: `Bearer ${token}` });
export const apiKey = (key: string): Headers => ({ 'X-API-Key': key });

/** A hand-built multipart/form-data body with one small text file. */
export function multipartText(filename: string, content: string) {
  const boundary = 'matrix-boundary-7f3a';
  const body = [
    `--${boundary}`,
    `Content-Disposition: form-data; name="file"; filename="${filename}"`,
    'Content-Type: text/csv',
    '',
    content,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body };
}

// --- JWTs made by hand -----------------------------------------------------------------------

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a JWT, read without verifying. */
export function claimsOf(token: string): Json {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Json;
}

export type Signer =
  | { alg: 'none' }
  | { alg: 'HS256'; secret: string | Buffer }
  | { alg: 'RS256'; key: KeyObject; kid: string };

/** A compact JWT of these claims, signed (or not) as `signer` says. */
export function jwt(claims: Json, signer: Signer): string {
  const header = { alg: signer.alg, typ: 'JWT', ...(signer.alg === 'RS256' ? { kid: signer.kid } : {}) };
  const input = `${b64(header)}.${b64(claims)}`;
  if (signer.alg === 'none') return `${input}.`;
  const signature =
    signer.alg === 'HS256'
      ? createHmac('sha256', signer.secret).update(input).digest()
      : sign('sha256', Buffer.from(input), signer.key);
  return `${input}.${signature.toString('base64url')}`;
}

/** A token's signature moved onto other claims: what tampering with the payload gives. */
export function tampered(token: string, changes: Json): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64({ ...claimsOf(token), ...changes })}.${signature}`;
}

/**
 * The signing key of the local user pool: cognito-local signs every token with the key pair it
 * ships, so the tests can make tokens whose signature is the pool's own.
 */
export function localPoolKey(): { key: KeyObject; kid: string } {
  const file = join(
    import.meta.dirname,
    '../../node_modules/cognito-local/lib/keys/cognitoLocal.private.json',
  );
  const shipped = JSON.parse(readFileSync(file, 'utf8')) as { pem: string; jwk: { kid: string } };
  return { key: createPrivateKey(shipped.pem), kid: shipped.jwk.kid };
}

/** An RSA key of nobody's. */
export const strangerKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** How a refused or unexpected answer reads in a failure list: status and problem detail. */
export function verdict(answer: PlainResponse): string {
  try {
    const detail = (JSON.parse(answer.body) as Json).detail;
    return typeof detail === 'string' ? `${answer.status} ${detail}` : String(answer.status);
  } catch {
    return String(answer.status);
  }
}

// --- The tenant matrix (API1 BOLA) -----------------------------------------------------------

/** The ids of what one tenant made, by kind. */
export type Owned = Record<
  | 'dataset'
  | 'detector'
  | 'detector2'
  | 'ensemble'
  | 'experiment'
  | 'pipeline'
  | 'upload'
  | 'detection'
  | 'apiKey'
  | 'triageDataset'
  | 'session'
  | 'anomaly'
  | 'report'
  | 'suppressionRule'
  | 'webhook'
  | 'webhookDelivery'
  | 'stream',
  string
>;

export interface Target {
  cell: Cell;
  label: string;
  request: Sent & { headers: Headers };
}
export type Planned = Target | { unmapped: true; label: string };

/** Which owned resource an `{id}` path names, by the path before it. */
const kindOfPath: Array<[RegExp, keyof Owned]> = [
  [/^\/api(\/v1)?\/(detectors|models)\/\{id\}/, 'detector'],
  [/\/ensembles?\/\{id\}/, 'ensemble'],
  [/\/experiments\/\{id\}/, 'experiment'],
  [/\/automl\/pipelines\/\{id\}/, 'pipeline'],
  [/^\/api\/v1\/datasets\/uploads\/\{id\}/, 'upload'],
  [/^\/api\/v1\/datasets\/\{id\}/, 'dataset'],
  [/\/detection\/results\/\{id\}/, 'detection'],
  [/^\/api\/v1\/api-keys\/\{id\}/, 'apiKey'],
  [/^\/api\/anomaly\/datasets\/\{id\}/, 'triageDataset'],
  [/^\/api\/anomaly\/anomalies\/\{id\}/, 'anomaly'],
  [/^\/api\/anomaly\/anomaly-reports\/\{id\}/, 'report'],
  [/^\/api\/anomaly\/analysis-sessions\/\{id\}/, 'session'],
  [/^\/api\/anomaly\/suppression-rules\/\{id\}/, 'suppressionRule'],
  [/^\/api(\/v1)?\/webhooks\/\{id\}/, 'webhook'],
];

/** The body (or query) an `{id}` route needs to get as far as looking the id up. */
const pathBodies: Partial<Record<string, (o: Owned) => Partial<Sent>>> = {
  UpdateDetector: () => ({ body: { name: 'renamed' } }),
  TrainDetector: (o) => ({ body: { dataset_id: o.dataset } }),
  PredictModel: () => ({ body: { data: [[1, 2]] } }),
  PredictEnsemble: () => ({ body: { data: [[1, 2]] } }),
  RunExperiment: () => ({ body: {} }),
  StartAutoMl: () => ({ body: {} }),
  UpdateDataset: () => ({ body: { name: 'renamed' } }),
  V1UploadDataset: () => multipartText('rows.csv', 'a,b\n1,2\n3,4\n5,1\n'),
  UpdateReport: () => ({ body: { status: 'under_review' } }),
  UpdateWebhook: () => ({ body: { description: 'renamed' } }),
};
const pathQueries: Partial<Record<string, string>> = { ExportReport: '?format=json' };

/** Routes that take another resource's id in their body, with the owner's id in it. */
const bodyReferences: Array<[string, (o: Owned) => Json]> = [
  ['Export', (o) => ({ dataset_id: o.dataset })],
  ['Export', (o) => ({ detection_id: o.detection })],
  ['Detect', (o) => ({ dataset_id: o.dataset, algorithm: 'zscore' })],
  ['TrainModel', (o) => ({ name: 'theirs', algorithm: 'zscore', dataset_id: o.dataset })],
  ['CreateEnsemble', (o) => ({ name: 'theirs', detector_ids: [o.detector, o.detector2] })],
  ['CreateExperiment', (o) => ({ name: 'theirs', dataset_id: o.dataset, algorithms: ['zscore'] })],
  ['CreateAutoMl', (o) => ({ name: 'theirs', dataset_id: o.dataset })],
  ['PredictDetection', (o) => ({ detector_id: o.detector, data: [[1, 2]] })],
  ['ExplainShap', (o) => ({ detector_id: o.detector, instance: [1, 2] })],
  ['ExplainLime', (o) => ({ detector_id: o.detector, instance: [1, 2] })],
  ['ExplainImportance', (o) => ({ detector_id: o.detector })],
  ['CreateReport', (o) => ({ anomaly_id: o.anomaly })],
  ['StreamDetect', (o) => ({ stream_id: o.stream, samples: [[1, 2]] })],
  ['StopStream', (o) => ({ stream_id: o.stream })],
];

/**
 * The tenant matrix's requests, generated from the route table: every protected path with an
 * `{id}` (users under `{username}` belong to no tenant: administrators manage the whole pool),
 * then every path of the routes that take an id in their body. An `{id}` route whose resource
 * this plan cannot name comes back `unmapped`, so a new route fails the matrix until covered.
 */
export function tenantTargets(cells: readonly Cell[], owned: Owned): Planned[] {
  const byPath = cells
    .filter((cell) => cell.template.includes('{id}'))
    .map((cell): Planned => {
      const label = `${cell.route.method} ${cell.template}`;
      const kind = kindOfPath.find(([pattern]) => pattern.test(cell.template))?.[1];
      if (!kind) return { unmapped: true, label };
      const extra = pathBodies[cell.route.id]?.(owned) ?? {};
      const ids = { id: owned[kind], delivery_id: owned.webhookDelivery };
      const path = `${fill(cell.template, ids)}${pathQueries[cell.route.id] ?? ''}`;
      const request = { method: cell.route.method, path, headers: extra.headers ?? {}, body: extra.body };
      return { cell, label, request };
    });
  const byBody = bodyReferences.flatMap(([id, body]): Planned[] => {
    const route = routes.find((r) => r.id === id);
    if (!route) return [{ unmapped: true, label: id }];
    return cells
      .filter((cell) => cell.route === route)
      .map((cell) => ({
        cell,
        label: `${route.method} ${cell.template} ${JSON.stringify(body(owned))}`,
        request: { method: route.method, path: fill(cell.template), headers: {}, body: body(owned) },
      }));
  });
  return [...byPath, ...byBody];
}
