import { httpHandler, json, principalOf, RequestMetrics } from '@pynomaly/core';
import { performanceMetrics } from '@pynomaly/platform';
import { DetectionRepository, DetectorRepository } from '@pynomaly/store';

const deps = {
  metrics: new RequestMetrics(),
  detections: new DetectionRepository(),
  detectors: new DetectorRepository(),
};

export const handler = httpHandler(async (event) =>
  json(200, await performanceMetrics(principalOf(event).tenantId, deps)),
);
