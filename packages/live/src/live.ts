// Live detection use cases: handlers (functions/ws/*) → these → connections (DynamoDB), detectors, replies.
import {
  AppError,
  AuthenticationError,
  FAILED_AUTH_PER_ADDRESS,
  FAILED_AUTH_WINDOW_SECONDS,
  ForbiddenError,
  type Principal,
  RateLimitError,
  type RateLimiter,
  ValidationError,
} from '@pynomaly/core';
import { getAlgorithm } from '@pynomaly/detection';
import { type DetectorDeps, predict } from '@pynomaly/platform';
import { CONNECTION_TTL_SECONDS, type ConnectionRepository } from './connections';
import { chosenProtocol, credentialsOf, type WebSocketAnswer, type WebSocketEvent } from './events';
import { type AnomalyResult, detectMessage, type LiveReply, MAX_MESSAGE_BYTES } from './messages';
import type { SubscriptionRepository } from './subscriptions';
import { registryName, scoreAgainstWindow, WARMUP_SAMPLES } from './warmup';

/**
 * The scope a caller needs to open a live connection: enough to listen (GraphQL subscriptions,
 * alerts). Scoring a sample needs {@link DETECT_SCOPE}, as `POST /api/v1/detection/predict` does.
 */
export const LIVE_SCOPE = 'detection:read';
export const DETECT_SCOPE = 'detection:write';

export interface LiveLimits {
  connectionsPerTenant: number;
  messagesPerMinute: number;
}

export interface LiveDeps {
  connections: ConnectionRepository;
  limiter: Pick<RateLimiter, 'consume'>;
  detectors: DetectorDeps;
  limits: LiveLimits;
  now?: () => Date;
}

/**
 * Opens a connection for an authenticated caller: it needs the detection scope (403), and its
 * tenant may hold `connectionsPerTenant` open connections (429).
 */
export async function openConnection(
  principal: Principal,
  connectionId: string,
  deps: Pick<LiveDeps, 'connections' | 'limits' | 'now'>,
): Promise<void> {
  if (!principal.scopes.includes(LIVE_SCOPE))
    throw new ForbiddenError(`Live detection needs the ${LIVE_SCOPE} scope`);
  const now = deps.now?.() ?? new Date();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const open = await deps.connections.countOpen(principal.tenantId, nowSeconds);
  if (open >= deps.limits.connectionsPerTenant)
    throw new RateLimitError(`A tenant may hold ${deps.limits.connectionsPerTenant} live connections`, 60);
  await deps.connections.put({
    connection_id: connectionId,
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    principal,
    connected_at: now.toISOString(),
    expires_at: nowSeconds + CONNECTION_TTL_SECONDS,
  });
}

/**
 * `$connect`: authenticates the handshake as the REST authorizer does and opens the connection;
 * a refused caller is answered its status (401, 403, 429) and gets no connection. As there,
 * refused credentials are counted per source address, and past the budget the address is
 * answered 429 before any credential it sends is checked.
 */
export async function acceptConnection(
  event: WebSocketEvent,
  deps: Pick<LiveDeps, 'connections' | 'limits' | 'now'> & {
    authenticate: (credentials: ReturnType<typeof credentialsOf>) => Promise<{ principal: Principal }>;
    refusals: Pick<RateLimiter, 'check' | 'consume'>;
  },
): Promise<WebSocketAnswer> {
  const refusals = `authfail:${event.requestContext.identity?.sourceIp ?? 'unknown'}`;
  try {
    await deps.refusals.check(refusals, FAILED_AUTH_PER_ADDRESS, FAILED_AUTH_WINDOW_SECONDS);
    let principal: Principal;
    try {
      ({ principal } = await deps.authenticate(credentialsOf(event)));
    } catch (error) {
      if (error instanceof AuthenticationError)
        await deps.refusals
          .consume(refusals, FAILED_AUTH_PER_ADDRESS, FAILED_AUTH_WINDOW_SECONDS)
          .catch(() => undefined);
      throw error;
    }
    await openConnection(principal, event.requestContext.connectionId, deps);
    const protocol = chosenProtocol(event);
    return protocol
      ? { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': protocol } }
      : { statusCode: 200 };
  } catch (error) {
    if (error instanceof AppError) return { statusCode: error.statusCode, body: error.title };
    throw error;
  }
}

/** `$disconnect`: the connection and its GraphQL subscriptions are forgotten. */
export async function closeConnection(
  connectionId: string,
  deps: Pick<LiveDeps, 'connections'> & { subscriptions: Pick<SubscriptionRepository, 'removeAll'> },
) {
  await deps.subscriptions.removeAll(connectionId);
  await deps.connections.delete(connectionId);
}

function errorReply(error: AppError, id?: string | number): LiveReply {
  const fields = error instanceof ValidationError ? error.errors : undefined;
  return {
    type: 'error',
    ...(id === undefined ? {} : { id }),
    error: {
      code: error.code,
      message: error.expose ? error.message : error.title,
      ...(fields?.length ? { fields } : {}),
    },
  };
}

function parse(body: string): ReturnType<typeof detectMessage.parse> {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new ValidationError('The message is not JSON', [{ field: 'body', message: 'send a JSON object' }]);
  }
  const parsed = detectMessage.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError(
      'The message is not a detect message',
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message })),
    );
  return parsed.data;
}

