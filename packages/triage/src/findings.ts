import { contextFindings, eventFindings } from './event-findings';
import type { Signals } from './signals';
import { quoteEvidence } from './validate';

/**
 * Independent lines of evidence. Two findings of one class (a public address and a foreign
 * location) are one line of evidence, not two, when severity counts corroboration.
 */
export type EvidenceClass =
  | 'volume'
  | 'timing'
  | 'origin'
  | 'destination'
  | 'authentication'
  | 'privilege'
  | 'destructive'
  | 'action'
  | 'network'
  | 'data'
  | 'integrity';

/** How much a finding says on its own: context only, a signal, or a strong signal. */
export type Level = 'context' | 'moderate' | 'strong';

/** One piece of evidence, how much it says and how it is explained. */
export interface Finding {
  key:
    | 'volume'
    | 'off_hours'
    | 'public_ip'
    | 'foreign_location'
    | 'failed_login'
    | 'privilege'
    | 'destructive'
    | 'remote'
    | 'export'
    | 'denied'
    | 'sensitive_data'
    | 'untrusted_text'
    | 'invalid_ip'
    | 'brute_force'
    | 'account_probing'
    | 'success_after_failures'
    | 'success_during_attack'
    | 'scan'
    | 'privileged_login'
    | 'anonymous_login'
    | 'known_bad_port'
    | 'unusual_port'
    | 'rare_destination';
  class: EvidenceClass;
  level: Level;
  /** A pattern bad in itself (a login that follows a brute force, a C2 port): high on its own. */
  knownBad: boolean;
  /** Built only from numbers and validated values; row text never appears here. */
  reasoning: string;
  /** May quote row text, always through quoteEvidence. */
  indicators: string[];
}

/** Failed attempts at or above this count (or ratio to usual) make a burst. */
export const BURST_ATTEMPTS = 10;
/** A volume this many times its usual level is a signal; ten times, a strong one. */
export const VOLUME_SIGNAL = 3;
const VOLUME_STRONG = 10;
/** At this multiple, with an external party involved, bulk transfer is a known-bad pattern. */
const VOLUME_BULK = 50;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDigits = (n: number) => String(n).padStart(2, '0');

