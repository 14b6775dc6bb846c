import { failStep, failureInput } from '@pynomaly/analysis';
import { DatasetRepository, ProductEventPublisher, SessionRepository } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = {
  datasets: new DatasetRepository(),
  sessions: new SessionRepository(),
  events: new ProductEventPublisher(),
};

export const handler = stepHandler(failureInput, (input) => failStep(input, deps));
