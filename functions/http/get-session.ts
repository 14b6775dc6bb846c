import { sessionDocument } from '@pynomaly/analysis';
import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { SessionRepository } from '@pynomaly/store';

const sessions = new SessionRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  return json(200, sessionDocument(await sessions.get(tenantId, pathParam(event, 'id'))));
});
