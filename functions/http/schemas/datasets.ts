/** The tabular datasets of `/api/v1/datasets`. */
import { z } from 'zod';
import { cell, row } from './common';

/** `POST /api/v1/datasets`: a dataset from inline rows. */
export const newDatasetBody = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    data: z.array(row).min(1),
    features: z.array(z.string().min(1).max(200)).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** `PUT /api/v1/datasets/{id}`. */
export const datasetChangesBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** `GET /api/v1/datasets`. */
export const datasetsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  search: z.string().max(200).optional(),
  sort: z.enum(['name', 'created_at', 'size']).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

/** `GET /api/v1/datasets/{id}/preview`. */
export const previewQuery = z.object({ rows: z.coerce.number().int().min(1).max(1000).default(10) });

const file = z.file().describe('The table: CSV, JSON, XLSX or Parquet, up to the upload limit');
const separator = z.string().describe('CSV field separator; detected when absent');
const hasHeader = z
  .string()
  .describe("Whether the first CSV row names the columns: anything but 'false' is yes");

/**
 * `POST /api/v1/datasets/{id}/upload` (multipart/form-data). For the document only: the
 * handler's multipart parser takes the one `file` field, enforces the size limit and passes
 * the text fields on as they came.
 */
export const datasetUploadForm = z.object({
  file,
  separator: separator.optional(),
  has_header: hasHeader.optional(),
});

/** `POST /api/v1/datasets/upload` (multipart/form-data): a new dataset from a file; see {@link datasetUploadForm}. */
export const newDatasetFromFileForm = datasetUploadForm.extend({
  name: z.string().describe('Dataset name; the file name when absent').optional(),
  description: z.string().optional(),
});

/** A large upload: what the file is; the answer is a URL to PUT exactly `size` bytes to. */
export const largeUploadBody = z
  .object({
    filename: z.string().min(1).max(255).describe('Ends in .csv, .tsv, .json, .xlsx or .parquet'),
    size: z.number().int().min(1).describe('Exact size in bytes; the signed URL accepts no other'),
    content_type: z.string().min(1).max(200).optional(),
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    separator: z.string().min(1).max(4).optional(),
    has_header: z.boolean().optional(),
  })
  .strict();

const timestamp = z.string().describe('ISO 8601');
const count = z.number().int().min(0);

// What a caller attached to the dataset (and notes the service adds, like `formula_columns`): open by nature.
const metadata = z.record(z.string(), z.unknown()).describe('Free-form: what the caller attached');

/** A dataset as `GET /api/v1/datasets` lists it (seed 002). */
export const datasetSummaryAnswer = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  size: count.describe('Rows'),
  features: count.describe('Columns'),
  created_at: timestamp,
  updated_at: timestamp,
  metadata,
});

/** One dataset: the summary with its columns, where its rows came from and per-column statistics. */
export const datasetAnswer = datasetSummaryAnswer
  .extend({
    feature_names: z.array(z.string()),
    source: z.enum(['inline', 'upload']),
    statistics: z
      .object({
        mean: z.array(z.number().nullable()),
        std: z.array(z.number().nullable()),
      })
      .describe('Per column, in `feature_names` order; null for a column that is not numeric'),
  })
  .meta({
    examples: [
      {
        id: '01JDQ7M2K4P6R8T0V2X4Z6B8D0',
        name: 'sensor readings',
        description: 'Line 3, November',
        size: 1000,
        features: 3,
        created_at: '2026-11-30T09:00:00.000Z',
        updated_at: '2026-11-30T09:00:00.000Z',
        metadata: { site: 'plant-a' },
        feature_names: ['temperature', 'pressure', 'state'],
        source: 'inline',
        statistics: { mean: [21.4, 101.2, null], std: [1.3, 0.8, null] },
      },
    ],
  });

export const datasetListAnswer = z.object({
  datasets: z.array(datasetSummaryAnswer),
  pagination: z.object({
    page: z.number().int().min(1),
    limit: z.number().int().min(1),
    total: count,
    pages: z.number().int().min(1),
  }),
});

/** Autonomous mode's detection on a dataset that just arrived; null when the mode is off. */
const autonomousDetection = z
  .object({
    detection_id: z.string(),
    algorithm: z.string(),
    status: z
      .enum(['running', 'completed', 'failed'])
      .describe(
        '`running` for a dataset detected in shards (poll `GET /api/v1/detection/results/{detection_id}`)',
      ),
    anomaly_count: count.describe('0 while running'),
  })
  .nullable()
  .describe("Autonomous mode's detection on the new rows; null when the mode is off");

