import { answer, httpHandler, parseJsonBody, principalOf, UploadQuota } from '@pynomaly/core';
import { startLargeUpload } from '@pynomaly/platform';
import { BlobStore, PendingUploads, TabularDatasetRepository } from '@pynomaly/store';
import { largeUploadBody, largeUploadStartAnswer } from '../schemas/datasets';

const deps = {
  uploads: new PendingUploads(),
  datasets: new TabularDatasetRepository(),
  blobs: new BlobStore(),
  quota: new UploadQuota(),
};

/** Step 1 of a large upload: a URL to PUT the file to, straight to S3. */
export const handler = httpHandler(async (event) => {
  const started = await startLargeUpload(principalOf(event), parseJsonBody(event, largeUploadBody), deps);
  // Always PUT (the answer schema checks it); startLargeUpload types it as a string.
  return answer(201, largeUploadStartAnswer, { ...started, method: started.method as 'PUT' });
});
