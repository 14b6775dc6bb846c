/** The report shapes of the API, as the SDK types them, and the words the screens show for them. */
import type { PynomalyClient } from 'pynomaly-js';

export type ReportRow = Awaited<ReturnType<PynomalyClient['reports']['list']>>[number];
export type Report = Awaited<ReturnType<PynomalyClient['reports']['get']>>;
export type Severity = ReportRow['severity'];
export type Status = ReportRow['status'];

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
export const STATUSES: readonly Status[] = [
  'pending_triage',
  'triaged',
  'under_review',
  'resolved',
  'false_positive',
];
export const VERDICTS = [
  { value: 'true_positive', label: 'True positive' },
  { value: 'false_positive', label: 'False positive' },
  { value: 'benign', label: 'Benign' },
] as const;

/** `under_review` → `under review`. */
export const words = (value: string | null | undefined) => (value ?? '—').replace(/_/g, ' ');
