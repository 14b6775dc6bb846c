import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { columnKinds, completeLargeUpload, uploadDocument, uploadStatusUrl } from '@pynomaly/platform';
import { PendingUploads, SettingsRepository } from '@pynomaly/store';
import { largeUploadDatasetAnswer, largeUploadQueuedAnswer } from '../schemas/datasets';
import { announcing, platformDeps } from './deps';

const deps = {
  ...platformDeps(),
  ...announcing(),
  settings: new SettingsRepository(),
  uploads: new PendingUploads(),
};

/**
 * Step 2: the uploaded file becomes a dataset — 201 with it when it is small enough to convert
 * within the request, else 202 and the upload to poll at `status_url` while the ingest state
 * machine converts it.
 */
export const handler = httpHandler(async (event) => {
  const outcome = await completeLargeUpload(principalOf(event), pathParam(event, 'id'), deps);
  if (outcome.queued) {
    const { upload } = outcome;
    return answer(202, largeUploadQueuedAnswer, {
      ...uploadDocument(upload),
      status_url: uploadStatusUrl(upload.upload_id),
    });
  }
  const { record, autonomous } = outcome;
  return answer(201, largeUploadDatasetAnswer, {
    id: record.id,
    dataset_id: record.id,
    name: record.name,
    ...columnKinds(record),
    statistics: record.statistics,
    autonomous_detection: autonomous,
    created_at: record.created_at,
  });
});
