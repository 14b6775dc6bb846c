import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { detect, detectionDocument } from '@pynomaly/platform';
import { detectBody } from '../schemas/detection';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) => {
  const { record, anomalies } = await detect(principalOf(event), parseJsonBody(event, detectBody), deps);
  return json(200, detectionDocument(record, anomalies));
});
