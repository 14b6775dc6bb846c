import { objectCreatedEvent, startAnalysis } from '@pynomaly/analysis';
import { BlobStore, DatasetRepository } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = { datasets: new DatasetRepository(), blobs: new BlobStore() };

/** S3 "Object Created" under incoming/<tenant>/ → one analysis per object. */
export const handler = stepHandler(objectCreatedEvent, (event) => startAnalysis(event.detail, deps));
