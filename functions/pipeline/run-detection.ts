import { queuedDetection, runQueuedDetection } from '@pynomaly/platform';
import {
  BlobStore,
  DetectionRepository,
  ProductEventPublisher,
  TabularDatasetRepository,
} from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = {
  detections: new DetectionRepository(),
  datasets: new TabularDatasetRepository(),
  blobs: new BlobStore(),
  events: new ProductEventPublisher(),
};

export const handler = stepHandler(queuedDetection, (input) => runQueuedDetection(input, deps));
