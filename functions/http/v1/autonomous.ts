import { httpHandler, json, principalOf } from '@pynomaly/core';
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
    return json(200, { autonomous: settings.enabled, ...settings });
  });

export const enable = setTo(true);
export const disable = setTo(false);
export const status = setTo(null);
