import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { createTabularDataset } from '@pynomaly/platform';
import { z } from 'zod';
import { platformDeps } from './deps';

const deps = platformDeps();
const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const body = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    data: z.array(z.union([cell, z.array(cell)])).min(1),
    features: z.array(z.string().min(1).max(200)).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const handler = httpHandler(async (event) => {
  const record = await createTabularDataset(principalOf(event), parseJsonBody(event, body), deps);
  return json(201, {
    dataset_id: record.id,
    id: record.id,
    name: record.name,
    size: record.size,
    features: record.feature_names.length,
    created_at: record.created_at,
  });
});
