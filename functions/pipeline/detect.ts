import { analysisInput, detectStep } from '@pynomaly/analysis';
import {
  AnomalyRepository,
  BlobStore,
  DatasetRepository,
  FeedbackRepository,
  SessionRepository,
} from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = {
  datasets: new DatasetRepository(),
  sessions: new SessionRepository(),
  blobs: new BlobStore(),
  anomalies: new AnomalyRepository(),
  feedback: new FeedbackRepository(),
};

export const handler = stepHandler(analysisInput, (input) => detectStep(input, deps));
