import { sessionDocument } from '@pynomaly/analysis';
import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { DatasetRepository, SessionRepository } from '@pynomaly/store';

const datasets = new DatasetRepository();
const sessions = new SessionRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const dataset = await datasets.get(tenantId, pathParam(event, 'id'));
  return json(200, sessionDocument(await sessions.get(tenantId, dataset.session_id)));
});
