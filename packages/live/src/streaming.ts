// HTTP streaming use cases: handlers (functions/http/*-stream*) → these → streams (DynamoDB), the live scoring.
import { ConflictError, NotFoundError, newId, type Principal, ValidationError } from '@pynomaly/core';
import { getAlgorithm } from '@pynomaly/detection';
import { type DetectorDeps, predict } from '@pynomaly/platform';
import type { ConnectionRepository } from './connections';
import type { AnomalyResult } from './messages';
import { STREAM_TTL_SECONDS, type StreamRecord, type StreamRepository } from './streams';
import { registryName, WARMUP_SAMPLES, windowScorer } from './warmup';

/**
 * Active streams one tenant may hold. Past it, a start is a 409 (not a 429): waiting does not
 * help, stopping a stream does.
 */
export const MAX_ACTIVE_STREAMS = 20;
/** Values a warm-up window may hold (samples × width), so the stream's item stays far below 400 KB. */
export const MAX_WINDOW_VALUES = 8_192;
/** Minutes of per-minute sample counts a stream keeps (what the monitor shows). */
export const RECENT_MINUTES = 15;
/** Conditional writes tried before a call gives up to concurrent calls on the same stream. */
const MAX_COMMIT_ATTEMPTS = 8;

export interface StreamingDeps {
  streams: Pick<StreamRepository, 'create' | 'get' | 'list' | 'commit' | 'stop'>;
  detectors: DetectorDeps;
  now?: () => Date;
}

export interface StartStreamRequest {
  name?: string;
  detector_id?: string;
  algorithm?: string;
  window_size?: number;
  threshold?: number;
}

/** One sample's answer: the WebSocket `anomaly_result`'s data, and the sample's place in the call. */
export type StreamResult = AnomalyResult['data'] & { index: number };

export const minuteOf = (at: Date | number) => new Date(at).toISOString().slice(0, 16);

/** A stream as the API shows it: no tenant, no window values, no bookkeeping. */
export function streamDocument(s: StreamRecord) {
  return {
    stream_id: s.id,
    name: s.name,
    status: s.status,
    mode: s.mode,
    algorithm: s.algorithm,
    detector_id: s.detector_id,
    window_size: s.window_size,
    window_filled: s.window.length,
    threshold: s.threshold,
    width: s.width,
    samples_seen: s.samples_seen,
    anomalies: s.anomalies,
    last_sample_at: s.last_sample_at,
    created_at: s.created_at,
    stopped_at: s.stopped_at,
  };
}

/**
 * Opens a stream: scored by a trained detector of the tenant, or by a warm-up window of its
 * first samples with the algorithm (robust z-score by default). Unknown algorithm or untrained
 * detector: 400; another tenant's detector: 404; past {@link MAX_ACTIVE_STREAMS}: 409. The cap
 * is checked on a consistent read, so only starts racing each other can pass it, by a few.
 */
export async function startStream(
  principal: Principal,
  request: StartStreamRequest,
  deps: StreamingDeps,
): Promise<StreamRecord> {
  const now = deps.now?.() ?? new Date();
  let mode: StreamRecord['mode'] = 'warmup';
  let algorithm: string;
  let width: number | null = null;
  if (request.detector_id) {
    const detector = await deps.detectors.detectors.get(principal.tenantId, request.detector_id);
    if (detector.status !== 'trained')
      throw new ValidationError(`Detector '${detector.name}' is not trained yet`, [
        { field: 'detector_id', message: 'train it first' },
      ]);
    mode = 'detector';
    algorithm = detector.algorithm;
    width = detector.feature_names?.length ?? null;
  } else {
    algorithm = getAlgorithm(registryName(request.algorithm)).name;
  }
  const streams = await deps.streams.list(principal.tenantId);
  if (streams.filter((s) => s.status === 'active').length >= MAX_ACTIVE_STREAMS)
    throw new ConflictError(`A tenant may hold ${MAX_ACTIVE_STREAMS} active streams: stop one first`);
  const id = newId();
  const record: StreamRecord = {
    id,
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    name: request.name ?? `stream-${id.slice(-8).toLowerCase()}`,
    status: 'active',
    mode,
    algorithm,
    detector_id: request.detector_id ?? null,
    window_size: request.window_size ?? WARMUP_SAMPLES,
    threshold: request.threshold ?? null,
    width,
    window: [],
    samples_seen: 0,
    anomalies: 0,
    last_sample_at: null,
    recent: {},
    created_at: now.toISOString(),
    stopped_at: null,
    version: 1,
    expires_at: Math.floor(now.getTime() / 1000) + STREAM_TTL_SECONDS,
  };
  await deps.streams.create(record);
  return record;
}

function checkWidth(stream: StreamRecord, width: number): void {
  if (stream.width !== null && width !== stream.width)
    throw new ValidationError(`This stream's samples have ${stream.width} values`, [
      { field: 'samples', message: `${stream.width} numbers per sample` },
    ]);
  if (stream.mode === 'warmup' && stream.window_size * width > MAX_WINDOW_VALUES)
    throw new ValidationError(
      `A window of ${stream.window_size} samples of ${width} values exceeds ${MAX_WINDOW_VALUES} values`,
      [{ field: 'samples', message: 'start a stream with a smaller window_size, or send fewer values' }],
    );
}

/**
 * Scores samples as live detection's warm-up does (packages/live/src/live.ts): while the
 * window holds fewer than `window_size` samples a sample joins it unscored; after, it is scored
 * against the window, fitted once for the call. Answers the results and the window after them.
 */
