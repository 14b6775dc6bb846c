import { httpHandler, json, parseQuery, pathParam, principalOf } from '@pynomaly/core';
import { loadRows } from '@pynomaly/platform';
import { previewQuery } from '../schemas/datasets';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) => {
  const record = await deps.datasets.get(principalOf(event).tenantId, pathParam(event, 'id'));
  const { rows } = parseQuery(event, previewQuery);
  return json(200, {
    dataset_id: record.id,
    feature_names: record.feature_names,
    rows: await loadRows(record, deps.blobs, rows),
  });
});
