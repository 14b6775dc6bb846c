export { RULES_ENGINE_NAME, triageAnomaly } from './engine';
export { canonicalJson, evidenceHash } from './forensics';
export { type ImmediateAction, SEVERITIES, type Severity, type Triage, TriageSchema } from './schema';
export type { AnomalousFeature, AnomalyEvidence, CellValue, TriageContext } from './types';
export {
  EVIDENCE_QUOTE_LIMIT,
  type IpScope,
  isSafeUsername,
  type ParsedIp,
  parseIp,
  quoteEvidence,
} from './validate';
