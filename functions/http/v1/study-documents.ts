import { studyDocument } from '@pynomaly/platform';
import type { StudyRecord } from '@pynomaly/store';

/**
 * A study as its kind's answer (experimentAnswer, pipelineAnswer): the repository reads a study
 * of the kind asked for only, so the kind is known here, not just a union.
 */
export const experimentDocument = (s: StudyRecord) => ({
  ...studyDocument(s),
  kind: 'experiment' as const,
  experiment_id: s.id,
});

export const pipelineDocument = (s: StudyRecord) => ({
  ...studyDocument(s),
  kind: 'automl' as const,
  pipeline_id: s.id,
});
