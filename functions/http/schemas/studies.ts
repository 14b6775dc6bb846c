/** Experiments and AutoML pipelines: several detectors compared on one dataset; tenant settings. */
import { SEVERITIES } from '@pynomaly/core';
import { z } from 'zod';

const candidate = z.object({
  algorithm: z.string().min(1).max(64),
  parameters: z.record(z.string(), z.unknown()).default({}),
});

/** `POST /api/v1/experiments` (`algorithms` is a shorthand list of names). */
export const newExperimentBody = z
  .object({
    name: z.string().min(1).max(200),
    dataset_id: z.string().min(1).max(64),
    detectors: z.array(candidate).min(1).max(20).optional(),
    algorithms: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
    label_column: z.string().min(1).max(200).optional(),
    validation_split: z.number().min(0.05).max(0.5).optional(),
  })
  .refine((b) => b.detectors ?? b.algorithms, {
    message: 'detectors or algorithms is required',
    path: ['detectors'],
  });

/** `POST /api/v1/automl/create`. */
export const newPipelineBody = z.object({
  name: z.string().min(1).max(200),
  dataset_id: z.string().min(1).max(64),
  algorithms: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
  label_column: z.string().min(1).max(200).optional(),
  validation_split: z.number().min(0.05).max(0.5).optional(),
  max_trials: z.number().int().min(1).max(50).optional(),
});

/**
 * `POST …/run` and `…/start`: `async: true` queues the run and answers 202 at once, as does a
 * study estimated to take longer than a request may.
 */
export const runStudyBody = z.object({
  async: z
    .boolean()
    .default(false)
    .describe('Queue the run (202) instead of waiting; studies too large to wait for are always queued'),
});

/** `PUT /api/v1/settings/alerts`: findings of this severity or above are announced (`alert.triggered`). */
export const alertSettingsBody = z.object({ min_severity: z.enum(SEVERITIES) }).strict();
