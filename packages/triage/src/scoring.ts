import type { Finding } from './findings';
import type { Severity, Triage } from './schema';
import type { Signals } from './signals';
import type { Classification } from './threats';

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Score floors on the 0–10 scale. */
const CRITICAL_FLOOR = 9;
const HIGH_FLOOR = 6;

/** Severity score plus the floors that applied, so reasoning can say why. */
export interface SeverityRating {
  severity: Severity;
  score: number;
  criticalPattern: boolean;
}

/** True for the textbook exfiltration: ≥50× volume, off-hours, from outside. */
function isCriticalPattern(s: Signals): boolean {
  const external = s.sourceIp?.scope === 'public' || s.location?.foreign === true;
  return (s.volume?.ratio ?? 0) >= 50 && s.time?.offHours === true && external;
}

/**
 * Anomaly score and finding weights combine into 0–10. Weights are scaled by the score so
 * a weak detection cannot ride on many weak findings, and the sum saturates smoothly
 * (1 − e^−x) so no single rule pins the scale. Floors only ever raise the result.
 */
export function rateSeverity(anomalyScore: number, findings: Finding[], s: Signals): SeverityRating {
  const weights = findings.reduce((sum, f) => sum + f.weight, 0);
  const raw = anomalyScore * 4 + weights * (0.5 + 0.5 * anomalyScore);
  let score = round(10 * (1 - Math.exp(-raw / 4)), 1);
  const criticalPattern = isCriticalPattern(s);
  if (criticalPattern) score = Math.max(score, CRITICAL_FLOOR);
  if (anomalyScore >= 0.6 && findings.some((f) => f.strong)) score = Math.max(score, HIGH_FLOOR);
  const severity: Severity =
    score >= 8.5 ? 'critical' : score >= HIGH_FLOOR ? 'high' : score >= 3.5 ? 'medium' : 'low';
  return { severity, score, criticalPattern };
}

/**
 * Confidence from the detector's score, how many independent findings agree and how much
 * of the row could be read. Rows carrying injected text or values that failed validation
 * always go to a human, as do critical rows the rules could not classify.
 */
export function assessConfidence(
  anomalyScore: number,
  findings: Finding[],
  threat: Classification,
  s: Signals,
  severity: Severity,
): Triage['confidence'] {
  const agreeing = findings.filter((f) => f.key !== 'untrusted_text' && f.key !== 'invalid_ip').length;
  const detection = round(anomalyScore, 2);
  const classification =
    threat.kind === 'unclassified'
      ? 0.3
      : round(Math.min(0.95, 0.35 + 0.4 * threat.strength + 0.05 * agreeing), 2);
  const contextual = round(Math.min(0.95, 0.4 + 0.1 * s.rolesRecognised), 2);
  const overall = round(0.4 * detection + 0.35 * classification + 0.25 * contextual, 2);
  const tainted = s.untrusted.length > 0 || s.invalidIp !== null || (s.user !== null && !s.user.safe);
  return {
    overall_confidence: overall,
    anomaly_detection_confidence: detection,
    threat_classification_confidence: classification,
    contextual_analysis_confidence: contextual,
    false_positive_probability: round(clamp(1 - overall, 0.01, 0.99), 2),
    requires_human_review:
      overall < 0.7 || (severity === 'critical' && threat.kind === 'unclassified') || tainted,
  };
}
