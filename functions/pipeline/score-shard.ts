import { scoreShard, shardTask } from '@pynomaly/platform';
import { BlobStore, DetectionRepository } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = { detections: new DetectionRepository(), blobs: new BlobStore() };

export const handler = stepHandler(shardTask, (input) => scoreShard(input, deps));
