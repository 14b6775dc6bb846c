import { httpHandler, json, parseQuery, pathParam, principalOf } from '@pynomaly/core';
import { loadRows } from '@pynomaly/platform';
import { z } from 'zod';
import { platformDeps } from './deps';

const deps = platformDeps();
const query = z.object({ rows: z.coerce.number().int().min(1).max(1000).default(10) });

export const handler = httpHandler(async (event) => {
  const record = await deps.datasets.get(principalOf(event).tenantId, pathParam(event, 'id'));
  const { rows } = parseQuery(event, query);
  return json(200, {
    dataset_id: record.id,
    feature_names: record.feature_names,
    rows: await loadRows(record, deps.blobs, rows),
  });
});
