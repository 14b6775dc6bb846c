/**
 * Deterministic security-log sheets with known planted incidents, for scoring log-analysis
 * rules against data written before (and independently of) the rules themselves.
 */
export { type AuditWorkbook, type PlantedKind, renamedAuditWorkbookSheets } from './log-fixtures-audit';
export { apacheErrorLog, type NoTruth, normalServerLog } from './log-fixtures-benign';
export { type Cell, type LogSheet, type Sheet, toWorkbook } from './log-fixtures-core';
export { type SshdAuthTruth, sshdAuthLog } from './log-fixtures-sshd';
export { type LinuxSyslogTruth, linuxSyslog } from './log-fixtures-syslog';
