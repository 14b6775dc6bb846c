/**
 * Rule tables for reading a row semantically. Column names are matched as whole tokens
 * (`SourceIP` → source, ip) so that e.g. `account` never matches `count`; cell text is
 * matched after folding `_ - . /` to spaces.
 */

/** Column-name tokens that give a column its role. */
export const ROLE_TOKENS = {
  ip: new Set(['ip', 'ipaddr', 'ipaddress', 'ipv4', 'ipv6']),
  destination: new Set(['dst', 'dest', 'destination', 'target', 'server']),
  time: new Set([
    'timestamp',
    'time',
    'date',
    'datetime',
    'ts',
    'when',
    'occurred',
    'logged',
    'created',
    'hour',
  ]),
  attempts: new Set(['attempts', 'attempt', 'failures', 'failure', 'failed', 'retries', 'tries']),
  volume: new Set([
    'records',
    'record',
    'rows',
    'bytes',
    'byte',
    'count',
    'size',
    'download',
    'downloads',
    'downloaded',
    'volume',
    'files',
    'mb',
    'gb',
    'kb',
    'transferred',
    'sent',
    'items',
    'queries',
    'accessed',
    'exported',
  ]),
  location: new Set(['location', 'country', 'geo', 'geoip', 'city', 'region', 'loc', 'place']),
  user: new Set([
    'user',
    'username',
    'userid',
    'email',
    'mail',
    'account',
    'login',
    'principal',
    'actor',
    'employee',
    'uid',
    'upn',
    'owner',
    'staff',
    'member',
  ]),
  action: new Set([
    'action',
    'event',
    'activity',
    'operation',
    'op',
    'status',
    'result',
    'outcome',
    'message',
    'msg',
    'description',
    'desc',
    'type',
    'method',
    'command',
    'cmd',
    'query',
    'details',
    'reason',
    'category',
    'verb',
    'change',
  ]),
} as const;

/** Tokens that disqualify a user-ish name (`user_agent`, `account_type`, `login_status`). */
export const USER_EXCLUDED_TOKENS = new Set([
  'agent',
  'count',
  'attempts',
  'type',
  'group',
  'role',
  'status',
  'result',
  'outcome',
  'time',
  'date',
  'ip',
  'method',
]);

/** Volume tokens that measure bytes rather than records. */
export const BYTE_TOKENS = new Set(['bytes', 'byte', 'size', 'mb', 'gb', 'kb']);

/** Tokens that make a numeric column an identifier rather than a volume (`row_index`, `file_id`). */
export const VOLUME_EXCLUDED_TOKENS = new Set(['index', 'id', 'port', 'number', 'no']);

/** Kinds of event recognised in action/status text. */
export type EventKind =
  | 'failed_login'
  | 'denied'
  | 'destructive'
  | 'export'
  | 'download'
  | 'privilege'
  | 'remote';

const AUTH_CONTEXT =
  /\b(log ?[io]n|logon|sign ?in|auth\w*|password|credential\w*|ssh|kerberos|mfa|2fa|otp)\b/;
const AUTH_FAILURE = /\b(fail\w*|invalid|denied|reject\w*|incorrect|wrong|bad|locked|unsuccessful)\b/;

