import { anomalyDocument } from '@pynomaly/analysis';
import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { AnomalyRepository } from '@pynomaly/store';
import { anomalyAnswer } from './schemas/triage-answers';

const anomalies = new AnomalyRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  return answer(200, anomalyAnswer, anomalyDocument(await anomalies.get(tenantId, pathParam(event, 'id'))));
});
