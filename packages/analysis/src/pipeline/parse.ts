import { PassThrough } from 'node:stream';
import { readWorkbook } from '@pynomaly/ingest';
import { type BlobStore, blobKeys, type SheetSummary } from '@pynomaly/store';
import { advance, type PipelineStores, PROGRESS } from './progress';
import type { AnalysisInput } from './types';

const NDJSON = 'application/x-ndjson';

/** One open sheet being streamed to S3 as NDJSON (a JSON array of cells per line). */
interface SheetWriter {
  summary: SheetSummary;
  stream: PassThrough;
  upload: Promise<void>;
}

async function write(stream: PassThrough, line: string): Promise<void> {
  if (!stream.write(line)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

/**
 * Parse: streams the workbook row by row (bounded memory whatever its size) into one NDJSON
 * object per sheet, and records the workbook's shape on the dataset.
 */
export async function parseStep(
  input: AnalysisInput,
  deps: PipelineStores & { blobs: BlobStore },
): Promise<AnalysisInput> {
  const { tenant_id: tenantId, dataset_id: datasetId, session_id: sessionId } = input;
  await deps.datasets.update(tenantId, datasetId, { status: 'parsing', error_message: null });
  await advance(deps, tenantId, sessionId, {
    status: 'parsing',
    progress: PROGRESS.parsing,
    current_step: 'Parsing workbook...',
    error_message: null,
  });

  const writers = new Map<number, SheetWriter>();
  const source = await deps.blobs.getStream(input.key);
  const closeAll = async () => {
    for (const w of writers.values()) if (!w.stream.writableEnded) w.stream.end();
    await Promise.all([...writers.values()].map((w) => w.upload));
  };
  let meta: Awaited<ReturnType<typeof readWorkbook>>;
  try {
    meta = await readWorkbook(source, {
      onSheet: (sheet) => {
        const key = blobKeys.parsedSheet(tenantId, datasetId, sheet.index);
        const stream = new PassThrough();
        const upload = deps.blobs.putStream(key, stream, NDJSON);
        writers.set(sheet.index, {
          summary: {
            name: sheet.name,
            index: sheet.index,
            headers: sheet.headers,
            row_count: 0,
            s3_key: key,
          },
          stream,
          upload,
        });
      },
      onRow: async (sheetIndex, row) => {
        const writer = writers.get(sheetIndex);
        if (!writer) return;
        writer.summary.row_count++;
        await write(writer.stream, `${JSON.stringify(row)}\n`);
      },
      onSheetEnd: (sheetIndex, _rows, formulaColumns) => {
        const writer = writers.get(sheetIndex);
        if (!writer) return;
        if (formulaColumns.length > 0) writer.summary.formula_columns = formulaColumns;
        writer.stream.end();
      },
    });
  } finally {
    await closeAll();
  }

  const sheets = [...writers.values()].map((w) => w.summary).sort((a, b) => a.index - b.index);
  await deps.datasets.update(tenantId, datasetId, {
    status: 'parsed',
    workbook_meta: { sheetNames: meta.sheetNames, sheetCount: meta.sheetCount, totalRows: meta.totalRows },
    sheets,
    sheet_count: meta.sheetCount,
    total_rows: meta.totalRows,
    parsed_at: new Date().toISOString(),
  });
  await advance(deps, tenantId, sessionId, {
    progress: PROGRESS.parsed,
    current_step: `Parsed ${meta.totalRows} rows in ${meta.sheetCount} sheet(s)`,
    total_rows_analyzed: meta.totalRows,
  });
  return input;
}
