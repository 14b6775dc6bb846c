import { queuedStudy, runQueuedStudy } from '@pynomaly/platform';
import { studyDeps } from '../http/v1/deps';
import { stepHandler } from '../task-handler';

const deps = studyDeps();

export const handler = stepHandler(queuedStudy, (input) => runQueuedStudy(input, deps));
