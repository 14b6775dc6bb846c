import type { ImmediateAction, Severity, Triage } from './schema';
import type { Signals } from './signals';
import type { Classification, ThreatKind } from './threats';
import type { AnomalyEvidence } from './types';

/** What a playbook needs to know to phrase actions for one row. */
export interface PlaybookInput {
  signals: Signals;
  threat: Classification;
  severity: Severity;
  anomaly: AnomalyEvidence;
  compliance: readonly string[];
  /** Overall confidence is high enough to propose containment (block, suspend, notify). */
  confident: boolean;
}

type DraftAction = Pick<ImmediateAction, 'action' | 'command' | 'rationale' | 'estimated_time'>;

const CONTAINMENT_KINDS: ReadonlySet<ThreatKind> = new Set([
  'exfiltration',
  'destructive',
  'brute_force',
  'privilege_escalation',
  'initial_access',
  'command_and_control',
]);

const ACCOUNT_RATIONALE: Partial<Record<ThreatKind, string>> = {
  exfiltration: 'Prevent further data access while investigating',
  initial_access: 'The account was signed into after a run of failures: treat its password as guessed',
  destructive: 'Stop further destructive operations from this account',
  privilege_escalation: 'Contain the account before the new privileges are used',
};

const IP_RATIONALE: Partial<Record<ThreatKind, string>> = {
  exfiltration: 'Stop ongoing exfiltration',
  brute_force: 'Stop the ongoing credential guessing',
  initial_access: 'The source that guessed its way in must not come back',
  command_and_control: 'Cut the channel to the external controller',
};

/**
 * How the account is named in action text. Only a value that passed the username validator
 * is quoted; anything else is referred to by row so row text never reaches an action.
 */
export function accountRef(input: PlaybookInput): string {
  const user = input.signals.user;
  return user?.safe ? `'${user.value}'` : `recorded in row ${input.anomaly.row_index}`;
}

function cognito(operation: string, username: string): string {
  return `aws cognito-idp ${operation} --user-pool-id "$USER_POOL_ID" --username '${username}'`;
}

function accountAction(input: PlaybookInput, contain: boolean): DraftAction | null {
  const { signals: s, threat } = input;
  if (!s.user || !contain || !CONTAINMENT_KINDS.has(threat.kind)) return null;
  const ref = accountRef(input);
  const name = s.user.safe ? s.user.value : null;
  if (threat.kind === 'brute_force' || threat.kind === 'initial_access') {
    return {
      action: `Lock account ${ref}, force a credential reset and sign out its sessions`,
      command: name
        ? `${cognito('admin-reset-user-password', name)} && ${cognito('admin-user-global-sign-out', name)}`
        : null,
      rationale: 'The password may already have been guessed; invalidate it and any session it opened',
      estimated_time: name ? '< 1 minute' : '< 30 minutes',
    };
  }
  return {
    action: `Suspend user account ${ref} and revoke its active sessions${name ? '' : ' (value failed validation; identify the account manually)'}`,
    command: name
      ? `${cognito('admin-disable-user', name)} && ${cognito('admin-user-global-sign-out', name)}`
      : null,
    rationale:
      ACCOUNT_RATIONALE[threat.kind] ?? 'Contain the account until the activity is confirmed legitimate',
    estimated_time: name ? '< 1 minute' : '< 30 minutes',
  };
}

function networkAction(input: PlaybookInput, contain: boolean): DraftAction | null {
  const { signals: s, threat, anomaly } = input;
  if (!contain) return null;
  const external = [s.sourceIp, s.destinationIp].find((a) => a?.scope === 'public');
  const ip = threat.kind === 'command_and_control' || threat.kind === 'exfiltration' ? external : s.sourceIp;
  if (ip?.scope === 'public') {
    const family = ip.family === 4 ? 'ipv4' : 'ipv6';
    return {
      action: `Block ${ip === s.sourceIp ? 'source' : 'destination'} IP ${ip.address} at the perimeter firewall`,
      command: `firewall-cmd --permanent --add-rich-rule='rule family="${family}" ${ip === s.sourceIp ? 'source' : 'destination'} address="${ip.address}" reject' && firewall-cmd --reload`,
      rationale: IP_RATIONALE[threat.kind] ?? 'Cut off the external origin while investigating',
      estimated_time: '< 1 minute',
    };
  }
  if (s.sourceIp?.scope === 'private') {
    return {
      action: `Isolate internal host ${s.sourceIp.address} from the network for forensic triage`,
      command: null,
      rationale: 'The host may be compromised; isolation method depends on the environment',
      estimated_time: '< 30 minutes',
    };
  }
  if (s.invalidIp) {
    return {
      action: `Verify and block the source address recorded in row ${anomaly.row_index} (value failed IP validation)`,
      command: null,
      rationale: 'The address cell is not a valid IP, so no command can be generated safely',
      estimated_time: '< 30 minutes',
    };
  }
  return null;
}

