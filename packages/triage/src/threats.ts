import { isBurst } from './findings';
import type { Signals } from './signals';

/** Internal key of a threat class; playbooks are keyed by it. */
export type ThreatKind =
  | 'destructive'
  | 'initial_access'
  | 'command_and_control'
  | 'exfiltration'
  | 'brute_force'
  | 'account_probing'
  | 'scan'
  | 'privileged_login'
  | 'anonymous_access'
  | 'privilege_escalation'
  | 'lateral_movement'
  | 'off_hours'
  | 'unusual_location'
  | 'unclassified';

/** The threat class chosen for a row, with MITRE ATT&CK tactics of every class that matched. */
export interface Classification {
  kind: ThreatKind;
  threatType: string;
  attackStage: string;
  tactics: string[];
  /** 0..1: how well the winning rule matched. */
  strength: number;
}

interface ThreatRule {
  kind: Exclude<ThreatKind, 'unclassified'>;
  threatType: (s: Signals) => string;
  attackStage: string;
  tactics: readonly string[];
  strength: (s: Signals) => number;
}

/** The threat type of a finding no rule classifies. */
export const UNCLASSIFIED_THREAT = 'Anomalous Activity - Unclassified';

/** Every threat type the rules name (threats.test.ts holds the list to the rules). */
export const THREAT_TYPES = [
  'Impact - Destructive Activity',
  'Initial Access - Valid Accounts during a Brute Force',
  'Initial Access - Valid Accounts after Brute Force',
  'Data Exfiltration - Insider Threat',
  'Data Exfiltration - Unknown Actor',
  'Exfiltration over a Command and Control Channel',
  'Command and Control - Unusual Port',
  'Credential Access - Brute Force',
  'Credential Access - Guessing Account Names',
  'Reconnaissance - Network Scan',
  'Privileged Account Use - Interactive Root Login',
  'Initial Access - Anonymous Login',
  'Privilege Escalation',
  'Lateral Movement',
  'Unauthorized Access - Off-hours',
  'Unauthorized Access - Unusual Location',
  UNCLASSIFIED_THREAT,
] as const;

/** Below this a rule is noted but does not classify the row. */
const MIN_STRENGTH = 0.4;

