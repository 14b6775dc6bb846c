import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { createTabularDataset } from '@pynomaly/platform';
import { newDatasetAnswer, newDatasetBody } from '../schemas/datasets';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) => {
  const record = await createTabularDataset(principalOf(event), parseJsonBody(event, newDatasetBody), deps);
  return answer(201, newDatasetAnswer, {
    dataset_id: record.id,
    id: record.id,
    name: record.name,
    size: record.size,
    features: record.feature_names.length,
    created_at: record.created_at,
  });
});
