import { acceptUpload, datasetDocument } from '@pynomaly/analysis';
import {
  env,
  httpHandler,
  json,
  multipartFile,
  principalOf,
  RateLimiter,
  UPLOADS_PER_HOUR,
} from '@pynomaly/core';
import { BlobStore, DatasetRepository } from '@pynomaly/store';

const datasets = new DatasetRepository();
const blobs = new BlobStore();
const limiter = new RateLimiter();

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  await limiter.consume(`upload:${principal.userId}`, UPLOADS_PER_HOUR, 3600);
  const file = await multipartFile(event, 'file', env().MAX_UPLOAD_BYTES);
  const dataset = await acceptUpload(principal, file, { datasets, blobs });
  return json(201, datasetDocument(dataset));
});
