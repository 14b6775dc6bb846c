import type { Signals } from './signals';
import { quoteEvidence } from './validate';

/** One piece of evidence, its weight toward severity and how it is explained. */
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
    | 'invalid_ip';
  weight: number;
  /** Strong findings alone justify "high" for a confident detection. */
  strong: boolean;
  /** Built only from numbers and validated values; row text never appears here. */
  reasoning: string;
  /** May quote row text, always through quoteEvidence. */
  indicators: string[];
}

/** Failed attempts at or above this count (or ratio to usual) make a burst. */
export const BURST_ATTEMPTS = 5;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDigits = (n: number) => String(n).padStart(2, '0');

/** `300x`, `3.5x`: whole multiples once they are large enough for decimals to be noise. */
export function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}x` : `${Math.round(ratio * 10) / 10}x`;
}

/** Turns signals into weighted findings, always in the same order. */
export function collectFindings(s: Signals): Finding[] {
  const findings: Finding[] = [];
  const add = (f: Finding) => findings.push(f);

  if (s.volume) {
    const { ratio, actual, expected, column } = s.volume;
    const against = expected === null ? '' : ` vs usual ${integer.format(expected)}`;
    const multiple = ratio === null ? '' : ` (${formatRatio(ratio)})`;
    const indicator = `Volume spike: ${integer.format(actual)}${against} in column ${quoteEvidence(column)}${multiple}`;
    if (ratio !== null && ratio >= 3) {
      const level = `${formatRatio(ratio)} the usual level`;
      add({
        key: 'volume',
        weight: ratio >= 50 ? 3 : ratio >= 10 ? 2 : 1,
        strong: ratio >= 10,
        reasoning:
          ratio >= 50
            ? `Volume suggests automated data exfiltration (${level})`
            : ratio >= 10
              ? `Large-scale data access (${level})`
              : `Elevated data volume (${level})`,
        indicators: [indicator],
      });
    }
  }

  if (s.time?.offHours) {
    const { hour, minute, zone, weekend, date, detectorFlagged, expected } = s.time;
    const indicators: string[] = [];
    if (hour !== null) {
      const at = `${twoDigits(hour)}:${twoDigits(minute ?? 0)}${zone ? ` ${zone}` : ''}`;
      const usual = expected === null ? '' : `; usual ${quoteEvidence(expected)}`;
      indicators.push(`Time-based anomaly: activity at ${at}${usual}`);
    }
    if (weekend && date)
      indicators.push(`Weekend activity on ${date} (${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]})`);
    const outside = hour !== null && (hour >= 22 || hour < 6);
    add({
      key: 'off_hours',
      weight: outside || detectorFlagged ? 1.5 : 1,
      strong: false,
      reasoning: outside
        ? 'Outside business hours (22:00-06:00) indicates possibly unauthorized activity'
        : weekend
          ? 'Weekend activity outside the usual working pattern'
          : 'Detector flagged the time of activity as unusual for this account',
      indicators,
    });
  }

  if (s.sourceIp?.scope === 'public') {
    add({
      key: 'public_ip',
      weight: 1,
      strong: false,
      reasoning: 'Access originates from a public (external) IP address',
      indicators: [`Source IP ${s.sourceIp.address} is in a public range`],
    });
  }

  if (s.location?.foreign) {
    const fromDetector = s.location.usualSource === 'detector';
    add({
      key: 'foreign_location',
      weight: fromDetector ? 1.5 : 1,
      strong: fromDetector,
      reasoning: 'Access from a location other than the usual one',
      indicators: [
        `Unusual geographic access: ${quoteEvidence(s.location.raw)} vs usual ${quoteEvidence(s.location.usual)} (baseline: ${s.location.usualSource})`,
      ],
    });
  }

  const attempts = s.attempts;
  const burst =
    attempts !== null && (attempts.actual >= BURST_ATTEMPTS || (attempts.ratio ?? 0) >= BURST_ATTEMPTS);
  if (s.events.failed_login !== undefined || burst) {
    const indicators =
      s.events.failed_login === undefined
        ? []
        : [`Failed authentication: ${quoteEvidence(s.events.failed_login)}`];
    if (attempts) {
      const ratio = attempts.ratio === null ? '' : ` (${formatRatio(attempts.ratio)} usual)`;
      indicators.push(
        `${integer.format(attempts.actual)} failed attempts in column ${quoteEvidence(attempts.column)}${ratio}`,
      );
    }
    add({
      key: 'failed_login',
      weight: burst ? 2.5 : 0.75,
      strong: burst,
      reasoning: burst
        ? `Burst of failed authentication attempts (${integer.format(attempts?.actual ?? 0)})`
        : 'Failed authentication recorded',
      indicators,
    });
  }

  const eventFinding = (
    key: Finding['key'],
    text: string | undefined,
    weight: number,
    strong: boolean,
    reasoning: string,
    label: string,
  ) => {
    if (text !== undefined)
      add({ key, weight, strong, reasoning, indicators: [`${label}: ${quoteEvidence(text)}`] });
  };
  eventFinding(
    'privilege',
    s.events.privilege,
    2.5,
    true,
    'Privilege or role change recorded',
    'Privilege change event',
  );
  eventFinding(
    'destructive',
    s.events.destructive,
    3,
    true,
    'Destructive operation recorded (delete/wipe/truncate)',
    'Destructive operation',
  );

  if (s.events.remote !== undefined) {
    const internal = s.sourceIp?.scope === 'private' || s.destinationIp?.scope === 'private';
    const hosts = [s.sourceIp?.address, s.destinationIp?.address].filter((x) => x !== undefined);
    add({
      key: 'remote',
      weight: internal ? 2 : 1,
      strong: internal,
      reasoning: internal
        ? 'Remote-execution or remote-access tooling between internal hosts'
        : 'Remote-access protocol or tooling in use',
      indicators: [
        `Remote-access activity: ${quoteEvidence(s.events.remote)}`,
        ...(hosts.length > 0 ? [`Hosts involved: ${hosts.join(' -> ')}`] : []),
      ],
    });
  }

  eventFinding(
    'export',
    s.events.export ?? s.events.download,
    1,
    false,
    'Data export or download recorded',
    'Export/download event',
  );
  // A failed login usually also reads "denied"; counting it twice would inflate severity.
  eventFinding(
    'denied',
    s.events.failed_login === undefined ? s.events.denied : undefined,
    0.5,
    false,
    'Access-denied events recorded',
    'Access denied',
  );

  const sensitive = s.dataKinds.filter((k) => k !== 'pii');
  if (s.dataKinds.length > 0) {
    const inferred = s.phiInferredFromDomain ? ', inferred from a healthcare account domain' : '';
    add({
      key: 'sensitive_data',
      weight: sensitive.length > 0 ? 1 : 0.5,
      strong: false,
      reasoning: `Sensitive data involved: ${s.dataLabel}`,
      indicators: [`Data type targeted: ${s.dataLabel}${inferred}`],
    });
  }

  if (s.invalidIp) {
    add({
      key: 'invalid_ip',
      weight: 0.5,
      strong: false,
      reasoning: 'A network-address field failed strict IP validation',
      indicators: [
        `Unparseable address in column ${quoteEvidence(s.invalidIp.column)}: ${quoteEvidence(s.invalidIp.raw)}`,
      ],
    });
  }

  if (s.untrusted.length > 0) {
    add({
      key: 'untrusted_text',
      weight: 0.5,
      strong: false,
      reasoning: 'Row contains instruction-like or markup text; it was treated strictly as evidence',
      indicators: s.untrusted.map(
        (u) =>
          `Instruction-like or markup text in column ${quoteEvidence(u.column)}: ${quoteEvidence(u.raw)}`,
      ),
    });
  }
  return findings;
}
