import { reportDocument } from '@pynomaly/analysis';
import type { ReportChange, ReportRecord } from '@pynomaly/store';
import type { Triage } from '@pynomaly/triage';

/**
 * A report as its routes answer it. The store keeps the triage as an opaque record; it is the
 * triage document the engine (or the model on its floor) wrote, checked against TriageSchema
 * when written, which the answer schema then checks again on the way out.
 */
export function reportBody(report: ReportRecord) {
  const document = reportDocument(report);
  return { ...document, triage: document.triage as Triage | null };
}

/** A report with its history, oldest change first, as `GET` and `PATCH` of one report answer it. */
export function reportWithHistoryBody(report: ReportRecord, history: readonly ReportChange[]) {
  const document = reportDocument(report, history);
  return { ...document, triage: document.triage as Triage | null, history: document.history ?? [] };
}
