/**
 * The conversion at the heart of a large upload, whether the complete route runs it in the
 * request or the ingest state machine's task runs it: the uploaded file → a stored dataset.
 */
import { PassThrough } from 'node:stream';
import {
  PayloadTooLargeError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@pynomaly/core';
import { type Cell, streamTable, tableFormatOf } from '@pynomaly/ingest';
import {
  type BlobStore,
  blobKeys,
  type PendingUpload,
  type TabularDatasetRecord,
  type TabularDatasetRepository,
} from '@pynomaly/store';
import { FeatureStatistics } from './statistics';
import { formulaNote } from './tabular-datasets';

export interface ConversionDeps {
  datasets: TabularDatasetRepository;
  blobs: BlobStore;
}

/**
 * The errors that say what is wrong with the file itself (malformed, ragged, empty, too many
 * rows): an upload failing with one of them fails for good, and its message is shown verbatim.
 */
export const FILE_FAULTS = [
  ValidationError,
  UnprocessableError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
];

/** Whether `error` is one of {@link FILE_FAULTS}. */
export const isFileFault = (error: unknown): error is Error =>
  FILE_FAULTS.some((type) => error instanceof type);

/**
 * Turns an uploaded file into the dataset `datasetId`, streaming: rows go from the S3 object
 * through the parser into the dataset's NDJSON object and into running statistics, one at a
 * time, so no function ever holds the file or its rows whole (JSON, which has no row framing,
 * excepted). The dataset is stored; the uploaded file is left for the caller to delete once the
 * upload records its end. The same id written twice (a retried task) overwrites, never doubles.
 */
export async function convertUpload(
  owner: { tenantId: string; userId: string },
  upload: PendingUpload,
  datasetId: string,
  deps: ConversionDeps,
): Promise<TabularDatasetRecord> {
  const source = await deps.blobs.getStream(upload.key);
  const rowsKey = blobKeys.tabularRows(owner.tenantId, datasetId);
  const out = new PassThrough();
  const stored = deps.blobs.putStream(rowsKey, out, 'application/x-ndjson');
  let features: string[] = [];
  let stats = new FeatureStatistics(0);
  let size = 0;
  let formulaColumns: string[] | undefined;
  try {
    await streamTable(
      source,
      {
        format: tableFormatOf(upload.filename, upload.content_type),
        separator: upload.separator ?? undefined,
        hasHeader: upload.has_header,
      },
      {
        onColumns: (columns) => {
          features = columns;
          stats = new FeatureStatistics(columns.length);
        },
        onRow: async (row: Cell[]) => {
          if (row.length !== features.length) {
            throw new ValidationError(
              `Row ${size} has ${row.length} values where ${features.length} columns are named`,
              [{ field: `data[${size}]`, message: 'ragged row' }],
            );
          }
          stats.add(row);
          size++;
          if (!out.write(`${size > 1 ? '\n' : ''}${JSON.stringify(row)}`))
            await new Promise((r) => out.once('drain', r));
        },
        onFormulaColumns: (columns) => {
          formulaColumns = columns;
        },
      },
    );
  } catch (error) {
    // The parser stops at the fault; the rest of the object is never read, so its connection
    // is let go rather than held open for ever.
    source.destroy();
    out.end();
    await stored;
    await deps.blobs.deleteKeys([rowsKey]);
    throw error;
  }
  out.end();
  await stored;
  if (size === 0) {
    await deps.blobs.deleteKeys([rowsKey]);
    throw new ValidationError('The file has no rows', [{ field: 'file', message: 'empty' }]);
  }
  const now = new Date().toISOString();
  const record: TabularDatasetRecord = {
    id: datasetId,
    tenant_id: owner.tenantId,
    user_id: owner.userId,
    name: upload.name,
    description: upload.description,
    feature_names: features,
    size,
    metadata: {
      original_filename: upload.filename,
      upload_id: upload.upload_id,
      ...formulaNote(formulaColumns),
    },
    statistics: stats.result(),
    s3_key: rowsKey,
    source: 'upload',
    created_at: now,
    updated_at: now,
  };
  await deps.datasets.put(record);
  return record;
}

/** Takes back a dataset a conversion stored for an upload that has since ended otherwise. */
export async function discardConversion(record: TabularDatasetRecord, deps: ConversionDeps): Promise<void> {
  await deps.blobs.deleteKeys([record.s3_key]);
  await deps.datasets.remove(record.tenant_id, record.id);
}
