import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { startStream, streamDocument } from '@pynomaly/live';
import { startStreamBody } from '../schemas/streaming';
import { scoringDeps } from './streaming-deps';

const deps = scoringDeps();

/** Seed 001's `POST /api/streaming/start`: a new active stream of the tenant. */
export const handler = httpHandler(async (event) =>
  json(
    201,
    streamDocument(await startStream(principalOf(event), parseJsonBody(event, startStreamBody), deps)),
  ),
);
