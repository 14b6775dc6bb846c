import { failQueuedDetection, queuedDetection } from '@pynomaly/platform';
import { DetectionRepository } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = { detections: new DetectionRepository() };

export const handler = stepHandler(queuedDetection, (input) => failQueuedDetection(input, deps));
