import { acceptUpload, datasetDocument } from '@pynomaly/analysis';
import { env, httpHandler, json, multipartFile, principalOf, UploadQuota } from '@pynomaly/core';
import { BlobStore, DatasetRepository } from '@pynomaly/store';

const deps = { datasets: new DatasetRepository(), blobs: new BlobStore(), quota: new UploadQuota() };

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const file = await multipartFile(event, 'file', env().MAX_UPLOAD_BYTES);
  const dataset = await acceptUpload(principal, file, deps);
  return json(201, datasetDocument(dataset));
});
