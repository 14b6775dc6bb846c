import { deleteSuppressionRule } from '@pynomaly/analysis';
import { httpHandler, noContent, pathParam, principalOf } from '@pynomaly/core';
import { FeedbackRepository } from '@pynomaly/store';

const deps = { feedback: new FeedbackRepository() };

export const handler = httpHandler(async (event) => {
  await deleteSuppressionRule(principalOf(event).tenantId, pathParam(event, 'id'), deps);
  return noContent();
});
