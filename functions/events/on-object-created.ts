import { objectCreatedEvent, startAnalysis } from '@pynomaly/analysis';
import { UploadQuota } from '@pynomaly/core';
import { BlobStore, DatasetRepository, ProductEventPublisher } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = {
  datasets: new DatasetRepository(),
  blobs: new BlobStore(),
  quota: new UploadQuota(),
  // A dataset refused on arrival is announced (dataset.failed).
  events: new ProductEventPublisher(),
};

/** S3 "Object Created" under incoming/<tenant>/ → one analysis per object, within the tenant's upload quota. */
export const handler = stepHandler(objectCreatedEvent, (event) => startAnalysis(event.detail, deps));
