import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { stopStream, streamDocument } from '@pynomaly/live';
import { stopStreamBody } from '../schemas/streaming';
import { streamingDeps } from './streaming-deps';

const deps = streamingDeps();

/** Seed 001's `POST /api/streaming/stop`: the stream stopped (again: unchanged). */
export const handler = httpHandler(async (event) => {
  const { stream_id: streamId } = parseJsonBody(event, stopStreamBody);
  return json(200, streamDocument(await stopStream(principalOf(event), streamId, deps)));
});
