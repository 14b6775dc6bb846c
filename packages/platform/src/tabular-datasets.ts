import { createInterface } from 'node:readline';
import { newId, type Principal, type UploadedFile, type UploadQuota, ValidationError } from '@pynomaly/core';
import { assertRectangular, type Cell, readTable, type Table, tableFormatOf } from '@pynomaly/ingest';
import {
  type BlobStore,
  blobKeys,
  type TabularDatasetRecord,
  type TabularDatasetRepository,
} from '@pynomaly/store';
import { featureStatistics } from './statistics';

export interface TabularDeps {
  datasets: TabularDatasetRepository;
  blobs: BlobStore;
}

/** The list view of seed 002: `features` is the column count. */
export function datasetSummary(d: TabularDatasetRecord) {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    size: d.size,
    features: d.feature_names.length,
    created_at: d.created_at,
    updated_at: d.updated_at,
    metadata: d.metadata,
  };
}

export function datasetDocument(d: TabularDatasetRecord) {
  return { ...datasetSummary(d), feature_names: d.feature_names, source: d.source, statistics: d.statistics };
}

/** `data` as the API takes it: rows, or a 1-D array of values (one feature, `value`). */
export function tableFromData(data: unknown[], features?: string[]): Table {
  const oneDimensional = data.every((v) => !Array.isArray(v));
  const rows = (oneDimensional ? data.map((v) => [v]) : (data as unknown[][])).map((row) =>
    row.map(
      (v) =>
        (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'
          ? v
          : JSON.stringify(v)) as Cell,
    ),
  );
  const width = rows[0]?.length ?? 0;
  const names =
    features ?? (oneDimensional ? ['value'] : Array.from({ length: width }, (_, i) => `feature_${i}`));
  const table = { features: names, rows };
  assertRectangular(table);
  if (new Set(names).size !== names.length)
    throw new ValidationError('Feature names must be unique', [
      { field: 'features', message: 'duplicate name' },
    ]);
  return table;
}

async function storeRows(record: TabularDatasetRecord, table: Table, blobs: BlobStore): Promise<void> {
  await blobs.put(record.s3_key, table.rows.map((r) => JSON.stringify(r)).join('\n'), {
    contentType: 'application/x-ndjson',
  });
}

/** Stores a new dataset: its rows in the bucket, its record (with statistics) in the table. */
async function storeNew(
  principal: Principal,
  table: Table,
  described: {
    name: string;
    description?: string;
    metadata: Record<string, unknown>;
    source: TabularDatasetRecord['source'];
  },
  deps: TabularDeps,
): Promise<TabularDatasetRecord> {
  const id = newId();
  const now = new Date().toISOString();
  const record: TabularDatasetRecord = {
    id,
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    name: described.name,
    description: described.description ?? null,
    feature_names: table.features,
    size: table.rows.length,
    metadata: described.metadata,
    statistics: featureStatistics(table.rows, table.features.length),
    s3_key: blobKeys.tabularRows(principal.tenantId, id),
    source: described.source,
    created_at: now,
    updated_at: now,
  };
  await storeRows(record, table, deps.blobs);
  await deps.datasets.put(record);
  return record;
}

/** Creates a dataset from inline rows. */
export async function createTabularDataset(
  principal: Principal,
  request: {
    name: string;
    description?: string;
    data: unknown[];
    features?: string[];
    metadata?: Record<string, unknown>;
  },
  deps: TabularDeps,
): Promise<TabularDatasetRecord> {
  const table = tableFromData(request.data, request.features);
  return storeNew(principal, table, { ...request, metadata: request.metadata ?? {}, source: 'inline' }, deps);
}

/** Column counts by kind, as seed 001's upload answer shows them. */
export function columnKinds(record: TabularDatasetRecord) {
  const numeric = record.statistics.mean.filter((m) => m !== null).length;
  return {
    rows: record.size,
    columns: record.feature_names.length,
    numeric_columns: numeric,
    categorical_columns: record.feature_names.length - numeric,
  };
}

/** Creates a dataset from an uploaded CSV, JSON or XLSX file (seed 001's `POST /datasets/upload`). */
export async function createFromUpload(
  principal: Principal,
  file: UploadedFile,
  options: { name?: string; description?: string; separator?: string; hasHeader?: boolean },
  deps: TabularDeps & { quota: UploadQuota },
): Promise<TabularDatasetRecord> {
  const table = await readTable(file.body, {
    format: tableFormatOf(file.filename, file.contentType),
    separator: options.separator,
    hasHeader: options.hasHeader,
  });
  await deps.quota.charge(principal.tenantId, newId());
  return storeNew(
    principal,
    table,
    {
      name: options.name ?? file.filename.replace(/\.[^.]+$/, ''),
      description: options.description,
      metadata: { original_filename: file.filename, ...formulaNote(table.formulaColumns) },
      source: 'upload',
    },
    deps,
  );
}

