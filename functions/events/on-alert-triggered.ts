import { liveConnectionsClient } from '@pynomaly/core';
import { alertTriggeredEvent, broadcastAlert, ConnectionPoster, ConnectionRepository } from '@pynomaly/live';
import { stepHandler } from '../task-handler';

const deps = {
  connections: new ConnectionRepository(),
  poster: new ConnectionPoster(liveConnectionsClient()),
};

/** `alert.triggered` → an `alert` message on each open live connection of the event's tenant. */
export const handler = stepHandler(alertTriggeredEvent, (event) => broadcastAlert(event.detail, deps));
