import { createHash } from 'node:crypto';
import { ulid } from 'ulid';

/** A new, time-ordered id for something a caller creates. */
export function newId(): string {
  return ulid().toLowerCase();
}

/**
 * An id derived from its parts, so a retried step writes the same item instead of a second
 * one (the pipeline's anomalies, reports and sessions are keyed this way).
 */
export function deterministicId(...parts: Array<string | number>): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

/** Hex SHA-256 of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
