import { queuedIngest, runQueuedIngest } from '@pynomaly/platform';
import { PendingUploads, SettingsRepository } from '@pynomaly/store';
import { announcing, platformDeps } from '../http/v1/deps';
import { stepHandler } from '../task-handler';

const deps = {
  ...platformDeps(),
  ...announcing(),
  settings: new SettingsRepository(),
  uploads: new PendingUploads(),
};

export const handler = stepHandler(queuedIngest, (input) => runQueuedIngest(input, deps));
