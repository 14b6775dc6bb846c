import { RequestMetrics } from '@pynomaly/core';
import { ConnectionRepository, StreamRepository } from '@pynomaly/live';
import {
  BlobStore,
  DetectionRepository,
  DetectorRepository,
  TabularDatasetRepository,
} from '@pynomaly/store';

/** What the streaming routes use, built once per cold start. */
export const streamingDeps = () => ({
  streams: new StreamRepository(),
  connections: new ConnectionRepository(),
});

/** What the routes that score or check detectors use besides (start and stream detection). */
export const scoringDeps = () => ({
  ...streamingDeps(),
  detectors: {
    detectors: new DetectorRepository(),
    datasets: new TabularDatasetRepository(),
    blobs: new BlobStore(),
  },
});

/** What the real-time monitor reads. */
export const monitorDeps = () => ({
  ...streamingDeps(),
  metrics: new RequestMetrics(),
  detections: new DetectionRepository(),
});
