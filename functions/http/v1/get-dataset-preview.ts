import { answer, httpHandler, parseQuery, pathParam, principalOf } from '@pynomaly/core';
import { loadRows } from '@pynomaly/platform';
import { datasetPreviewAnswer, previewQuery } from '../schemas/datasets';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) => {
  const record = await deps.datasets.get(principalOf(event).tenantId, pathParam(event, 'id'));
  const { rows } = parseQuery(event, previewQuery);
  return answer(200, datasetPreviewAnswer, {
    dataset_id: record.id,
    feature_names: record.feature_names,
    rows: await loadRows(record, deps.blobs, rows),
  });
});