// Attack stages follow a 7-stage model: 1 Reconnaissance, 2 Initial Access, 3 Credential
// Access, 4 Privilege Escalation, 5 Lateral Movement, 6 Command and Control / Exfiltration,
// 7 Impact.
// Table order breaks strength ties, so it runs from most to least damaging.
const THREAT_RULES: readonly ThreatRule[] = [
  {
    kind: 'destructive',
    threatType: () => 'Impact - Destructive Activity',
    attackStage: 'Impact (Stage 7 of 7)',
    tactics: ['TA0040'],
    strength: (s) => (s.events.destructive === undefined ? 0 : 0.9),
  },
  {
    kind: 'initial_access',
    threatType: (s) =>
      s.log?.incident?.kind === 'success_during_attack'
        ? 'Initial Access - Valid Accounts during a Brute Force'
        : 'Initial Access - Valid Accounts after Brute Force',
    attackStage: 'Initial Access (Stage 2 of 7)',
    tactics: ['TA0001', 'TA0006'],
    strength: (s) =>
      s.log?.incident?.kind === 'success_after_failures'
        ? 0.9
        : s.log?.incident?.kind === 'success_during_attack'
          ? 0.5
          : 0,
  },
  {
    kind: 'exfiltration',
    threatType: (s) => (s.user ? 'Data Exfiltration - Insider Threat' : 'Data Exfiltration - Unknown Actor'),
    attackStage: 'Exfiltration (Stage 6 of 7)',
    tactics: ['TA0010', 'TA0009'],
    strength: (s) => {
      const ratio = s.volume?.ratio ?? 0;
      const transfer = s.events.export !== undefined || s.events.download !== undefined;
      const external =
        s.sourceIp?.scope === 'public' || s.destinationIp?.scope === 'public' || s.location?.foreign === true;
      if (ratio >= 10)
        return Math.min(
          1,
          0.6 + 0.1 * Number(transfer) + 0.1 * Number(s.time?.offHours ?? false) + 0.1 * Number(external),
        );
      if (ratio >= 3 && transfer) return 0.5;
      return transfer && external ? 0.45 : 0;
    },
  },
  {
    kind: 'command_and_control',
    threatType: (s) =>
      (s.volume?.ratio ?? 0) >= 10
        ? 'Exfiltration over a Command and Control Channel'
        : 'Command and Control - Unusual Port',
    attackStage: 'Command and Control (Stage 6 of 7)',
    tactics: ['TA0011'],
    strength: (s) => {
      const ports = s.log?.ports ?? [];
      if (ports.some((p) => p.category === 'known_bad'))
        return s.destinationIp?.scope === 'public' ? 0.85 : 0.6;
      return ports.some((p) => p.category === 'unusual') && s.log?.destinationRare ? 0.5 : 0;
    },
  },
  {
    kind: 'brute_force',
    threatType: () => 'Credential Access - Brute Force',
    attackStage: 'Credential Access (Stage 3 of 7)',
    tactics: ['TA0006'],
    // One failed sign-in is a typo until there are more of them.
    strength: (s) => (isBurst(s) ? (s.events.failed_login !== undefined ? 0.85 : 0.6) : 0),
  },
  {
    kind: 'account_probing',
    threatType: () => 'Credential Access - Guessing Account Names',
    attackStage: 'Credential Access (Stage 3 of 7)',
    tactics: ['TA0006', 'TA0043'],
    strength: (s) => (s.log?.incident?.kind === 'account_probing' ? 0.55 : 0),
  },
  {
    kind: 'scan',
    threatType: () => 'Reconnaissance - Network Scan',
    attackStage: 'Reconnaissance (Stage 1 of 7)',
    tactics: ['TA0043', 'TA0007'],
    strength: (s) => (s.log?.incident?.kind === 'scan' ? 0.6 : 0),
  },
  {
    kind: 'privileged_login',
    threatType: () => 'Privileged Account Use - Interactive Root Login',
    attackStage: 'Privilege Escalation (Stage 4 of 7)',
    tactics: ['TA0004', 'TA0001'],
    strength: (s) => (s.log?.privilegedLogin && !s.log.automated ? 0.6 : 0),
  },
  {
    kind: 'anonymous_access',
    threatType: () => 'Initial Access - Anonymous Login',
    attackStage: 'Initial Access (Stage 2 of 7)',
    tactics: ['TA0001'],
    strength: (s) => (s.log?.anonymousLogin && s.log.success ? 0.55 : 0),
  },
  {
    kind: 'privilege_escalation',
    threatType: () => 'Privilege Escalation',
    attackStage: 'Privilege Escalation (Stage 4 of 7)',
    tactics: ['TA0004'],
    strength: (s) => (s.events.privilege === undefined ? 0 : 0.8),
  },
  {
    kind: 'lateral_movement',
    threatType: () => 'Lateral Movement',
    attackStage: 'Lateral Movement (Stage 5 of 7)',
    tactics: ['TA0008'],
    strength: (s) => {
      if (s.events.remote === undefined) return 0;
      return s.sourceIp?.scope === 'private' || s.destinationIp?.scope === 'private' ? 0.7 : 0.4;
    },
  },
  {
    kind: 'off_hours',
    threatType: () => 'Unauthorized Access - Off-hours',
    attackStage: 'Initial Access (Stage 2 of 7)',
    tactics: ['TA0001'],
    strength: (s) => (s.time?.offHours ? 0.5 : 0),
  },
  {
    kind: 'unusual_location',
    threatType: () => 'Unauthorized Access - Unusual Location',
    attackStage: 'Initial Access (Stage 2 of 7)',
    tactics: ['TA0001'],
    strength: (s) => (s.location?.foreign ? 0.45 : 0),
  },
];

/** Picks the strongest matching rule; the tactics of weaker matches are kept after its own. */
export function classifyThreat(s: Signals): Classification {
  const matches = THREAT_RULES.map((rule) => ({ rule, strength: rule.strength(s) })).filter(
    (m) => m.strength >= MIN_STRENGTH,
  );
  let best = matches[0];
  for (const m of matches) if (best && m.strength > best.strength) best = m;
  if (!best) {
    return {
      kind: 'unclassified',
      threatType: UNCLASSIFIED_THREAT,
      attackStage: 'Undetermined',
      tactics: [],
      strength: 0,
    };
  }
  const tactics = [...best.rule.tactics];
  for (const m of matches) for (const t of m.rule.tactics) if (!tactics.includes(t)) tactics.push(t);
  return {
    kind: best.rule.kind,
    threatType: best.rule.threatType(s),
    attackStage: best.rule.attackStage,
    tactics,
    strength: best.strength,
  };
}
