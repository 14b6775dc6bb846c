import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { createDetectorRecord, detectorDocument, trainDetector } from '@pynomaly/platform';
import { z } from 'zod';
import { modelDeps } from './deps';

const deps = modelDeps();
const body = z.object({
  name: z.string().min(1).max(200),
  algorithm: z.string().min(1).max(64),
  dataset_id: z.string().min(1).max(64),
  parameters: z.record(z.string(), z.unknown()).optional(),
  description: z.string().max(2000).optional(),
  label_column: z.string().min(1).max(200).optional(),
  validation: z
    .object({
      split: z.number().min(0).max(0.5).default(0.2),
      cross_validation: z.number().int().min(0).optional(),
    })
    .optional(),
});

/** Seed 002's one-step training: a detector created and trained on a dataset → a model. */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const request = parseJsonBody(event, body);
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
  return json(201, detectorDocument(model));
});
