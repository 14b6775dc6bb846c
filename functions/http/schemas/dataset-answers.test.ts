import { listAlgorithms } from '@pynomaly/detection';
import {
  columnKinds,
  datasetDocument,
  datasetSummary,
  detectionDocument,
  uploadDocument,
} from '@pynomaly/platform';
import type { DetectionRecord, PendingUpload, TabularDatasetRecord } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import * as datasets from './datasets';
import * as detection from './detection';

const at = '2026-11-30T09:00:00.000Z';

const record: TabularDatasetRecord = {
  id: 'd1',
  tenant_id: 't1',
  user_id: 'u1',
  name: 'readings',
  description: null,
  feature_names: ['temperature', 'state'],
  size: 3,
  metadata: { original_filename: 'readings.csv', formula_columns: ['state'] },
  statistics: { mean: [20.5, null], std: [1.2, null] },
  s3_key: 'tabular/t1/d1.ndjson',
  source: 'upload',
  created_at: at,
  updated_at: at,
};

const upload: PendingUpload = {
  upload_id: 'up1',
  user_id: 'u1',
  key: 'uploads/t1/up1',
  filename: 'readings.parquet',
  content_type: 'application/octet-stream',
  size: 20_000_000,
  name: 'readings',
  description: null,
  separator: null,
  has_header: true,
  status: 'processing',
  dataset_id: 'd2',
  error_message: null,
  created_at: at,
  updated_at: at,
};

const run: DetectionRecord = {
  id: 'det_1',
  tenant_id: 't1',
  user_id: 'u1',
  dataset_id: null,
  algorithm: 'isolation_forest',
  parameters: { contamination: 0.1 },
  status: 'completed',
  error_message: null,
  n_samples: 3,
  anomaly_count: 1,
  anomaly_rate: 0.3333,
  threshold: 0.5,
  expected_false_positives: 0.1,
  processing_time: 0.01,
  results_key: 'results/t1/det_1.json',
  batch_id: null,
  created_at: at,
  completed_at: at,
};

/** Parses like `answer()` does, and checks nothing the handler sent was dropped. */
function keepsEverything(schema: ZodType, body: unknown) {
  const sent = JSON.parse(JSON.stringify(body)) as unknown;
  expect(JSON.parse(JSON.stringify(schema.parse(body)))).toEqual(sent);
}

describe('dataset and detection answers', () => {
  it.each(
    Object.entries({
      datasetAnswer: datasets.datasetAnswer,
      largeUploadAnswer: datasets.largeUploadAnswer,
      detectionAnswer: detection.detectionAnswer,
    }),
  )('%s: its example fits it whole', (_, schema) => {
    const examples = (schema.meta()?.examples ?? []) as unknown[];
    expect(examples).toHaveLength(1);
    for (const example of examples) expect(schema.parse(example)).toEqual(example);
  });

  it('keep every field of a dataset, its listing and what creating or loading one answers', () => {
    keepsEverything(datasets.datasetAnswer, datasetDocument(record));
    keepsEverything(datasets.datasetListAnswer, {
      datasets: [datasetSummary(record)],
      pagination: { page: 1, limit: 20, total: 1, pages: 1 },
    });
    const autonomous = {
      detection_id: 'det_2',
      algorithm: 'ecod',
      status: 'completed' as const,
      anomaly_count: 0,
    };
    keepsEverything(datasets.newDatasetFromFileAnswer, {
      autonomous_detection: autonomous,
      id: record.id,
      dataset_id: record.id,
      name: record.name,
      description: record.description,
      file_path: record.s3_key,
      ...columnKinds(record),
      created_at: record.created_at,
    });
    keepsEverything(datasets.datasetUploadAnswer, {
      autonomous_detection: null,
      dataset_id: record.id,
      rows_processed: 3,
      features_detected: 2,
      feature_names: record.feature_names,
      preview: [
        [20.5, 'on'],
        [null, true],
      ],
    });
    keepsEverything(datasets.largeUploadDatasetAnswer, {
      id: record.id,
      dataset_id: record.id,
      name: record.name,
      ...columnKinds(record),
      statistics: record.statistics,
      autonomous_detection: autonomous,
      created_at: record.created_at,
    });
  });

  it('keep every field of a large upload, waiting, queued or done', () => {
    keepsEverything(datasets.largeUploadAnswer, uploadDocument(upload));
    keepsEverything(datasets.largeUploadQueuedAnswer, {
      ...uploadDocument(upload),
      status_url: '/api/v1/datasets/uploads/up1',
    });
    keepsEverything(
      datasets.largeUploadAnswer,
      uploadDocument({ ...upload, status: 'completed', completed_at: at, autonomous_detection: null }),
    );
    // Uploads recorded before these fields existed.
    const { user_id: _, ...older } = upload;
    keepsEverything(datasets.largeUploadAnswer, uploadDocument({ ...older, status: 'waiting' }));
    keepsEverything(datasets.largeUploadStartAnswer, {
      upload_id: 'up1',
      method: 'PUT',
      url: 'https://bucket.s3.amazonaws.com/uploads/t1/up1?X-Amz-Signature=abc',
      headers: { 'Content-Type': 'text/csv', 'Content-Length': '20000000' },
      expires_in: 900,
      status_url: '/api/v1/datasets/uploads/up1',
    });
  });

  it('keep every field of a detection run, done, queued, failed or listed', () => {
    const anomalies = [{ id: 'a_0', score: 0.8, index: 2, features: { temperature: 48.1, state: 'on' } }];
    keepsEverything(detection.detectionAnswer, detectionDocument(run, anomalies));
    const { anomalies: _, ...summary } = detectionDocument(
      { ...run, status: 'failed', error_message: 'The dataset is gone' },
      [],
    );
    keepsEverything(detection.detectionQueuedAnswer, {
      ...summary,
      result_url: '/api/v1/detection/results/det_1',
    });
    keepsEverything(detection.detectionResultsAnswer, { results: [summary] });
    keepsEverything(detection.detectBatchAnswer, {
      batch_id: 'batch_1',
      results: [
        {
          index: 0,
          name: 'a',
          dataset_id: null,
          detection_id: 'det_1',
          status: 'completed',
          algorithm: 'isolation_forest',
          anomaly_count: 1,
          anomaly_rate: 0.3333,
        },
        { index: 1, name: null, dataset_id: 'missing', status: 'failed', error: 'Dataset not found' },
      ],
    });
  });

  it('keep every field of the algorithms', () => {
    keepsEverything(detection.algorithmsAnswer, {
      algorithms: listAlgorithms().map((a) => ({
        ...a,
        parameters: a.parameters.map(({ values, ...p }) => ({
          ...p,
          ...(values ? { values: [...values] } : {}),
        })),
      })),
    });
  });
});
