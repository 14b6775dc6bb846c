import { answer, httpHandler, principalOf } from '@pynomaly/core';
import { autonomousAnswer } from '../schemas/studies';
import { studyDeps } from './deps';

const deps = studyDeps();

/** One handler module per verb would only repeat this: enable, disable and status share it. */
const setTo = (enabled: boolean | null) =>
  httpHandler(async (event) => {
    const { tenantId, userId } = principalOf(event);
    const settings =
      enabled === null
        ? await deps.settings.autonomous(tenantId)
        : await deps.settings.setAutonomous(tenantId, enabled, userId);
    return answer(200, autonomousAnswer, { autonomous: settings.enabled, ...settings });
  });

export const enable = setTo(true);
export const disable = setTo(false);
export const status = setTo(null);
