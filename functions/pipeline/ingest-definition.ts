/**
 * The "ingest" state machine: one large upload converted into a dataset in a task function,
 * too long for the complete request, its upload marked failed (with the reason) if it cannot
 * be. CDK and the local stack run this same document, like the other machines.
 */
import { runOrMarkFailed } from './definition';

/** Each Lambda task: state name → handler module under `functions/`. */
export const ingestTasks = {
  IngestUpload: 'pipeline/ingest-upload',
  MarkIngestFailed: 'pipeline/fail-ingest',
} as const;

export const ingestDefinition = () =>
  runOrMarkFailed({
    comment: 'Pynomaly ingest: one large upload streamed into a dataset, too large to wait for',
    run: 'IngestUpload',
    markFailed: 'MarkIngestFailed',
    error: 'IngestFailed',
    cause: 'The upload failed; its status holds the reason.',
  });
