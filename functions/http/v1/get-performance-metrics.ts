import { answer, httpHandler, principalOf, RequestMetrics } from '@pynomaly/core';
import { performanceMetrics } from '@pynomaly/platform';
import { DetectionRepository, DetectorRepository } from '@pynomaly/store';
import { performanceMetricsAnswer } from '../schemas/performance';

const deps = {
  metrics: new RequestMetrics(),
  detections: new DetectionRepository(),
  detectors: new DetectorRepository(),
};

export const handler = httpHandler(async (event) =>
  answer(200, performanceMetricsAnswer, await performanceMetrics(principalOf(event).tenantId, deps)),
);
