import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { queueStudy, runStudy, studyDocument } from '@pynomaly/platform';
import type { StudyRecord } from '@pynomaly/store';
import { runStudyBody } from '../schemas/studies';
import { studyDeps } from './deps';

/** 200 with the finished study, or with `async: true` 202 and the running record to poll. */
export function studyRunHandler(kind: StudyRecord['kind']) {
  const deps = studyDeps();
  return httpHandler(async (event) => {
    const principal = principalOf(event);
    const id = pathParam(event, 'id');
    if (parseJsonBody(event, runStudyBody).async)
      return json(202, studyDocument(await queueStudy(principal, id, kind, deps)));
    return json(200, studyDocument(await runStudy(principal, id, kind, deps)));
  });
}
