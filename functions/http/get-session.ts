import { sessionDocument } from '@pynomaly/analysis';
import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { SessionRepository } from '@pynomaly/store';
import { sessionAnswer } from './schemas/triage-answers';

const sessions = new SessionRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  return answer(200, sessionAnswer, sessionDocument(await sessions.get(tenantId, pathParam(event, 'id'))));
});