function threatAction(input: PlaybookInput, contain: boolean): DraftAction | null {
  const { signals: s, threat, anomaly } = input;
  const ref = accountRef(input);
  switch (threat.kind) {
    case 'destructive':
      return {
        action: 'Snapshot affected databases and volumes and suspend scheduled deletion jobs',
        command: null,
        rationale: 'Preserve recoverable state before further loss',
        estimated_time: '< 30 minutes',
      };
    case 'privilege_escalation':
      return {
        action: `Revoke privileges granted in this event to account ${ref} and identify who approved the change`,
        command: null,
        rationale: 'Elevated rights are the attacker’s lever for every later stage',
        estimated_time: '< 30 minutes',
      };
    case 'lateral_movement':
      return {
        action: `Block remote-execution protocols (RDP/SMB/WinRM/SSH) from ${s.sourceIp?.address ?? `the host recorded in row ${anomaly.row_index}`}`,
        command: null,
        rationale: 'Stop the spread to further internal hosts',
        estimated_time: '< 1 hour',
      };
    default:
      if (contain && input.compliance.length > 0) {
        return {
          action: `Notify the data protection officer of a possible breach of ${s.dataLabel}`,
          command: null,
          rationale: 'Breach-notification deadlines (e.g. GDPR 72 hours) run from awareness',
          estimated_time: '< 1 hour',
        };
      }
      return null;
  }
}

function verifyAction(input: PlaybookInput): DraftAction {
  return input.signals.user
    ? {
        action: `Confirm with the owner of account ${accountRef(input)}, out of band, whether this activity was authorised`,
        command: null,
        rationale: 'A legitimate explanation closes the case quickly; a denial confirms compromise',
        estimated_time: '< 1 hour',
      }
    : {
        action: `Review row ${input.anomaly.row_index} with the data owner to confirm whether the activity is expected`,
        command: null,
        rationale: 'No account is recorded, so the data owner is the first point of contact',
        estimated_time: '< 1 hour',
      };
}

/**
 * Immediate actions, most urgent first. Containment (block, suspend, notify) only for
 * high or critical rows triaged with confidence, and below critical always for a person to
 * approve; a command is present only when every interpolated value passed validation.
 */
export function immediateActions(input: PlaybookInput): ImmediateAction[] {
  const contain = (input.severity === 'high' || input.severity === 'critical') && input.confident;
  const drafts = [
    accountAction(input, contain),
    networkAction(input, contain),
    threatAction(input, contain),
    verifyAction(input),
  ].filter((d): d is DraftAction => d !== null);
  return drafts.map((d, i) => ({
    priority: i + 1,
    ...d,
    automation_available: d.command !== null,
    requires_manual_review: d.command === null || input.severity !== 'critical',
  }));
}

