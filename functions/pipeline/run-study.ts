import { queuedStudy, runQueuedStudy } from '@pynomaly/platform';
import { announcing, studyDeps } from '../http/v1/deps';
import { stepHandler } from '../task-handler';

const deps = { ...studyDeps(), ...announcing() };

export const handler = stepHandler(queuedStudy, (input) => runQueuedStudy(input, deps));
