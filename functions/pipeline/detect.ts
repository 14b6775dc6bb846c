import { type AnalysisInput, detectStep } from '@pynomaly/analysis';
import { AnomalyRepository, BlobStore, DatasetRepository, SessionRepository } from '@pynomaly/store';
import { stepHandler } from './step-handler';

const deps = {
  datasets: new DatasetRepository(),
  sessions: new SessionRepository(),
  blobs: new BlobStore(),
  anomalies: new AnomalyRepository(),
};

export const handler = stepHandler((input: AnalysisInput) => detectStep(input, deps));
