import { analysisInput, parseStep } from '@pynomaly/analysis';
import { BlobStore, DatasetRepository, SessionRepository } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = { datasets: new DatasetRepository(), sessions: new SessionRepository(), blobs: new BlobStore() };

export const handler = stepHandler(analysisInput, (input) => parseStep(input, deps));
