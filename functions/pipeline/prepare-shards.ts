import { prepareShards, queuedDetection } from '@pynomaly/platform';
import { BlobStore, DetectionRepository, TabularDatasetRepository } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = {
  detections: new DetectionRepository(),
  datasets: new TabularDatasetRepository(),
  blobs: new BlobStore(),
};

// The input goes on with the plan beside it, for the Map's children and the merge.
export const handler = stepHandler(queuedDetection, async (input) => ({
  ...input,
  shards: await prepareShards(input, deps),
}));
