import { type AnalysisInput, parseStep } from '@pynomaly/analysis';
import { BlobStore, DatasetRepository, SessionRepository } from '@pynomaly/store';
import { stepHandler } from './step-handler';

const deps = { datasets: new DatasetRepository(), sessions: new SessionRepository(), blobs: new BlobStore() };

export const handler = stepHandler((input: AnalysisInput) => parseStep(input, deps));
