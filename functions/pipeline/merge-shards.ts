import { mergeShards, queuedDetection, shardPlan } from '@pynomaly/platform';
import { BlobStore, DetectionRepository, ProductEventPublisher } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = {
  detections: new DetectionRepository(),
  blobs: new BlobStore(),
  events: new ProductEventPublisher(),
};

export const handler = stepHandler(queuedDetection.extend({ shards: shardPlan }), (input) =>
  mergeShards(input, deps),
);
