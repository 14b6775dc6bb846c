/** The tabular datasets of `/api/v1/datasets`. */
import { z } from 'zod';
import { row } from './common';

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
