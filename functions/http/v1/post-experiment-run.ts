import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { queueStudy, runStudy, studyDocument } from '@pynomaly/platform';
import { runStudyBody } from '../schemas/studies';
import { studyDeps } from './deps';

const deps = studyDeps();

/** 200 with the finished experiment, or with `async: true` 202 and the running record to poll. */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const id = pathParam(event, 'id');
  if (parseJsonBody(event, runStudyBody).async)
    return json(202, studyDocument(await queueStudy(principal, id, 'experiment', deps)));
  return json(200, studyDocument(await runStudy(principal, id, 'experiment', deps)));
});
