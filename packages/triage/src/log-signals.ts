import type { AddressEvidence, FindingEvidence, EventKind as LogEventKind } from '@pynomaly/logs';
import {
  countRoles,
  featureFor,
  hasAny,
  jurisdictionOf,
  locationSignal,
  readDataKinds,
  type Signals,
  tokenize,
  untrustedText,
  type VolumeSignal,
} from './signals';
import type { AnomalyEvidence } from './types';
import { isSafeUsername, type ParsedIp, parseIp } from './validate';
import { BYTE_TOKENS, type EventKind, ROLE_TOKENS } from './vocabulary';

/** Below this share of public sources a sheet is internal, and an external source stands out. */
const INTERNAL_SHEET_PUBLIC_SHARE = 0.2;
/** Minutes outside the usual hours before a time counts as off-hours. */
const OFF_HOURS_MINUTES = 60;
/** Without a unit in the header, a count whose median is this large is read as bytes. */
const BYTES_MEDIAN = 10_000;

const EVENT_OF: Partial<Record<LogEventKind, EventKind>> = {
  auth_failure: 'failed_login',
  denied: 'denied',
  destructive: 'destructive',
  export: 'export',
  download: 'download',
  privilege_change: 'privilege',
  remote: 'remote',
};

const TEXT_KINDS = new Set(['text', 'category', 'level']);

function address(evidence: AddressEvidence | null, column: string): (ParsedIp & { column: string }) | null {
  const ip = evidence ? parseIp(evidence.address) : null;
  return ip ? { ...ip, column } : null;
}

/**
 * An external address stands out only in a log that is mostly internal; on an internet-facing
 * host one-off public addresses are the norm, not a signal.
 */
const rare = (a: AddressEvidence | null) =>
  a !== null && a.scope === 'public' && a.public_share < INTERNAL_SHEET_PUBLIC_SHARE;

function volumeOf(evidence: FindingEvidence): VolumeSignal | null {
  let best: VolumeSignal | null = null;
  for (const q of evidence.quantities) {
    if (q.ratio === null) continue;
    const words = tokenize(q.column);
    const unit =
      hasAny(words, BYTE_TOKENS) || (!hasAny(words, ROLE_TOKENS.volume) && q.median >= BYTES_MEDIAN)
        ? 'bytes'
        : 'records';
    if (!best || q.ratio > (best.ratio ?? -1))
      best = { column: q.column, actual: q.value, expected: q.median, ratio: q.ratio, unit };
  }
  return best;
}

/**
 * Signals of a row that came with the log analysis's evidence: roles from column kinds
 * read from values (an address is an address whatever its header says, a count on a failed
 * sign-in is attempts, a port is never a quantity), events from the row's text, time
 * against the log's own usual hours, and the incident the row stands for.
 */
export function readLogEvidence(anomaly: AnomalyEvidence, evidence: FindingEvidence): Signals {
  const columns = Object.keys(anomaly.raw_data).sort();
  const ipColumns = columns.filter((c) => evidence.columns[c] === 'ip');
  const user = evidence.users[0] ?? null;
  const events: Signals['events'] = {};
  const text = columns
    .filter((c) => TEXT_KINDS.has(evidence.columns[c] ?? '') && typeof anomaly.raw_data[c] === 'string')
    .map((c) => String(anomaly.raw_data[c]).trim())
    .join(' | ');
  for (const kind of evidence.events) {
    const mapped = EVENT_OF[kind];
    if (mapped) events[mapped] = text;
  }
  const timing = evidence.timing;
  const hour = timing ? Number(timing.clock.slice(0, 2)) : null;
  const locationColumn = columns.find(
    (c) => evidence.columns[c] === 'category' && hasAny(tokenize(c), ROLE_TOKENS.location),
  );
  const locationRaw = locationColumn ? anomaly.raw_data[locationColumn] : null;
  const signals: Signals = {
    user: user ? { column: 'user', value: user, safe: isSafeUsername(user) } : null,
    time: timing && {
      date: timing.at?.slice(0, 10) ?? null,
      hour,
      minute: Number(timing.clock.slice(3, 5)),
      zone: null,
      offHours: timing.usual_hours !== null && timing.outside_minutes >= OFF_HOURS_MINUTES,
      weekend: false,
      detectorFlagged: false,
      expected: timing.usual_hours,
    },
    volume: volumeOf(evidence),
    attempts: evidence.attempts
      ? { column: evidence.attempts.column, actual: evidence.attempts.value, ratio: null }
      : evidence.incident && evidence.incident.failures > 0
        ? { column: 'failed sign-ins', actual: evidence.incident.failures, ratio: null }
        : null,
    sourceIp: address(
      evidence.source,
      ipColumns.find((c) => anomaly.raw_data[c] === evidence.source?.address) ?? 'message',
    ),
    destinationIp: address(
      evidence.destination,
      ipColumns.find((c) => anomaly.raw_data[c] === evidence.destination?.address) ?? 'destination',
    ),
    invalidIp: null,
    location: null,
    events,
    dataKinds: [],
    dataLabel: 'Unclassified',
    phiInferredFromDomain: false,
    jurisdiction: jurisdictionOf(user ?? undefined),
    untrusted: untrustedText(anomaly),
    rolesRecognised: 0,
    log: {
      incident: evidence.incident,
      success: evidence.events.includes('auth_success'),
      privilegedLogin: evidence.events.includes('privileged_login'),
      anonymousLogin: evidence.events.includes('anonymous_login'),
      unknownAccount: evidence.events.includes('unknown_account'),
      automated: evidence.events.includes('automated_session'),
      ports: evidence.ports,
      sourceRare: rare(evidence.source),
      destinationRare: rare(evidence.destination),
    },
  };
  if (locationColumn && typeof locationRaw === 'string') {
    signals.location = locationSignal(
      locationColumn,
      locationRaw,
      featureFor(anomaly.anomalous_features, locationColumn),
      signals.jurisdiction,
    );
  }
  readDataKinds(signals, anomaly, columns);
  signals.rolesRecognised = countRoles(signals);
  return signals;
}
