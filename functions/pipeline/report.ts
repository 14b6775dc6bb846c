import { type DetectOutput, reportStep } from '@pynomaly/analysis';
import { DatasetRepository, SessionRepository } from '@pynomaly/store';
import { stepHandler } from './step-handler';

const deps = { datasets: new DatasetRepository(), sessions: new SessionRepository() };

export const handler = stepHandler((input: DetectOutput) => reportStep(input, deps));
