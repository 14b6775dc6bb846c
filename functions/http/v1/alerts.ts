import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { SettingsRepository } from '@pynomaly/store';
import { alertSettingsAnswer, alertSettingsBody } from '../schemas/studies';

const settings = new SettingsRepository();

/** One handler module per verb would only repeat this: reading and setting share it. */
export const get = httpHandler(async (event) =>
  answer(200, alertSettingsAnswer, await settings.alerts(principalOf(event).tenantId)),
);

export const put = httpHandler(async (event) => {
  const { tenantId, userId } = principalOf(event);
  const { min_severity: minSeverity } = parseJsonBody(event, alertSettingsBody);
  return answer(200, alertSettingsAnswer, await settings.setAlerts(tenantId, minSeverity, userId));
});
