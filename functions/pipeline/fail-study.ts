import { failQueuedStudy, queuedStudy } from '@pynomaly/platform';
import { StudyRepository } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = { studies: new StudyRepository() };

export const handler = stepHandler(queuedStudy, (input) => failQueuedStudy(input, deps));
