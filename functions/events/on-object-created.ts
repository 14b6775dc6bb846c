import { type ObjectCreatedDetail, startAnalysis } from '@pynomaly/analysis';
import { BlobStore, DatasetRepository } from '@pynomaly/store';
import type { EventBridgeEvent } from 'aws-lambda';
import { stepHandler } from '../pipeline/step-handler';

const deps = { datasets: new DatasetRepository(), blobs: new BlobStore() };

/** S3 "Object Created" under incoming/<tenant>/ → one analysis per object. */
export const handler = stepHandler((event: EventBridgeEvent<'Object Created', ObjectCreatedDetail>) =>
  startAnalysis(event.detail, deps),
);