/** Event patterns; each is tried against the folded text of the row's action columns. */
export const EVENT_RULES: ReadonlyArray<{ kind: EventKind; test: (text: string) => boolean }> = [
  {
    kind: 'failed_login',
    // 4625: Windows "an account failed to log on".
    test: (t) => /\b4625\b/.test(t) || (AUTH_CONTEXT.test(t) && AUTH_FAILURE.test(t)),
  },
  { kind: 'denied', test: (t) => /\b(denied|forbidden|unauthori[sz]ed|blocked|403)\b/.test(t) },
  {
    kind: 'destructive',
    test: (t) =>
      /\b(delet\w*|drop(ped)? (table|database|schema)|truncat\w*|wip(e|ed|ing)|destroy\w*|purg\w*|shred\w*|rm -rf|ransom\w*|encrypted files)\b/.test(
        t,
      ),
  },
  {
    kind: 'export',
    test: (t) => /\b(export\w*|dump\w*|bulk (copy|read|select)|transfer\w*|exfil\w*|upload\w*)\b/.test(t),
  },
  { kind: 'download', test: (t) => /\b(download\w*|get ?object)\b/.test(t) },
  {
    kind: 'privilege',
    // 4672/4728/4732/4756: Windows special-privilege logon and security-group additions.
    test: (t) =>
      /\b(privilege\w*|sudo\w*|superuser|setuid|runas|escalat\w*|role (change|grant|assign)\w*|(grant|assign|add|promot)\w* .{0,30}\b(admin\w*|role|root|group)|admin\w* (role|rights|access|privileges?) (granted|added|assigned)|4672|4728|4732|4756)\b/.test(
        t,
      ),
  },
  {
    kind: 'remote',
    test: (t) =>
      /\b(psexec|rdp|remote desktop|ssh|smb|wmi|winrm|remote (exec\w*|session|login|logon|shell)|lateral|pass the (hash|ticket)|mimikatz)\b/.test(
        t,
      ),
  },
];

/** Kinds of sensitive data a row can concern, most sensitive first. */
export type DataKind = 'biometric' | 'phi' | 'pci' | 'credentials' | 'pii';

/** Data-type hints read from column, feature and sheet names, in label priority order. */
export const DATA_HINTS: ReadonlyArray<{ kind: DataKind; label: string; pattern: RegExp }> = [
  {
    kind: 'biometric',
    label: 'Biometric PII',
    pattern:
      /\b(biometrics?|fingerprints?|face ?(id|print|scan|template)s?|retina\w*|iris|palm ?prints?|voice ?prints?)\b/,
  },
  {
    kind: 'phi',
    label: 'Protected Health Information (PHI)',
    // Not bare "health": system health checks are common in ops logs.
    pattern:
      /\b(medical|patients?|health ?records?|healthcare|diagnos\w*|clinical|ehr|emr|prescriptions?|mrn|phi|lab results?|treatments?)\b/,
  },
  {
    kind: 'pci',
    label: 'Payment card data (PCI)',
    // Whole words only: "cardiology" is not card data.
    pattern: /\b(cards?|cardholder|cardnumber|payments?|pan|cvv|cvc|credit|debit|iban|billing)\b/,
  },
  {
    kind: 'credentials',
    label: 'Credentials',
    pattern: /\b(passwords?|passwd|credentials?|secrets?|api ?keys?|private ?keys?|tokens?)\b/,
  },
  {
    kind: 'pii',
    label: 'Personal data (PII)',
    // Only postal addresses: "ip address" must not count as personal data.
    pattern:
      /\b(ssn|nric|passports?|dob|date of birth|birth ?date|phone\w*|national ?id|salary|salaries|personal|customers?|(home|postal|mailing|street) address)\b/,
  },
];

/** An account domain like this implies the records touched are probably health records. */
export const HEALTHCARE_DOMAIN = /hospital|clinic|health|medical|pharma|\bnhs\b/;

/**
 * Text that tries to steer a reader (prompt injection, markup, shell, spreadsheet formulas).
 * Finding it never lowers severity; it is reported as an indicator and forces human review.
 */
export const UNTRUSTED_TEXT_PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules?|guidelines)\b/i,
  /\b(system|developer) (prompt|message)\b/i,
  /\b(mark|classify|treat|label)\b.{0,30}\b(benign|safe|false positive|harmless|low (severity|risk))\b/i,
  /<\s*\/?\s*(script|iframe|img|svg|object|embed|style)\b/i,
  /\bjavascript:/i,
  /!\[[^\]]*\]\(\s*https?:/i,
  /\$\(|`[^`]*`|\|\s*(ba|z)?sh\b|\brm\s+-rf\b|\b(curl|wget)\s+\S+/i,
  /^\s*[=+@-]\s*[A-Za-z_.]+\s*\(/,
];
