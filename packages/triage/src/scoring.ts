import type { Finding } from './findings';
import type { Severity, Triage } from './schema';
import type { Signals } from './signals';
import type { Classification } from './threats';

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Severity, its 0–10 score, and the evidence it rests on, so reasoning can say why. */
export interface SeverityRating {
  severity: Severity;
  score: number;
  /** Independent classes of evidence at signal strength or above. */
  corroboration: number;
  knownBad: boolean;
}

/** The 0–10 band of each severity: [floor, ceiling). */
export const BANDS: Readonly<Record<Severity, readonly [number, number]>> = {
  low: [1, 3.5],
  medium: [3.5, 6],
  high: [6, 8.5],
  critical: [8.5, 10],
};
/** A detector score at least this high, with nothing else to go on, is worth a medium. */
const CONFIDENT_DETECTION = 0.8;

/**
 * Severity with restraint. Evidence is counted by independent class (volume, timing,
 * origin, authentication, network…), each class once at its strongest:
 *  - critical: a known-bad pattern with two more independent signals, or two strong
 *    signals with a third;
 *  - high: a known-bad pattern, or two independent signals;
 *  - medium: one signal, or a confident detection with nothing else;
 *  - low: the detector's score and context alone.
 * The score places the row inside its band by the detector's score and the evidence's weight.
 */
export function rateSeverity(anomalyScore: number, findings: Finding[]): SeverityRating {
  const strongest = new Map<string, number>();
  for (const f of findings) {
    const rank = f.level === 'strong' ? 2 : f.level === 'moderate' ? 1 : 0;
    strongest.set(f.class, Math.max(strongest.get(f.class) ?? 0, rank));
  }
  const corroboration = [...strongest.values()].filter((r) => r >= 1).length;
  const strong = [...strongest.values()].filter((r) => r === 2).length;
  const knownBad = findings.some((f) => f.knownBad);
  const severity: Severity =
    (knownBad && corroboration >= 3) || (strong >= 2 && corroboration >= 3)
      ? 'critical'
      : knownBad || corroboration >= 2
        ? 'high'
        : corroboration === 1 || anomalyScore >= CONFIDENT_DETECTION
          ? 'medium'
          : 'low';
  const weight = [...strongest.values()].reduce((sum, r) => sum + r, 0);
  const within = clamp(0.5 * anomalyScore + 0.5 * (1 - Math.exp(-weight / 4)), 0, 0.99);
  const [floor, ceiling] = BANDS[severity];
  return { severity, score: round(floor + within * (ceiling - floor), 1), corroboration, knownBad };
}

/** Overall confidence from which containment may be proposed. */
export const CONFIDENT = 0.7;

/**
 * Confidence from the detector's score, how many independent findings agree and how much
 * of the row could be read. Everything below critical goes to a human, as do rows carrying
 * injected text or values that failed validation and rows the rules could not classify.
 */
export function assessConfidence(
  anomalyScore: number,
  findings: Finding[],
  threat: Classification,
  s: Signals,
  severity: Severity,
): Triage['confidence'] {
  const agreeing = findings.filter((f) => f.level !== 'context').length;
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
    // Below critical a person confirms before anything is contained.
    requires_human_review:
      severity !== 'critical' || overall < CONFIDENT || threat.kind === 'unclassified' || tainted,
  };
}