/** Column counts by kind, as seed 001's upload answer shows them. */
const columnKinds = {
  rows: count,
  columns: count,
  numeric_columns: count,
  categorical_columns: count,
};

/** `POST /api/v1/datasets`. */
export const newDatasetAnswer = z.object({
  dataset_id: z.string(),
  id: z.string().describe('The same id'),
  name: z.string(),
  size: count.describe('Rows'),
  features: count.describe('Columns'),
  created_at: timestamp,
});

/** `POST /api/v1/datasets/upload`: the new dataset, as seed 001 shows it. */
export const newDatasetFromFileAnswer = z.object({
  autonomous_detection: autonomousDetection,
  id: z.string(),
  dataset_id: z.string().describe('The same id'),
  name: z.string(),
  description: z.string().nullable(),
  file_path: z.string().describe('Where the rows are stored'),
  ...columnKinds,
  created_at: timestamp,
});

/** `POST /api/v1/datasets/{id}/upload`: the dataset's new rows. */
export const datasetUploadAnswer = z.object({
  autonomous_detection: autonomousDetection,
  dataset_id: z.string(),
  rows_processed: count,
  features_detected: count,
  feature_names: z.array(z.string()),
  preview: z.array(z.array(cell)).describe('The first 5 rows'),
});

/** `GET /api/v1/datasets/{id}/preview`. */
export const datasetPreviewAnswer = z.object({
  dataset_id: z.string(),
  feature_names: z.array(z.string()),
  rows: z.array(z.array(cell)),
});

/** `DELETE /api/v1/datasets/{id}`. */
export const datasetDeletedAnswer = z.object({ message: z.string() });

/** `POST /api/v1/datasets/uploads`: where to PUT the file, and how. */
export const largeUploadStartAnswer = z.object({
  upload_id: z.string(),
  method: z.literal('PUT'),
  url: z.string().describe('The signed URL: PUT the file there, with exactly `headers`'),
  headers: z.object({ 'Content-Type': z.string(), 'Content-Length': z.string() }),
  expires_in: count.describe('Seconds the URL stays valid'),
  status_url: z.string().describe('Where to follow the upload'),
});

/** Where a large upload is (`GET /api/v1/datasets/uploads/{id}`). */
export const largeUploadAnswer = z
  .object({
    upload_id: z.string(),
    filename: z.string(),
    name: z.string().describe('The name the dataset gets'),
    size: count.describe('Bytes'),
    status: z
      .enum(['waiting', 'processing', 'completed', 'failed'])
      .describe(
        '`waiting` for its file (or the complete call), `processing` on the ingest state machine, `completed` as a dataset, `failed` for good',
      ),
    dataset_id: z.string().nullable().describe('The dataset, once completed'),
    error_message: z.string().nullable().describe('Why it failed, once failed'),
    autonomous_detection: autonomousDetection,
    created_at: timestamp.nullable(),
    updated_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
  })
  .meta({
    examples: [
      {
        upload_id: '01JDQ7Q9W1Y3A5C7E9G1J3L5N7',
        filename: 'readings.parquet',
        name: 'readings',
        size: 73400320,
        status: 'completed',
        dataset_id: '01JDQ7R2T4V6X8Z0B2D4F6H8K0',
        error_message: null,
        autonomous_detection: null,
        created_at: '2026-11-30T09:00:00.000Z',
        updated_at: '2026-11-30T09:01:10.000Z',
        completed_at: '2026-11-30T09:01:10.000Z',
      },
    ],
  });

/** `POST /api/v1/datasets/uploads/{id}/complete`, 202: the upload converting, with where to poll it. */
export const largeUploadQueuedAnswer = largeUploadAnswer.extend({
  status_url: z.string().describe('Poll it until `completed` or `failed`'),
});

/** `POST /api/v1/datasets/uploads/{id}/complete`, 201: the dataset the file became. */
export const largeUploadDatasetAnswer = z.object({
  id: z.string(),
  dataset_id: z.string().describe('The same id'),
  name: z.string(),
  ...columnKinds,
  statistics: datasetAnswer.shape.statistics,
  autonomous_detection: autonomousDetection,
  created_at: timestamp,
});
