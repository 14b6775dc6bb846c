import { httpHandler, json, parseJsonBody, principalOf, UploadQuota } from '@pynomaly/core';
import { startLargeUpload } from '@pynomaly/platform';
import { BlobStore, PendingUploads, TabularDatasetRepository } from '@pynomaly/store';
import { largeUploadBody } from '../schemas/datasets';

const deps = {
  uploads: new PendingUploads(),
  datasets: new TabularDatasetRepository(),
  blobs: new BlobStore(),
  quota: new UploadQuota(),
};

/** Step 1 of a large upload: a URL to PUT the file to, straight to S3. */
export const handler = httpHandler(async (event) =>
  json(201, await startLargeUpload(principalOf(event), parseJsonBody(event, largeUploadBody), deps)),
);
