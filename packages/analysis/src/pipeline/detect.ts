import { createInterface } from 'node:readline';
import { deterministicId, env, sha256 } from '@pynomaly/core';
import { analyzeTable } from '@pynomaly/detection';
import type { AnomalyRecord, AnomalyRepository, BlobStore, CellValue, SheetSummary } from '@pynomaly/store';
import { advance, type PipelineStores, PROGRESS } from './progress';
import type { AnalysisInput, DetectOutput } from './types';

/** Fewer rows than this say too little about what is normal to call any of them unusual. */
export const MIN_ROWS_TO_ANALYSE = 10;

async function readSheet(blobs: BlobStore, sheet: SheetSummary): Promise<CellValue[][]> {
  const rows: CellValue[][] = [];
  const lines = createInterface({
    input: await blobs.getStream(sheet.s3_key),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line) rows.push(JSON.parse(line) as CellValue[]);
  return rows;
}

/** The same dataset always gets the same forest, so a retried step finds the same anomalies. */
const seedOf = (datasetId: string) => Number.parseInt(sha256(datasetId).slice(0, 8), 16);

/**
 * Detect: one isolation forest per sheet over its numeric and engineered features; the
 * rows it flags become anomalies (ids derived from dataset, sheet and row, so a retry
 * rewrites the same items), most anomalous first, capped per dataset.
 */
export async function detectStep(
  input: AnalysisInput,
  deps: PipelineStores & { blobs: BlobStore; anomalies: AnomalyRepository },
): Promise<DetectOutput> {
  const { tenant_id: tenantId, dataset_id: datasetId, session_id: sessionId } = input;
  const dataset = await deps.datasets.get(tenantId, datasetId);
  await deps.datasets.update(tenantId, datasetId, { status: 'analyzing' });
  await advance(deps, tenantId, sessionId, {
    status: 'detecting',
    progress: PROGRESS.detecting,
    current_step: 'Detecting anomalies...',
  });

  const detectedAt = new Date().toISOString();
  const found: AnomalyRecord[] = [];
  for (const sheet of dataset.sheets) {
    if (sheet.row_count < MIN_ROWS_TO_ANALYSE) continue;
    await advance(deps, tenantId, sessionId, {
      current_step: `Detecting anomalies in sheet ${sheet.index + 1}/${dataset.sheets.length}: ${sheet.name}...`,
    });
    const rows = await readSheet(deps.blobs, sheet);
    const analysis = analyzeTable({ headers: sheet.headers, rows }, { seed: seedOf(datasetId) });
    for (const flagged of analysis.flagged) {
      const row = rows[flagged.rowIndex] ?? [];
      found.push({
        id: deterministicId('anomaly', datasetId, sheet.index, flagged.rowIndex),
        tenant_id: tenantId,
        dataset_id: datasetId,
        user_id: dataset.user_id,
        anomaly_score: Math.round(flagged.score * 10_000) / 10_000,
        // Row numbers as a person sees them in Excel: the header is row 1.
        row_index: flagged.rowIndex + 2,
        sheet_name: sheet.name,
        raw_data: Object.fromEntries(sheet.headers.map((h, i) => [h, row[i] ?? null])),
        anomalous_features: flagged.features,
        status: 'detected',
        detected_at: detectedAt,
        triaged_at: null,
      });
    }
  }
  const kept = found
    .sort((a, b) => b.anomaly_score - a.anomaly_score)
    .slice(0, env().MAX_ANOMALIES_PER_DATASET);
  await deps.anomalies.putMany(kept);
  await deps.datasets.update(tenantId, datasetId, { anomalies_detected: kept.length });
  await advance(deps, tenantId, sessionId, {
    status: kept.length > 0 ? 'triaging' : 'reporting',
    progress: PROGRESS.detected,
    current_step: `Detected ${kept.length} anomalies; starting triage...`,
    anomalies_detected: kept.length,
  });
  return { ...input, anomaly_ids: kept.map((a) => a.id), anomaly_count: kept.length };
}
