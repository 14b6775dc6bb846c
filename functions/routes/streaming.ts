/**
 * Seed 001's streaming routes: server-side detection streams fed over HTTP (the twin of live
 * detection over WebSocket, scored the same way: docs/adr/0009-live-detection.md) and the
 * real-time monitor. Stream ids travel in bodies and the query, so no route has an `{id}`.
 */

import * as streaming from '../http/schemas/streaming';
import type { RouteDefinition } from '../route-types';

export const streamingRoutes: readonly RouteDefinition[] = [
  {
    id: 'StartStream',
    summary: 'Start a detection stream: a warm-up window or a trained detector scores its samples',
    method: 'POST',
    paths: ['/api/v1/streaming/start', '/api/streaming/start'],
    handler: 'http/v1/post-streaming-start',
    request: { body: streaming.startStreamBody },
    response: 'created',
    answer: streaming.streamAnswer,
    auth: 'user',
    scope: 'detection:write',
  },
  {
    id: 'StreamDetect',
    summary: "Score a batch of samples on a stream, and count them in the stream's counters",
    method: 'POST',
    paths: ['/api/v1/detection/stream', '/api/detection/stream'],
    handler: 'http/v1/post-detection-stream',
    // A trained detector's model is read from the bucket.
    data: { bucket: ['read'] },
    request: { body: streaming.streamSamplesBody },
    answer: streaming.streamSamplesAnswer,
    auth: 'user',
    scope: 'detection:write',
    memoryMb: 1024,
  },
  {
    id: 'StopStream',
    summary: 'Stop a stream (stopping it again changes nothing); its samples are refused after',
    method: 'POST',
    paths: ['/api/v1/streaming/stop', '/api/streaming/stop'],
    handler: 'http/v1/post-streaming-stop',
    request: { body: streaming.stopStreamBody },
    answer: streaming.streamAnswer,
    auth: 'user',
    scope: 'detection:write',
  },
  {
    id: 'StreamingStatus',
    summary: "Your tenant's streams with their counters, and its open live connections",
    method: 'GET',
    paths: ['/api/v1/streaming/status', '/api/streaming/status'],
    handler: 'http/v1/get-streaming-status',
    request: { query: streaming.streamingStatusQuery },
    answer: streaming.streamingStatusAnswer,
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'PerformanceMonitor',
    summary: 'Real-time monitoring: the last 15 minutes of requests, detections and streams',
    method: 'GET',
    paths: ['/api/v1/performance/monitor', '/api/performance/monitor'],
    handler: 'http/v1/get-performance-monitor',
    answer: streaming.monitorAnswer,
    auth: 'user',
    scope: 'detection:read',
  },
];
