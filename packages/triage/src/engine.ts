import { ValidationError } from '../../core/src/errors';
import { collectFindings } from './findings';
import { forensicData } from './forensics';
import { assessImpact, complianceFor } from './impact';
import { readLogEvidence } from './log-signals';
import { immediateActions, longTermActions, type PlaybookInput, shortTermActions } from './playbooks';
import { rulesProvenance } from './provenance';
import type { TriageReport } from './schema';
import { assessConfidence, CONFIDENT, rateSeverity, type SeverityRating } from './scoring';
import { extractSignals, type Signals } from './signals';
import { classifyThreat } from './threats';
import type { AnomalyEvidence, TriageContext } from './types';

/** Value of `generated_by` and `chain_of_custody.collected_by` for rule-based triage. */
export const RULES_ENGINE_NAME = 'pynomaly-rules-engine/1.0';

const ORDINAL_SUFFIX: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
const ordinals = new Intl.PluralRules('en-US', { type: 'ordinal' });

function ordinal(n: number): string {
  return `${n}${ORDINAL_SUFFIX[ordinals.select(n)] ?? 'th'}`;
}

function checkInput(anomaly: AnomalyEvidence, ctx: TriageContext): void {
  const issues: Array<{ field: string; message: string }> = [];
  const score = anomaly.anomaly_score;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
    issues.push({ field: 'anomaly_score', message: 'must be a number between 0 and 1' });
  }
  if (anomaly.raw_data === null || typeof anomaly.raw_data !== 'object' || Array.isArray(anomaly.raw_data)) {
    issues.push({ field: 'raw_data', message: 'must be an object' });
  }
  if (!Array.isArray(anomaly.anomalous_features)) {
    issues.push({ field: 'anomalous_features', message: 'must be an array' });
  }
  if (!Number.isInteger(anomaly.row_index) || anomaly.row_index < 0) {
    issues.push({ field: 'row_index', message: 'must be a non-negative integer' });
  }
  if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime()))
    issues.push({ field: 'now', message: 'must be a valid date' });
  if (!Number.isInteger(ctx.similarIncidentsCount) || ctx.similarIncidentsCount < 0) {
    issues.push({ field: 'similarIncidentsCount', message: 'must be a non-negative integer' });
  }
  if (issues.length > 0) throw new ValidationError('Invalid anomaly for triage', issues);
}

function severityReason(r: SeverityRating): string {
  const lines = `${r.corroboration} independent line${r.corroboration === 1 ? '' : 's'} of evidence`;
  return r.knownBad
    ? `Rated ${r.severity}: a known-bad pattern with ${lines}`
    : `Rated ${r.severity}: ${lines}${r.severity === 'low' || r.severity === 'medium' ? '; high needs two or a known-bad pattern' : ''}`;
}

function attribution(s: Signals): string | null {
  switch (s.sourceIp?.scope) {
    case 'public':
      return 'Unattributed; source IP in public range';
    case 'private':
      return 'Unattributed; source IP in a private range (internal host or insider)';
    case 'reserved':
      return 'Unattributed; source IP in a reserved range';
    default:
      return null;
  }
}

/**
 * Deterministic, rule-based triage of one anomaly. Row text is treated as evidence only: it
 * can raise severity but never lower it, is quoted (bounded) only inside indicators, and never
 * reaches a command. Same anomaly and context give a deep-equal result.
 * @throws ValidationError when the anomaly score or context is out of range.
 */
export function triageAnomaly(anomaly: AnomalyEvidence, ctx: TriageContext): TriageReport {
  checkInput(anomaly, ctx);
  const signals = anomaly.evidence ? readLogEvidence(anomaly, anomaly.evidence) : extractSignals(anomaly);
  const findings = collectFindings(signals);
  const threat = classifyThreat(signals);
  const rating = rateSeverity(anomaly.anomaly_score, findings);
  const compliance = complianceFor(signals);
  const confidence = assessConfidence(anomaly.anomaly_score, findings, threat, signals, rating.severity);
  const input: PlaybookInput = {
    signals,
    threat,
    severity: rating.severity,
    anomaly,
    compliance,
    confident: confidence.overall_confidence >= CONFIDENT,
  };

  const reasoning = findings.map((f) => f.reasoning);
  reasoning.push(severityReason(rating));
  if (findings.length === 0) {
    reasoning.push(
      `No corroborating indicators beyond the detector's anomaly score (${anomaly.anomaly_score})`,
    );
  }
  const n = ctx.similarIncidentsCount;
  const elapsed = ctx.startedAt ? (ctx.now.getTime() - ctx.startedAt.getTime()) / 1000 : 0;

  return {
    severity: rating.severity,
    severity_score: rating.score,
    reasoning,
    threat_context: {
      threat_type: threat.threatType,
      attack_stage: threat.attackStage,
      mitre_tactics: threat.tactics,
      indicators_of_compromise: findings.flatMap((f) => f.indicators),
      likely_attribution: attribution(signals),
    },
    impact: assessImpact(signals, compliance),
    immediate_actions: immediateActions(input),
    short_term_actions: shortTermActions(input),
    long_term_actions: longTermActions(input),
    forensic_data: forensicData(input, RULES_ENGINE_NAME, ctx.now),
    confidence,
    similar_incidents_count: n,
    historical_context:
      n > 0
        ? `${n} similar prior incident${n === 1 ? '' : 's'} on record; this is the ${ordinal(n + 1)} occurrence of the pattern`
        : null,
    generated_by: RULES_ENGINE_NAME,
    generated_at: ctx.now.toISOString(),
    processing_time_seconds: Math.round(Math.max(0, elapsed) * 1000) / 1000,
    narrative: null,
    provenance: rulesProvenance(rating.severity),
  };
}
