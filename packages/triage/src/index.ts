export {
  BedrockNarrator,
  type BedrockNarratorOptions,
  type NarrationContext,
  rulesOnly,
  type TokenBudgetPort,
  type TriageNarrator,
} from './bedrock';
export { configuredNarrator } from './configured';
export { RULES_ENGINE_NAME, triageAnomaly } from './engine';
export { canonicalJson, evidenceHash } from './forensics';
export { raiseForTruePositive } from './priority';
export { estimateCostUsd, PRICES_PER_1K_TOKENS } from './provenance';
export {
  type ImmediateAction,
  type Provenance,
  ProvenanceSchema,
  SEVERITIES,
  type Severity,
  TRIAGE_ENGINES,
  type Triage,
  type TriageReport,
  TriageSchema,
} from './schema';
export type { AnomalousFeature, AnomalyEvidence, CellValue, TriageContext } from './types';
export {
  EVIDENCE_QUOTE_LIMIT,
  type IpScope,
  isSafeUsername,
  type ParsedIp,
  parseIp,
  quoteEvidence,
} from './validate';
