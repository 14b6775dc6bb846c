/** What makes two findings the same for an analyst's verdict: sheet schema + entity + pattern. */
import { deterministicId, sha256 } from '@pynomaly/core';
import { type FindingEvidence, headerWords } from '@pynomaly/logs';
import type { FindingSignature } from '@pynomaly/store';

/** The most headers a rule lists for a person to read (the hash covers them all). */
const LISTED_HEADERS = 100;

/**
 * A sheet's headers as its schema: each header cut into lowercase words and joined by `_`
 * (`SourceIP`, `source ip` and `source_ip` are all `source_ip`), blanks dropped, duplicates
 * once, sorted, so column order and spelling style do not make a new schema.
 */
export function normalizedHeaders(headers: readonly string[]): string[] {
  const names = headers.map((h) => headerWords(h).join('_')).filter((h) => h.length > 0);
  return [...new Set(names)].sort();
}

/** 16 hex digits of the SHA-256 of the normalized headers, one per line. */
export function schemaHash(headers: readonly string[]): string {
  return sha256(normalizedHeaders(headers).join('\n')).slice(0, 16);
}

/** The first {@link LISTED_HEADERS} normalized headers, for a rule's reader. */
export const listedHeaders = (headers: readonly string[]) =>
  normalizedHeaders(headers).slice(0, LISTED_HEADERS);

/**
 * The finding's key entity, as its evidence names it: for an incident, its first source IP,
 * else its first source host, else its first user; for a row, its source address, else its
 * first user. Hosts and users are compared without case. Null when the evidence names none.
 */
export function keyEntity(evidence: FindingEvidence | null | undefined): string | null {
  if (!evidence) return null;
  const incident = evidence.incident;
  const ip = incident ? incident.source_ips[0] : evidence.source?.address;
  if (ip) return `ip:${ip}`;
  const host = incident?.source_hosts[0];
  if (host) return `host:${host.toLowerCase()}`;
  const user = incident ? incident.users[0] : evidence.users[0];
  return user ? `user:${user.toLowerCase()}` : null;
}

/**
 * The finding's pattern: `incident:<kind>` for an incident (`brute_force`, `scan`, …); for a
 * row the forest flagged, `row`, with `:template:<12 hex of its message template>` when the
 * log has messages and `:events:<the events its text records, sorted>` when it records any.
 */
export function findingPattern(evidence: FindingEvidence | null | undefined): string {
  if (evidence?.incident) return `incident:${evidence.incident.kind}`;
  const parts = ['row'];
  if (evidence?.template) parts.push(`template:${sha256(evidence.template.text).slice(0, 12)}`);
  const events = [...new Set(evidence?.events ?? [])].sort();
  if (events.length > 0) parts.push(`events:${events.join('+')}`);
  return parts.join(':');
}

/** The signature of a finding of a sheet with these headers. */
export function findingSignature(
  headers: readonly string[],
  evidence: FindingEvidence | null | undefined,
): FindingSignature {
  const schema_hash = schemaHash(headers);
  const entity = keyEntity(evidence);
  const pattern = findingPattern(evidence);
  return {
    id: deterministicId('signature', schema_hash, entity ?? '', pattern),
    schema_hash,
    entity,
    pattern,
  };
}