const SHORT_TERM: Record<ThreatKind, (ref: string) => Triage['short_term_actions']> = {
  exfiltration: (ref) => [
    {
      action: `Review all data accessed by account ${ref} in the last 30 days`,
      timeline: 'Within 24 hours',
      automation_available: false,
    },
    {
      action: 'Force password reset for all accounts with similar access patterns',
      timeline: 'Within 1 hour',
      automation_available: true,
    },
    {
      action: 'Search egress logs for further transfers to the same destination',
      timeline: 'Within 4 hours',
      automation_available: false,
    },
  ],
  destructive: () => [
    {
      action: 'Verify backup integrity and restore affected data',
      timeline: 'Within 4 hours',
      automation_available: false,
    },
    {
      action: 'Audit delete permissions across the affected data store',
      timeline: 'Within 24 hours',
      automation_available: false,
    },
  ],
  brute_force: (ref) => [
    {
      action: `Enforce MFA and account lockout for account ${ref}`,
      timeline: 'Within 1 hour',
      automation_available: true,
    },
    {
      action: 'Search for successful logins from the same source after the failures',
      timeline: 'Within 4 hours',
      automation_available: false,
    },
  ],
  privilege_escalation: () => [
    {
      action: 'Audit role and group changes made in the last 7 days',
      timeline: 'Within 24 hours',
      automation_available: false,
    },
    {
      action: 'Review every action performed with the elevated privileges',
      timeline: 'Within 4 hours',
      automation_available: false,
    },
  ],
  lateral_movement: () => [
    {
      action: 'Scan hosts contacted by the source host for persistence mechanisms',
      timeline: 'Within 24 hours',
      automation_available: false,
    },
    {
      action: 'Reset credentials used on the involved hosts',
      timeline: 'Within 4 hours',
      automation_available: true,
    },
  ],
  initial_access: (ref) => [
    {
      action: `Review everything account ${ref} did after the suspect sign-in`,
      timeline: 'Within 4 hours',
      automation_available: false,
    },
    {
      action: 'Search for other accounts signed into from the same source',
      timeline: 'Within 4 hours',
      automation_available: false,
    },
  ],
  command_and_control: () => [
    {
      action: 'Search egress logs for other hosts talking to the same destination or port',
      timeline: 'Within 4 hours',
      automation_available: false,
    },
    {
      action: 'Scan the internal host for remote-access tooling and persistence',
      timeline: 'Within 24 hours',
      automation_available: false,
    },
  ],
  account_probing: () => [
    {
      action: 'Check whether any guessed account name exists and had a successful sign-in',
      timeline: 'Within 24 hours',
      automation_available: false,
    },
  ],
  scan: () => [
    {
      action: 'Check which of the probed services answered and whether the source came back to them',
      timeline: 'Within 24 hours',
      automation_available: false,
    },
  ],
  privileged_login: () => [
    {
      action: 'Confirm who used the root console and why, against change records',
      timeline: 'Within 24 hours',
      automation_available: false,
    },
  ],
  anonymous_access: () => [
    {
      action: 'Review what the anonymous session read or wrote',
      timeline: 'Within 24 hours',
      automation_available: false,
    },
  ],
  off_hours: (ref) => [
    {
      action: `Confirm whether off-hours access by account ${ref} was authorised and documented`,
      timeline: 'Within 24 hours',
      automation_available: false,
    },
  ],
  unusual_location: (ref) => [
    {
      action: `Review recent sign-ins of account ${ref} from new locations`,
      timeline: 'Within 24 hours',
      automation_available: false,
    },
  ],
  unclassified: () => [
    {
      action: 'Review the flagged row with the data owner',
      timeline: 'Within 72 hours',
      automation_available: false,
    },
  ],
};

const LONG_TERM: Record<ThreatKind, Triage['long_term_actions']> = {
  exfiltration: [
    { action: 'Add DLP thresholds and alerts on bulk record access', timeline: 'Within 30 days' },
  ],
  destructive: [
    { action: 'Adopt immutable, versioned backups with deletion protection', timeline: 'Within 30 days' },
  ],
  brute_force: [{ action: 'Roll out phishing-resistant MFA for all accounts', timeline: 'Within 30 days' }],
  privilege_escalation: [
    { action: 'Introduce just-in-time privileged access with approval', timeline: 'Within 30 days' },
  ],
  lateral_movement: [
    { action: 'Segment internal networks and restrict remote-admin protocols', timeline: 'Within 90 days' },
  ],
  initial_access: [
    {
      action: 'Require MFA for remote sign-in and rate-limit authentication per source',
      timeline: 'Within 30 days',
    },
  ],
  command_and_control: [
    { action: 'Default-deny egress and allow-list outbound ports per host role', timeline: 'Within 90 days' },
  ],
  account_probing: [
    { action: 'Disable password sign-in where keys or SSO can be used', timeline: 'Within 30 days' },
  ],
  scan: [
    {
      action: 'Close ports that need not be reachable and alert on scans at the perimeter',
      timeline: 'Within 30 days',
    },
  ],
  privileged_login: [
    { action: 'Disable direct root login; use named accounts and sudo', timeline: 'Within 30 days' },
  ],
  anonymous_access: [
    { action: 'Disable anonymous access unless a published service needs it', timeline: 'Within 30 days' },
  ],
  off_hours: [{ action: 'Apply time-based access policies to sensitive data', timeline: 'Within 30 days' }],
  unusual_location: [{ action: 'Apply conditional access by location', timeline: 'Within 30 days' }],
  unclassified: [{ action: 'Tune the detection baseline for this dataset', timeline: 'Within 30 days' }],
};

/** Follow-up actions for the threat class, naming the account only if it validated. */
export function shortTermActions(input: PlaybookInput): Triage['short_term_actions'] {
  return SHORT_TERM[input.threat.kind](accountRef(input));
}

/** Structural fixes; geographic controls are added when the origin was external. */
export function longTermActions(input: PlaybookInput): Triage['long_term_actions'] {
  const { jurisdiction, sourceIp, location } = input.signals;
  const external = sourceIp?.scope === 'public' || location?.foreign === true;
  const geo =
    jurisdiction && external
      ? [
          {
            action: `Implement geographic access controls (allow-list ${jurisdiction.country} IP ranges)`,
            timeline: 'Within 7 days',
          },
        ]
      : [];
  return [...geo, ...LONG_TERM[input.threat.kind]];
}
