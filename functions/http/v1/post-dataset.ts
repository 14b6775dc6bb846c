import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { createTabularDataset } from '@pynomaly/platform';
import { newDatasetBody } from '../schemas/datasets';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) => {
  const record = await createTabularDataset(principalOf(event), parseJsonBody(event, newDatasetBody), deps);
  return json(201, {
    dataset_id: record.id,
    id: record.id,
    name: record.name,
    size: record.size,
    features: record.feature_names.length,
    created_at: record.created_at,
  });
});