/** `300x`, `3.5x`: whole multiples once they are large enough for decimals to be noise. */
export function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}x` : `${Math.round(ratio * 10) / 10}x`;
}

/** True when the row's failures make a burst: a counted burst, or an incident of many failures. */
export function isBurst(s: Signals): boolean {
  const a = s.attempts;
  return (
    s.log?.incident?.kind === 'brute_force' ||
    (a !== null && (a.actual >= BURST_ATTEMPTS || (a.ratio ?? 0) >= BURST_ATTEMPTS))
  );
}

/** An external party on either end of the row, rare for its sheet when the sheet says so. */
function externalParty(s: Signals): boolean {
  return (
    s.sourceIp?.scope === 'public' || s.destinationIp?.scope === 'public' || s.location?.foreign === true
  );
}

export type Add = (f: Finding) => void;

function volumeFinding(s: Signals, add: Add): void {
  if (!s.volume) return;
  const { ratio, actual, expected, column } = s.volume;
  if (ratio === null || ratio < VOLUME_SIGNAL) return;
  const against = expected === null ? '' : ` vs usual ${integer.format(expected)}`;
  const level = `${formatRatio(ratio)} the usual level`;
  const bulk = ratio >= VOLUME_BULK && externalParty(s);
  add({
    key: 'volume',
    class: 'volume',
    level: ratio >= VOLUME_STRONG ? 'strong' : 'moderate',
    knownBad: bulk,
    reasoning: bulk
      ? `Bulk transfer involving an external party (${level})`
      : ratio >= VOLUME_STRONG
        ? `Large-scale data access (${level})`
        : `Elevated data volume (${level})`,
    indicators: [
      `Volume spike: ${integer.format(actual)}${against} in column ${quoteEvidence(column)} (${formatRatio(ratio)})`,
    ],
  });
}

function timingFinding(s: Signals, add: Add): void {
  if (!s.time?.offHours) return;
  const { hour, minute, zone, weekend, date, detectorFlagged, expected } = s.time;
  const indicators: string[] = [];
  if (hour !== null) {
    const at = `${twoDigits(hour)}:${twoDigits(minute ?? 0)}${zone ? ` ${zone}` : ''}`;
    const usual = expected === null ? '' : `; usual ${quoteEvidence(expected)}`;
    indicators.push(`Time-based anomaly: activity at ${at}${usual}`);
  }
  if (weekend && date)
    indicators.push(`Weekend activity on ${date} (${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]})`);
  // From the log's own usual hours (evidence), or the detector's reading of the time column.
  const measured = s.log !== null || detectorFlagged;
  add({
    key: 'off_hours',
    class: 'timing',
    level: measured ? 'moderate' : 'context',
    knownBad: false,
    reasoning:
      s.log !== null
        ? 'Outside the hours this log is usually active'
        : weekend
          ? 'Weekend activity outside the usual working pattern'
          : 'Outside business hours (22:00-06:00)',
    indicators,
  });
}

function originFindings(s: Signals, add: Add): void {
  if (s.sourceIp?.scope === 'public') {
    const rare = s.log ? s.log.sourceRare : false;
    add({
      key: 'public_ip',
      class: 'origin',
      level: rare ? 'moderate' : 'context',
      knownBad: false,
      reasoning: rare
        ? 'Access from an external address that is rare in this log'
        : 'Access originates from a public (external) IP address',
      indicators: [`Source IP ${s.sourceIp.address} is in a public range`],
    });
  }
  if (s.location?.foreign) {
    add({
      key: 'foreign_location',
      class: 'origin',
      level: 'moderate',
      knownBad: false,
      reasoning: 'Access from a location other than the usual one',
      indicators: [
        `Unusual geographic access: ${quoteEvidence(s.location.raw)} vs usual ${quoteEvidence(s.location.usual)} (baseline: ${s.location.usualSource})`,
      ],
    });
  }
  if (s.destinationIp?.scope === 'public' && s.log?.destinationRare) {
    add({
      key: 'rare_destination',
      class: 'destination',
      level: 'moderate',
      knownBad: false,
      reasoning: 'Traffic to an external host this log rarely or never talks to',
      indicators: [`Destination IP ${s.destinationIp.address} is external and rare in this log`],
    });
  }
}

function portFindings(s: Signals, add: Add): void {
  const incident = s.log?.incident;
  if (incident?.kind === 'scan') {
    add({
      key: 'scan',
      class: 'network',
      level: incident.ports.length >= 100 || incident.destinations >= 100 ? 'strong' : 'moderate',
      knownBad: false,
      reasoning: `One source probed ${incident.ports.length} ports on ${incident.destinations} host(s)`,
      indicators: [
        `Scanning source(s): ${incident.source_ips.join(', ')}; ${incident.row_count} connections; ports ${incident.ports.slice(0, 10).join(', ')}${incident.ports.length > 10 ? '…' : ''}`,
      ],
    });
  }
  for (const p of s.log?.ports ?? []) {
    if (p.category === 'service') continue;
    const knownBad = p.category === 'known_bad';
    add({
      key: knownBad ? 'known_bad_port' : 'unusual_port',
      class: 'network',
      level: knownBad ? 'strong' : p.rows_in_sheet <= 2 ? 'moderate' : 'context',
      knownBad,
      reasoning: knownBad
        ? `Port ${p.port} is a default of remote-access trojans and C2 frameworks`
        : `Port ${p.port} is not a common service port`,
      indicators: [`Destination port ${p.port} (${knownBad ? 'known-bad' : 'unusual'})`],
    });
  }
}

function authenticationFindings(s: Signals, add: Add): void {
  const incident = s.log?.incident ?? null;
  const attempts = s.attempts;
  const burst = isBurst(s);
  if (incident?.kind === 'success_after_failures') {
    const after = incident.failures_before;
    add({
      key: 'success_after_failures',
      class: 'authentication',
      level: 'strong',
      knownBad: after >= BURST_ATTEMPTS,
      reasoning: `Valid sign-in after ${integer.format(after)} failed attempts from the same source or for the same account`,
      indicators: [
        `Successful sign-in after ${integer.format(after)} failures${incident.source_ips.length > 0 ? ` from ${incident.source_ips.join(', ')}` : ''}`,
      ],
    });
  } else if (incident?.kind === 'success_during_attack') {
    add({
      key: 'success_during_attack',
      class: 'authentication',
      level: 'moderate',
      knownBad: false,
      reasoning: 'Valid sign-in from an outside address while the host was under a brute force',
      indicators: [
        `Sign-in${s.sourceIp ? ` from ${s.sourceIp.address}` : ''} during a brute force of ${integer.format(incident.failures)} attempts`,
      ],
    });
  } else if (s.events.failed_login !== undefined || burst || incident?.kind === 'account_probing') {
    const indicators =
      s.events.failed_login === undefined
        ? []
        : [`Failed authentication: ${quoteEvidence(s.events.failed_login)}`];
    if (attempts)
      indicators.push(
        `${integer.format(attempts.actual)} failed attempts in ${quoteEvidence(attempts.column)}`,
      );
    if (incident && incident.source_ips.length > 0)
      indicators.push(`Attacking source(s): ${incident.source_ips.join(', ')}`);
    if (incident && incident.users.length > 0)
      indicators.push(`Accounts tried: ${incident.users.map((u) => quoteEvidence(u)).join(', ')}`);
    const probing = incident?.kind === 'account_probing';
    add({
      key: burst ? 'brute_force' : probing ? 'account_probing' : 'failed_login',
      class: 'authentication',
      level: burst ? 'strong' : probing ? 'moderate' : 'context',
      knownBad: false,
      reasoning: burst
        ? `Burst of failed authentication attempts (${integer.format(attempts?.actual ?? incident?.failures ?? 0)})`
        : probing
          ? `Sign-in attempts for ${incident?.unknown_accounts ?? 0} account(s) that do not exist`
          : 'Failed authentication recorded',
      indicators,
    });
  }
  if (s.log?.privilegedLogin && !s.log.automated) {
    add({
      key: 'privileged_login',
      class: 'privilege',
      level: 'moderate',
      knownBad: false,
      reasoning: 'Interactive login as root instead of a named account',
      indicators: ['Root login recorded'],
    });
  }
  if (s.log?.anonymousLogin && s.log.success) {
    add({
      key: 'anonymous_login',
      class: 'authentication',
      level: 'moderate',
      knownBad: false,
      reasoning: 'Anonymous login accepted',
      indicators: [`Anonymous login${s.sourceIp ? ` from ${s.sourceIp.address}` : ''}`],
    });
  }
}

const LEVEL_RANK: Record<Level, number> = { context: 0, moderate: 1, strong: 2 };

/** Turns signals into findings, strongest first, in a stable order. */
export function collectFindings(s: Signals): Finding[] {
  const findings: Finding[] = [];
  const add: Add = (f) => findings.push(f);
  volumeFinding(s, add);
  timingFinding(s, add);
  originFindings(s, add);
  portFindings(s, add);
  authenticationFindings(s, add);
  eventFindings(s, add);
  contextFindings(s, add);
  // Array.prototype.sort is stable, so equal findings keep rule order.
  return findings.sort(
    (a, b) => Number(b.knownBad) - Number(a.knownBad) || LEVEL_RANK[b.level] - LEVEL_RANK[a.level],
  );
}
