import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { detectStream, streamDocument } from '@pynomaly/live';
import { streamSamplesBody } from '../schemas/streaming';
import { scoringDeps } from './streaming-deps';

const deps = scoringDeps();

/** Seed 001's stream detection: a batch of samples scored on a stream, as live detection scores them. */
export const handler = httpHandler(async (event) => {
  const request = parseJsonBody(event, streamSamplesBody);
  const { stream, results } = await detectStream(
    principalOf(event),
    request.stream_id,
    request.samples,
    deps,
  );
  return json(200, { stream: streamDocument(stream), results });
});