/**
 * `formula_columns` for a file's metadata, when some of its cells are formula text (`=…`) for
 * want of a cached result, so a reader of the data knows those cells are not values.
 */
export function formulaNote(formulaColumns: string[] | undefined): { formula_columns?: string[] } {
  return formulaColumns?.length ? { formula_columns: formulaColumns } : {};
}

/** The CSV options of a multipart upload's text fields (`separator`, `has_header`). */
export function csvOptions(fields: Record<string, string>): { separator?: string; hasHeader?: boolean } {
  return {
    separator: fields.separator,
    hasHeader: fields.has_header === undefined ? undefined : fields.has_header !== 'false',
  };
}

/** Replaces a dataset's rows with those of an uploaded CSV, JSON or XLSX file. */
export async function uploadIntoDataset(
  principal: Principal,
  id: string,
  file: UploadedFile,
  options: { separator?: string; hasHeader?: boolean },
  deps: TabularDeps & { quota: UploadQuota },
): Promise<{ record: TabularDatasetRecord; preview: Cell[][] }> {
  const existing = await deps.datasets.get(principal.tenantId, id);
  const table = await readTable(file.body, {
    format: tableFormatOf(file.filename, file.contentType),
    ...options,
  });
  await deps.quota.charge(principal.tenantId, newId());
  const { formula_columns: _previousFile, ...metadata } = existing.metadata;
  const record: TabularDatasetRecord = {
    ...existing,
    feature_names: table.features,
    size: table.rows.length,
    metadata: { ...metadata, ...formulaNote(table.formulaColumns) },
    statistics: featureStatistics(table.rows, table.features.length),
    source: 'upload',
    updated_at: new Date().toISOString(),
  };
  await storeRows(record, table, deps.blobs);
  await deps.datasets.put(record);
  return { record, preview: table.rows.slice(0, 5) };
}

/** Hands the dataset's rows to `onRow` one at a time, read line by line from the bucket. */
export async function forEachRow(
  record: TabularDatasetRecord,
  blobs: BlobStore,
  onRow: (row: Cell[], index: number) => boolean | undefined,
): Promise<void> {
  const lines = createInterface({
    input: await blobs.getStream(record.s3_key),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let index = 0;
  for await (const line of lines) {
    if (!line) continue;
    if (onRow(JSON.parse(line) as Cell[], index++) === false) break;
  }
  lines.close();
}

/** The dataset's rows (up to `limit`), for the small reads that need them all at once. */
export async function loadRows(
  record: TabularDatasetRecord,
  blobs: BlobStore,
  limit = Number.POSITIVE_INFINITY,
): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  await forEachRow(record, blobs, (row) => {
    if (rows.length >= limit) return false;
    rows.push(row);
  });
  return rows;
}

export interface ListRequest {
  page: number;
  limit: number;
  search?: string;
  sort: 'name' | 'created_at' | 'size';
  order: 'asc' | 'desc';
}

/** One page of the tenant's datasets, searched by name or description and sorted. */
export async function listTabularDatasets(
  tenantId: string,
  request: ListRequest,
  deps: Pick<TabularDeps, 'datasets'>,
) {
  const needle = request.search?.toLowerCase();
  const all = (await deps.datasets.list(tenantId)).filter(
    (d) =>
      !needle ||
      d.name.toLowerCase().includes(needle) ||
      (d.description ?? '').toLowerCase().includes(needle),
  );
  const direction = request.order === 'asc' ? 1 : -1;
  all.sort((a, b) => {
    const left = a[request.sort];
    const right = b[request.sort];
    return (
      (typeof left === 'number' && typeof right === 'number'
        ? left - right
        : String(left).localeCompare(String(right))) * direction
    );
  });
  const start = (request.page - 1) * request.limit;
  return {
    datasets: all.slice(start, start + request.limit).map(datasetSummary),
    pagination: {
      page: request.page,
      limit: request.limit,
      total: all.length,
      pages: Math.max(1, Math.ceil(all.length / request.limit)),
    },
  };
}

export async function deleteTabularDataset(tenantId: string, id: string, deps: TabularDeps): Promise<void> {
  const record = await deps.datasets.get(tenantId, id);
  await deps.blobs.deleteKeys([record.s3_key]);
  await deps.datasets.remove(tenantId, id);
}
