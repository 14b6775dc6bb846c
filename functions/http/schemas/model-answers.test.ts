import { detectorDocument, ensembleDocument } from '@pynomaly/platform';
import type { DetectorRecord, EnsembleRecord, StudyRecord } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { experimentDocument, pipelineDocument } from '../v1/study-documents';
import { detectionPredictAnswer } from './detection';
import * as detectors from './detectors';
import * as explain from './explain';
import * as studies from './studies';

const withExamples: Record<string, ZodType> = {
  detectorAnswer: detectors.detectorAnswer,
  modelPredictionAnswer: detectors.modelPredictionAnswer,
  ensembleAnswer: detectors.ensembleAnswer,
  ensemblePredictionAnswer: detectors.ensemblePredictionAnswer,
  detectionPredictAnswer,
  experimentAnswer: studies.experimentAnswer,
  pipelineAnswer: studies.pipelineAnswer,
  autonomousAnswer: studies.autonomousAnswer,
  alertSettingsAnswer: studies.alertSettingsAnswer,
  shapAnswer: explain.shapAnswer,
  limeAnswer: explain.limeAnswer,
  featureImportanceAnswer: explain.featureImportanceAnswer,
};

describe('detector, model, study and explanation answers', () => {
  it.each(Object.entries(withExamples))('%s: its example fits it whole', (_, schema) => {
    const examples = (schema.meta()?.examples ?? []) as unknown[];
    expect(examples).toHaveLength(1);
    for (const example of examples) expect(schema.parse(example)).toEqual(example);
  });

  const detector: DetectorRecord = {
    id: 'd1',
    tenant_id: 't1',
    user_id: 'u1',
    name: 'n',
    description: null,
    algorithm: 'ecod',
    parameters: { k: 3 },
    status: 'trained',
    feature_names: ['a'],
    dataset_id: 'ds1',
    label_column: null,
    training_time: 0.1,
    metrics: { n_train: 8, n_validation: 2, anomaly_rate: 0.5 },
    threshold: 0.6,
    model_key: 'models/t1/d1.json',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    trained_at: '2026-01-01T00:00:00.000Z',
  };

  it('keep every field a detector document sends, never its tenant or model key', () => {
    const document = detectorDocument(detector);
    expect(detectors.detectorAnswer.parse(document)).toEqual(document);
    expect(document).not.toHaveProperty('model_key');
    expect(document).not.toHaveProperty('tenant_id');
  });

  it('keep every field an ensemble document sends', () => {
    const ensemble: EnsembleRecord = {
      id: 'e1',
      tenant_id: 't1',
      user_id: 'u1',
      name: 'n',
      description: null,
      detector_ids: ['d1', 'd2'],
      combination: 'median',
      created_at: '2026-01-01T00:00:00.000Z',
    };
    const document = ensembleDocument(ensemble);
    expect(detectors.ensembleAnswer.parse(document)).toEqual(document);
  });

  it('answer an experiment with its experiment_id and a pipeline with its pipeline_id', () => {
    const study: StudyRecord = {
      id: 's1',
      tenant_id: 't1',
      user_id: 'u1',
      kind: 'experiment',
      name: 'n',
      dataset_id: 'ds1',
      candidates: [{ algorithm: 'ecod', parameters: {} }],
      label_column: null,
      validation_split: 0.3,
      criterion: null,
      status: 'created',
      results: [],
      best: null,
      best_detector_id: null,
      error_message: null,
      created_at: '2026-01-01T00:00:00.000Z',
      started_at: null,
      completed_at: null,
    };
    const { tenant_id: _, ...sent } = study;
    expect(studies.experimentAnswer.parse(experimentDocument(study))).toEqual({
      ...sent,
      experiment_id: 's1',
    });
    const pipeline = { ...study, kind: 'automl' as const };
    expect(studies.pipelineAnswer.parse(pipelineDocument(pipeline))).toEqual({
      ...sent,
      kind: 'automl',
      pipeline_id: 's1',
    });
    expect(studies.experimentAnswer.safeParse(pipelineDocument(pipeline)).success).toBe(false);
  });
});
