import {
  BlobStore,
  DetectionRepository,
  DetectorRepository,
  EnsembleRepository,
  ProductEventPublisher,
  SettingsRepository,
  StudyRepository,
  TabularDatasetRepository,
} from '@pynomaly/store';

/** The adapters the v1 dataset and detection routes share, built once per cold start. */
export const platformDeps = () => ({
  datasets: new TabularDatasetRepository(),
  detections: new DetectionRepository(),
  blobs: new BlobStore(),
});

/**
 * The product bus, for the routes that store detection results or train detectors (they
 * announce them); each such route `needs` `productEvents`.
 */
export const announcing = () => ({ events: new ProductEventPublisher() });

/** The adapters of the detector, model and ensemble routes. */
export const modelDeps = () => ({
  ...platformDeps(),
  detectors: new DetectorRepository(),
  ensembles: new EnsembleRepository(),
});

/** The adapters of experiments, AutoML and autonomous mode. */
export const studyDeps = () => ({
  ...modelDeps(),
  studies: new StudyRepository(),
  settings: new SettingsRepository(),
});
