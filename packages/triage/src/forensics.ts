import { createHash } from 'node:crypto';
import type { PlaybookInput } from './playbooks';
import { accountRef } from './playbooks';
import type { Triage } from './schema';
import { quoteEvidence } from './validate';

/**
 * JSON with object keys sorted by UTF-16 code unit (as in RFC 8785), so the same row hashes
 * the same whatever order its columns were read in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `sha256:<hex>` of the canonical JSON of a row. */
export function evidenceHash(rawData: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(canonicalJson(rawData), 'utf8').digest('hex')}`;
}

const HOUR_MS = 3_600_000;

function formatHour(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13).replace('T', ' ');
}

/** Log window from the hour before the activity to two hours after, in the row's own clock. */
function logWindow(input: PlaybookInput): string {
  const time = input.signals.time;
  if (!time?.date || time.hour === null)
    return 'Database and application audit logs around the flagged activity';
  const start = Date.parse(`${time.date}T00:00:00Z`) + (time.hour - 1) * HOUR_MS;
  const zone = time.zone ?? 'row-local time';
  return `Database and application audit logs (${formatHour(start)}:00 - ${formatHour(start + 3 * HOUR_MS)}:00 ${zone})`;
}

/** What to preserve and hold, and the chain-of-custody stamp for the row itself. */
export function forensicData(input: PlaybookInput, collectedBy: string, now: Date): Triage['forensic_data'] {
  const { signals: s, anomaly } = input;
  const ref = accountRef(input);
  const preserve = [logWindow(input)];
  if (s.sourceIp) preserve.push(`Network flow logs and packet captures for source IP ${s.sourceIp.address}`);
  else if (s.invalidIp)
    preserve.push(`Network flow logs for the source address recorded in row ${anomaly.row_index}`);
  if (s.user) preserve.push(`Authentication logs for user account ${ref}`);
  preserve.push(
    `Original uploaded dataset (sheet ${quoteEvidence(anomaly.sheet_name)}, row ${anomaly.row_index})`,
  );

  const holds: string[] = [];
  if (s.user) holds.push(`Email and chat logs of user account ${ref}`);
  if (s.sourceIp || s.destinationIp || s.invalidIp)
    holds.push('VPN and firewall logs showing the access path');
  if (s.dataKinds.includes('phi')) holds.push('EHR access audit trail for the affected patient records');
  if (s.dataKinds.includes('pci')) holds.push('Payment system transaction logs for the affected period');
  if (input.threat.kind === 'destructive')
    holds.push('Backup catalogues and retention settings as of the incident');

  return {
    preserve_immediately: preserve,
    legal_holds: holds,
    chain_of_custody: {
      evidence_hash: evidenceHash(anomaly.raw_data),
      collected_by: collectedBy,
      timestamp: now.toISOString(),
    },
  };
}
