import { SEVERITIES, type TriageReport } from './schema';
import { BANDS } from './scoring';

/** The most reasoning lines a triage holds (TriageSchema). */
const MAX_REASONING = 50;

/**
 * A finding an analyst has called a true positive before (same sheet schema, entity and
 * pattern): its severity floor goes up one level — low → medium → high → critical — with the
 * score at least the new band's floor, a reasoning line saying why, and the raised level as
 * the floor a model may raise but not lower. A critical finding stays critical.
 */
export function raiseForTruePositive(
  report: TriageReport,
  truePositiveReportId: string | null,
): TriageReport {
  const level = SEVERITIES.indexOf(report.severity);
  const raised = SEVERITIES[Math.min(level + 1, SEVERITIES.length - 1)] ?? report.severity;
  const seen = `the same pattern from the same entity on this sheet schema was confirmed a true positive${truePositiveReportId ? ` (report ${truePositiveReportId})` : ''}`;
  const line =
    raised === report.severity
      ? `Seen before: ${seen}; already ${raised}`
      : `Raised from ${report.severity} to ${raised}: ${seen}`;
  return {
    ...report,
    severity: raised,
    severity_score: Math.max(report.severity_score, BANDS[raised][0]),
    reasoning: [...report.reasoning.slice(0, MAX_REASONING - 1), line],
    provenance: { ...report.provenance, severity_floor: raised },
  };
}
