import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { runOrQueueStudy, studyDocument } from '@pynomaly/platform';
import type { StudyRecord } from '@pynomaly/store';
import { runStudyBody } from '../schemas/studies';
import { announcing, studyDeps } from './deps';

/**
 * 200 with the finished study, or 202 and the running record to poll: with `async: true`, or
 * when the study is too much work to wait for.
 */
export function studyRunHandler(kind: StudyRecord['kind']) {
  const deps = { ...studyDeps(), ...announcing() };
  return httpHandler(async (event) => {
    const options = parseJsonBody(event, runStudyBody);
    const { queued, study } = await runOrQueueStudy(
      principalOf(event),
      pathParam(event, 'id'),
      kind,
      options,
      deps,
    );
    return json(queued ? 202 : 200, studyDocument(study));
  });
}