export function scoreWithWindow(
  stream: StreamRecord,
  samples: readonly number[][],
  timestamp: string,
): { results: StreamResult[]; window: number[][] } {
  const window = [...stream.window];
  let scorer: ReturnType<typeof windowScorer> | undefined;
  const results = samples.map((sample, index): StreamResult => {
    if (window.length < stream.window_size) window.push(sample);
    else scorer ??= windowScorer(window, stream.algorithm);
    // In the order of live detection's answer: mode, verdict, then what scored it.
    const scored = scorer?.(sample);
    return {
      index,
      mode: 'warmup',
      ready: scored !== undefined,
      is_anomaly:
        scored !== undefined &&
        (stream.threshold === null ? scored.isAnomaly : scored.score > stream.threshold),
      score: scored?.score ?? null,
      threshold: scored ? (stream.threshold ?? scored.threshold) : null,
      algorithm: stream.algorithm,
      detector_id: null,
      samples_seen: window.length,
      samples_needed: stream.window_size,
      timestamp,
    };
  });
  return { results, window };
}

async function scoreWithDetector(
  principal: Principal,
  stream: StreamRecord,
  samples: number[][],
  deps: StreamingDeps,
  timestamp: string,
): Promise<StreamResult[]> {
  const record = await deps.detectors.detectors.get(principal.tenantId, stream.detector_id ?? '');
  const result = await predict(principal, record, { data: samples }, deps.detectors);
  return samples.map((_, index) => {
    const score = result.scores[index] ?? 0;
    return {
      index,
      mode: 'detector',
      ready: true,
      is_anomaly: stream.threshold === null ? result.predictions[index] === 1 : score > stream.threshold,
      score,
      threshold: stream.threshold ?? result.threshold,
      algorithm: record.algorithm,
      detector_id: record.id,
      timestamp,
    };
  });
}

/** The stream after a call's results: counters, window, this minute's counts, a new version. */
export function advance(
  stream: StreamRecord,
  results: readonly StreamResult[],
  window: number[][],
  width: number,
  now: Date,
): StreamRecord {
  const flagged = results.filter((r) => r.is_anomaly).length;
  const oldest = minuteOf(now.getTime() - (RECENT_MINUTES - 1) * 60_000);
  const recent = Object.fromEntries(Object.entries(stream.recent).filter(([minute]) => minute >= oldest));
  const minute = minuteOf(now);
  const [samples, anomalies] = recent[minute] ?? [0, 0];
  recent[minute] = [samples + results.length, anomalies + flagged];
  return {
    ...stream,
    width,
    window,
    samples_seen: stream.samples_seen + results.length,
    anomalies: stream.anomalies + flagged,
    last_sample_at: now.toISOString(),
    recent,
    version: stream.version + 1,
    expires_at: Math.floor(now.getTime() / 1000) + STREAM_TTL_SECONDS,
  };
}

/**
 * Scores a call's samples on the stream and records them, in one conditional write on the
 * version read: a call that loses the race to another re-reads the stream and scores again
 * (the window may have grown), up to {@link MAX_COMMIT_ATTEMPTS} times, then answers 409.
 * A stopped stream answers 409; another tenant's, 404.
 */
export async function detectStream(
  principal: Principal,
  streamId: string,
  samples: number[][],
  deps: StreamingDeps,
): Promise<{ stream: StreamRecord; results: StreamResult[] }> {
  const width = samples[0]?.length ?? 0;
  let byDetector: StreamResult[] | undefined;
  for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
    const stream = await deps.streams.get(principal.tenantId, streamId);
    if (stream.status !== 'active') throw new ConflictError('The stream is stopped: start another');
    checkWidth(stream, width);
    const now = deps.now?.() ?? new Date();
    const timestamp = now.toISOString();
    let results: StreamResult[];
    let window = stream.window;
    if (stream.mode === 'detector') {
      // A detector's scores do not depend on the stream's state: scored once, whatever the retries.
      byDetector ??= await scoreWithDetector(principal, stream, samples, deps, timestamp);
      results = byDetector;
    } else {
      ({ results, window } = scoreWithWindow(stream, samples, timestamp));
    }
    const next = advance(stream, results, window, width, now);
    if (await deps.streams.commit(next, stream.version)) return { stream: next, results };
  }
  throw new ConflictError('The stream is busy with concurrent calls: send the samples again');
}

/** Stops a stream of the tenant; stopping it again answers it unchanged. */
export async function stopStream(
  principal: Principal,
  streamId: string,
  deps: Pick<StreamingDeps, 'streams' | 'now'>,
): Promise<StreamRecord> {
  return deps.streams.stop(principal.tenantId, streamId, deps.now?.() ?? new Date());
}

/**
 * The tenant's streams (or the one asked for) with their counters; the active count and open live
 * connections are the tenant's whatever was asked.
 */
export async function streamingStatus(
  principal: Principal,
  streamId: string | undefined,
  deps: {
    streams: Pick<StreamRepository, 'list'>;
    connections: Pick<ConnectionRepository, 'countOpen'>;
    now?: () => Date;
  },
) {
  const [all, openConnections] = await Promise.all([
    deps.streams.list(principal.tenantId),
    deps.connections.countOpen(principal.tenantId),
  ]);
  const streams = streamId === undefined ? all : all.filter((s) => s.id === streamId);
  if (streams.length === 0 && streamId !== undefined) throw new NotFoundError('Stream not found');
  return {
    generated_at: (deps.now?.() ?? new Date()).toISOString(),
    active_streams: all.filter((s) => s.status === 'active').length,
    max_active_streams: MAX_ACTIVE_STREAMS,
    open_live_connections: openConnections,
    streams: streams.map(streamDocument),
  };
}
