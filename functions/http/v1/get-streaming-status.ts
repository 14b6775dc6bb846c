import { httpHandler, json, parseQuery, principalOf } from '@pynomaly/core';
import { streamingStatus } from '@pynomaly/live';
import { streamingStatusQuery } from '../schemas/streaming';
import { streamingDeps } from './streaming-deps';

const deps = streamingDeps();

/** Seed 001's `GET /api/streaming/status`: the tenant's streams (or one) and open live connections. */
export const handler = httpHandler(async (event) => {
  const { stream_id: streamId } = parseQuery(event, streamingStatusQuery);
  return json(200, await streamingStatus(principalOf(event), streamId, deps));
});
