import { failQueuedDetection, queuedDetection } from '@pynomaly/platform';
import { BlobStore, DetectionRepository } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = { detections: new DetectionRepository(), blobs: new BlobStore() };

export const handler = stepHandler(queuedDetection, (input) => failQueuedDetection(input, deps));
