import { objectCreatedEvent, receiveFormUpload } from '@pynomaly/analysis';
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

/** S3 "Object Created" under uploads/form/<tenant>/ → the workbook in the form, checked and dropped for analysis. */
// Form keys are `<prefix><tenant id>/<request id>`: no character S3 would escape.
export const handler = stepHandler(objectCreatedEvent, (event) =>
  receiveFormUpload(event.detail.object.key, deps),
);
