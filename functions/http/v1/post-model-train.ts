import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { createDetectorRecord, detectorDocument, trainDetector } from '@pynomaly/platform';
import { detectorAnswer, trainModelBody } from '../schemas/detectors';
import { announcing, modelDeps } from './deps';

const deps = { ...modelDeps(), ...announcing() };

/** Seed 002's one-step training: a detector created and trained on a dataset → a model. */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const request = parseJsonBody(event, trainModelBody);
  const detector = await createDetectorRecord(principal, request, deps);
  const model = await trainDetector(
    principal,
    detector.id,
    {
      dataset_id: request.dataset_id,
      validation_split: request.validation?.split,
      label_column: request.label_column,
    },
    deps,
  );
  return answer(201, detectorAnswer, detectorDocument(model));
});
