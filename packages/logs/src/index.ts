/**
 * @pynomaly/logs — reads a sheet as a log: column kinds from values, timestamps from split
 * columns, message templates, entities and events from text, failed sign-ins counted per
 * source over time, and incidents; the findings carry the evidence triage reasons from.
 */
export { type AnalyzeSheetOptions, analyzeSheet, type LogFinding, type SheetFindings } from './analyze';
export { headerWords, type SemanticKind } from './columns';
export { type EventKind, foldText } from './events';
export type {
  AddressEvidence,
  FindingEvidence,
  IncidentEvidence,
  PortCategory,
  QuantityEvidence,
  TimingEvidence,
} from './evidence';
export type { IncidentKind } from './incidents';
