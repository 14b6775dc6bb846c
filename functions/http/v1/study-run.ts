import { answer, httpHandler, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { runOrQueueStudy } from '@pynomaly/platform';
import type { StudyRecord } from '@pynomaly/store';
import { experimentAnswer, pipelineAnswer, runStudyBody } from '../schemas/studies';
import { announcing, studyDeps } from './deps';
import { experimentDocument, pipelineDocument } from './study-documents';

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
    const status = queued ? 202 : 200;
    return kind === 'experiment'
      ? answer(status, experimentAnswer, experimentDocument(study))
      : answer(status, pipelineAnswer, pipelineDocument(study));
  });
}
