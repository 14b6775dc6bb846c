/**
 * What the mutations accept beyond their GraphQL types: the REST request schemas' limits
 * (functions/http/schemas), so a field refused there is refused here, as BAD_USER_INPUT.
 */
import { ValidationError } from '@pynomaly/core';
import { z } from 'zod';

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const row = z.union([cell, z.array(cell)]);
const name = z.string().min(1).max(200);
const featureNames = z.array(z.string().min(1).max(200));
const record = z.record(z.string(), z.unknown());

export const createDatasetInput = z.object({
  name,
  description: z.string().max(2000).nullish(),
  data: z.array(row).min(1),
  features: featureNames.nullish(),
  metadata: record.nullish(),
});

export const trainModelInput = z.object({
  name,
  algorithm: z.string().min(1).max(64),
  datasetId: z.string().min(1).max(64),
  parameters: record.nullish(),
  description: z.string().max(2000).nullish(),
  labelColumn: z.string().min(1).max(200).nullish(),
  validationSplit: z.number().min(0).max(0.5).nullish(),
});

export const detectAnomaliesInput = z
  .object({
    datasetId: z.string().min(1).max(64).nullish(),
    data: z.array(row).min(1).nullish(),
    features: featureNames.nullish(),
    algorithm: z.string().min(1).max(64).default('isolation_forest'),
    parameters: record.nullish(),
  })
  .refine((i) => i.data != null || i.datasetId != null, {
    message: 'data or datasetId is required',
    path: ['data'],
  });

/** A page of a list: `limit` 1 to `max`, `offset` from 0. */
export const page = (max: number) =>
  z.object({ limit: z.number().int().min(1).max(max), offset: z.number().int().min(0).max(100_000) });

/** The input, checked, or a ValidationError naming the fields (as REST's parseJsonBody does). */
export function checked<S extends z.ZodType>(schema: S, input: unknown, prefix: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    `Invalid ${prefix}`,
    parsed.error.issues.map((i) => ({ field: [prefix, ...i.path].join('.'), message: i.message })),
  );
}
