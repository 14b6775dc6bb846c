import { httpHandler, json, principalOf } from '@pynomaly/core';
import { monitorSnapshot } from '@pynomaly/live';
import { monitorDeps } from './streaming-deps';

const deps = monitorDeps();

/** Seed 001's real-time monitoring: the last minutes of the tenant's traffic, streams and connections. */
export const handler = httpHandler(async (event) =>
  json(200, await monitorSnapshot(principalOf(event).tenantId, deps)),
);
