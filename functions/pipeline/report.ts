import { detectOutput, reportStep } from '@pynomaly/analysis';
import { DatasetRepository, SessionRepository } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = { datasets: new DatasetRepository(), sessions: new SessionRepository() };

export const handler = stepHandler(detectOutput, (input) => reportStep(input, deps));
