import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { SettingsRepository } from '@pynomaly/store';
import { alertSettingsBody } from '../schemas/studies';

const settings = new SettingsRepository();

/** One handler module per verb would only repeat this: reading and setting share it. */
export const get = httpHandler(async (event) =>
  json(200, await settings.alerts(principalOf(event).tenantId)),
);

export const put = httpHandler(async (event) => {
  const { tenantId, userId } = principalOf(event);
  const { min_severity: minSeverity } = parseJsonBody(event, alertSettingsBody);
  return json(200, await settings.setAlerts(tenantId, minSeverity, userId));
});
