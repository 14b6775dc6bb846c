import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { deterministicId, env } from '@pynomaly/core';
import { analyzeSheet } from '@pynomaly/logs';
import type {
  AnomalyRecord,
  AnomalyRepository,
  BlobStore,
  CellValue,
  FeedbackRepository,
  SheetSummary,
} from '@pynomaly/store';
import { applyFeedback } from '../feedback';
import { findingSignature } from '../signature';
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

/**
 * The forest's seed follows from the sheet's content alone, so the same bytes find the same
 * anomalies whatever the file is called, whoever uploads it and however often.
 */
const seedOf = (headers: readonly string[], rows: readonly CellValue[][]) => {
  const digest = createHash('sha256').update(JSON.stringify(headers));
  for (const row of rows) digest.update(JSON.stringify(row));
  return Number.parseInt(digest.digest('hex').slice(0, 8), 16);
};

/**
 * Detect: each sheet is read as a log (value-typed columns, times, templates, events,
 * incidents) and scored by a forest seeded from its content; each finding — a row, or an
 * incident on its representative row — becomes an anomaly (ids derived from dataset, sheet
 * and row, so a retry rewrites the same items), most anomalous first, capped per dataset.
 * Findings are matched against the tenant's feedback (feedback.ts): suppressed ones are kept
 * and counted but not handed to triage; the match counts are written whole, once per dataset.
 */
export async function detectStep(
  input: AnalysisInput,
  deps: PipelineStores & { blobs: BlobStore; anomalies: AnomalyRepository; feedback: FeedbackRepository },
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
    const analysis = analyzeSheet(sheet.headers, rows, { seed: seedOf(sheet.headers, rows) });
    for (const flagged of analysis.findings) {
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
        evidence: flagged.evidence,
        signature: findingSignature(sheet.headers, flagged.evidence),
        status: 'detected',
        detected_at: detectedAt,
        triaged_at: null,
      });
    }
  }
  const { anomalies: kept, matches } = applyFeedback(
    found
      .sort((a, b) => b.anomaly_score - a.anomaly_score || a.id.localeCompare(b.id))
      .slice(0, env().MAX_ANOMALIES_PER_DATASET),
    await deps.feedback.state(tenantId),
  );
  const toTriage = kept.filter((a) => !a.suppressed);
  const suppressed = kept.length - toTriage.length;
  await deps.anomalies.putMany(kept);
  await deps.feedback.recordMatches(tenantId, datasetId, matches);
  await deps.datasets.update(tenantId, datasetId, {
    anomalies_detected: kept.length,
    anomalies_suppressed: suppressed,
  });
  await advance(deps, tenantId, sessionId, {
    status: toTriage.length > 0 ? 'triaging' : 'reporting',
    progress: PROGRESS.detected,
    current_step: `Detected ${kept.length} anomalies${suppressed > 0 ? ` (${suppressed} suppressed)` : ''}; starting triage...`,
    anomalies_detected: kept.length,
    anomalies_suppressed: suppressed,
  });
  return { ...input, anomaly_ids: toTriage.map((a) => a.id), anomaly_count: toTriage.length };
}