/**
 * Answers one message of a connection: an `anomaly_result`, or an `error` for a message that is
 * too large, too frequent or malformed (which changes nothing). Null when the connection is
 * unknown (closed or expired).
 */
export async function handleMessage(
  connectionId: string,
  body: string,
  deps: LiveDeps,
): Promise<LiveReply | null> {
  const connection = await deps.connections.get(connectionId);
  if (!connection) return null;
  let id: string | number | undefined;
  try {
    if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES)
      throw new ValidationError(`Messages are limited to ${MAX_MESSAGE_BYTES} bytes`, [
        { field: 'body', message: 'send a smaller message' },
      ]);
    await deps.limiter.consume(`live:${connectionId}`, deps.limits.messagesPerMinute, 60);
    const message = parse(body);
    id = message.id;
    if (!connection.principal.scopes.includes(DETECT_SCOPE))
      throw new ForbiddenError(`Scoring samples needs the ${DETECT_SCOPE} scope`);
    const timestamp = (deps.now?.() ?? new Date()).toISOString();
    const { sample, detector_id: detectorId } = message.data;
    if (detectorId)
      return {
        ...(id === undefined ? {} : { id }),
        ...(await withDetector(connection.principal, detectorId, sample, deps, timestamp)),
      };
    return {
      ...(id === undefined ? {} : { id }),
      ...(await withWindow(connectionId, connection.window, sample, message.data.algorithm, deps, timestamp)),
    };
  } catch (error) {
    if (error instanceof AppError) return errorReply(error, id);
    throw error;
  }
}

async function withDetector(
  principal: Principal,
  detectorId: string,
  sample: number[],
  deps: LiveDeps,
  timestamp: string,
): Promise<AnomalyResult> {
  const record = await deps.detectors.detectors.get(principal.tenantId, detectorId);
  const result = await predict(principal, record, { data: [sample] }, deps.detectors);
  const score = result.scores[0] ?? 0;
  return {
    type: 'anomaly_result',
    data: {
      mode: 'detector',
      ready: true,
      is_anomaly: result.predictions[0] === 1,
      score,
      threshold: result.threshold,
      algorithm: record.algorithm,
      detector_id: record.id,
      timestamp,
    },
  };
}

async function withWindow(
  connectionId: string,
  window: number[][] | undefined,
  sample: number[],
  requested: string | undefined,
  deps: LiveDeps,
  timestamp: string,
): Promise<AnomalyResult> {
  const algorithm = getAlgorithm(registryName(requested)).name;
  const width = window?.[0]?.length;
  if (width !== undefined && sample.length !== width)
    throw new ValidationError(`This connection's samples have ${width} values`, [
      { field: 'data.sample', message: `${width} numbers, as the first sample` },
    ]);
  let full = window ?? [];
  if (full.length < WARMUP_SAMPLES) {
    const filled = await deps.connections.addToWindow(connectionId, sample, WARMUP_SAMPLES);
    if (filled) {
      return {
        type: 'anomaly_result',
        data: {
          mode: 'warmup',
          ready: false,
          is_anomaly: false,
          score: null,
          threshold: null,
          algorithm,
          detector_id: null,
          samples_seen: filled.length,
          samples_needed: WARMUP_SAMPLES,
          timestamp,
        },
      };
    }
    // A concurrent message filled the window first: score against it.
    full = (await deps.connections.get(connectionId))?.window ?? [];
  }
  const scored = scoreAgainstWindow(full, sample, algorithm);
  return {
    type: 'anomaly_result',
    data: {
      mode: 'warmup',
      ready: true,
      is_anomaly: scored.isAnomaly,
      score: scored.score,
      threshold: scored.threshold,
      algorithm,
      detector_id: null,
      samples_seen: full.length,
      samples_needed: WARMUP_SAMPLES,
      timestamp,
    },
  };
}
