import { anomalyDocument } from '@pynomaly/analysis';
import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { AnomalyRepository } from '@pynomaly/store';

const anomalies = new AnomalyRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  return json(200, anomalyDocument(await anomalies.get(tenantId, pathParam(event, 'id'))));
});
