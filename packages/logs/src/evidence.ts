import type { SemanticKind } from './columns';
import type { EventKind } from './events';
import type { IncidentKind } from './incidents';

/** How a port is read: a service an analyst expects, an unusual one, or one malware uses. */
export type PortCategory = 'service' | 'unusual' | 'known_bad';
export type AddressScope = 'public' | 'private' | 'reserved';

export interface AddressEvidence {
  address: string;
  scope: AddressScope;
  /** Rows of the sheet that name this address (1 = first and only time seen). */
  rows_in_sheet: number;
  /** Share of the sheet's addressed rows whose address is public. */
  public_share: number;
}

/** When the row happened against when its log (or its user) is usually active. */
export interface TimingEvidence {
  /** "HH:MM" as written in the log. */
  clock: string;
  /** The usual hours ("09:00-17:00"), or null when the log runs round the clock. */
  usual_hours: string | null;
  /** Minutes outside the usual hours; 0 inside them or when there are none. */
  outside_minutes: number;
  basis: 'user' | 'sheet';
  /** ISO date-time, when the log gives a full date. */
  at: string | null;
  weekday: number | null;
}

export interface QuantityEvidence {
  column: string;
  value: number;
  /** The sheet's median of the column. */
  median: number;
  ratio: number | null;
}

/** A group of rows that make one incident (a brute force is one, not one per line). */
export interface IncidentEvidence {
  kind: IncidentKind;
  row_count: number;
  /** Row numbers as a person sees them in Excel (header = 1), the first 100. */
  rows: number[];
  source_ips: string[];
  source_hosts: string[];
  users: string[];
  failures: number;
  unknown_accounts: number;
  failures_before: number;
  /** Destination ports and how many hosts the incident reached (a scan's spread), the first 50 ports. */
  ports: number[];
  destinations: number;
  /** ISO times; null when the log gives no year (syslog), see `duration_seconds`. */
  started_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
}

/**
 * What the log analysis read in and around a flagged row, for triage to reason from:
 * column kinds from values, the events its text records, its entities compared with the
 * rest of the sheet, its timing against usual hours, and the incident it belongs to.
 */
export interface FindingEvidence {
  columns: Record<string, SemanticKind>;
  events: EventKind[];
  template: { text: string; rows_in_sheet: number } | null;
  source: AddressEvidence | null;
  destination: AddressEvidence | null;
  ports: Array<{ port: number; category: PortCategory; rows_in_sheet: number }>;
  users: string[];
  timing: TimingEvidence | null;
  quantities: QuantityEvidence[];
  attempts: { column: string; value: number } | null;
  incident: IncidentEvidence | null;
}
