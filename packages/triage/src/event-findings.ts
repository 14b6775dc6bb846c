import type { Add } from './findings';
import { VOLUME_SIGNAL } from './findings';
import type { Signals } from './signals';
import { quoteEvidence } from './validate';

/** Findings from what the row's text records, and context that never raises severity alone. */
export function eventFindings(s: Signals, add: Add): void {
  const quoted = (label: string, text: string) => [`${label}: ${quoteEvidence(text)}`];
  if (s.events.privilege !== undefined)
    add({
      key: 'privilege',
      class: 'privilege',
      level: 'moderate',
      knownBad: false,
      reasoning: 'Privilege or role change recorded',
      indicators: quoted('Privilege change event', s.events.privilege),
    });
  if (s.events.destructive !== undefined)
    add({
      key: 'destructive',
      class: 'destructive',
      level: 'strong',
      knownBad: false,
      reasoning: 'Destructive operation recorded (wipe/drop/truncate)',
      indicators: quoted('Destructive operation', s.events.destructive),
    });
  if (s.events.remote !== undefined) {
    const internal = s.sourceIp?.scope === 'private' || s.destinationIp?.scope === 'private';
    const hosts = [s.sourceIp?.address, s.destinationIp?.address].filter((x) => x !== undefined);
    add({
      key: 'remote',
      class: 'action',
      level: internal ? 'moderate' : 'context',
      knownBad: false,
      reasoning: internal
        ? 'Remote-execution or remote-access tooling between internal hosts'
        : 'Remote-access protocol or tooling in use',
      indicators: [
        ...quoted('Remote-access activity', s.events.remote),
        ...(hosts.length > 0 ? [`Hosts involved: ${hosts.join(' -> ')}`] : []),
      ],
    });
  }
  const transfer = s.events.export ?? s.events.download;
  if (transfer !== undefined) {
    // An export is routine; it is a signal only when the volume is out of line too.
    const unusual = (s.volume?.ratio ?? 0) >= VOLUME_SIGNAL;
    add({
      key: 'export',
      class: 'action',
      level: unusual ? 'moderate' : 'context',
      knownBad: false,
      reasoning: unusual ? 'Data export or download of unusual size' : 'Data export or download recorded',
      indicators: quoted('Export/download event', transfer),
    });
  }
  // A failed login usually also reads "denied"; counting it twice would inflate severity.
  if (s.events.denied !== undefined && s.events.failed_login === undefined)
    add({
      key: 'denied',
      class: 'action',
      level: 'context',
      knownBad: false,
      reasoning: 'Access-denied event recorded',
      indicators: quoted('Access denied', s.events.denied),
    });
}

export function contextFindings(s: Signals, add: Add): void {
  if (s.dataKinds.length > 0) {
    const inferred = s.phiInferredFromDomain ? ', inferred from a healthcare account domain' : '';
    add({
      key: 'sensitive_data',
      class: 'data',
      level: 'context',
      knownBad: false,
      reasoning: `Sensitive data involved: ${s.dataLabel}`,
      indicators: [`Data type targeted: ${s.dataLabel}${inferred}`],
    });
  }
  if (s.invalidIp) {
    add({
      key: 'invalid_ip',
      class: 'integrity',
      level: 'context',
      knownBad: false,
      reasoning: 'A network-address field failed strict IP validation',
      indicators: [
        `Unparseable address in column ${quoteEvidence(s.invalidIp.column)}: ${quoteEvidence(s.invalidIp.raw)}`,
      ],
    });
  }
  if (s.untrusted.length > 0) {
    add({
      key: 'untrusted_text',
      class: 'integrity',
      level: 'context',
      knownBad: false,
      reasoning: 'Row contains instruction-like or markup text; it was treated strictly as evidence',
      indicators: s.untrusted.map(
        (u) =>
          `Instruction-like or markup text in column ${quoteEvidence(u.column)}: ${quoteEvidence(u.raw)}`,
      ),
    });
  }
}
