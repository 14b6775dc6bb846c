/**
 * What a log line says happened, read from its words. Works on any family of logs (sshd,
 * PAM, login, ftpd, sudo, web servers, Windows event ids, audit tables with values like
 * `login_failed`) because it reads outcomes, not product-specific formats.
 */
export type EventKind =
  | 'auth_failure'
  | 'unknown_account'
  | 'auth_success'
  | 'anonymous_login'
  | 'privileged_login'
  | 'automated_session'
  | 'privilege_change'
  | 'denied'
  | 'probe'
  | 'timeout'
  | 'service_lifecycle'
  | 'destructive'
  | 'export'
  | 'download'
  | 'remote';

export interface LineEvent {
  kinds: EventKind[];
  /** How many attempts the line stands for (`message repeated 3 times`, `PAM 2 more …`). */
  repeats: number;
}

/** Lower-cases and turns `_ - . / \` into spaces so word boundaries see words. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[_\-./\\]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const AUTH =
  /\b(log ?[io]n|logon|sign ?in|auth\w*|password|passwd|credential\w*|ssh\w*|kerberos|mfa|2fa|otp|pam|publickey|keyboard interactive)\b/;
const FAILED = /\b(fail\w*|invalid|denied|reject\w*|incorrect|wrong|bad|locked out|unsuccessful|refused)\b/;
const RULES: ReadonlyArray<{ kind: EventKind; test: (t: string) => boolean }> = [
  {
    kind: 'unknown_account',
    test: (t) =>
      /\b(invalid user|user unknown|unknown user|no such user|illegal user|not in sudoers|user not known)\b/.test(
        t,
      ),
  },
  {
    kind: 'auth_failure',
    // 4625/4771/4776: Windows failed logon, Kerberos pre-auth and NTLM validation failures.
    test: (t) =>
      /\b(4625|4771|failed password|authentication failures?|login incorrect|failed login|auth fail\w*|too many authentication|maximum authentication attempts)\b/.test(
        t,
      ) ||
      /\b(invalid user|user unknown|unknown user|illegal user)\b/.test(t) ||
      (AUTH.test(t) && FAILED.test(t)),
  },
  {
    kind: 'auth_success',
    // 4624: Windows successful logon.
    test: (t) =>
      /\b(4624|accepted (password|publickey|keyboard interactive\w*|gssapi\w*|hostbased)|logged ?in|login success\w*|successful(ly)? (login|logon|authenticat\w*)|login on tty\w*|anonymous ftp login|session opened for user \S+ by login|authentication succeeded)\b/.test(
        t,
      ) ||
      (/\b(log ?in|logon|sign ?in)\b/.test(t) && /\b(success\w*|ok|succeeded|accepted|allowed)\b/.test(t)),
  },
  {
    kind: 'anonymous_login',
    test: (t) => /\banonymous\b/.test(t) && /\b(log ?in|logon|session|ftp)\b/.test(t),
  },
  {
    kind: 'privileged_login',
    test: (t) =>
      /\broot login\b/.test(t) ||
      /\baccepted \w+ for root\b/.test(t) ||
      /\bsession opened for user root by (login|root|\(uid=0\) login)/.test(t) ||
      /\b(log ?in|logon)\b.*\b(as|for) (root|administrator)\b/.test(t),
  },
  {
    kind: 'automated_session',
    // cron, su and daemons open sessions on behalf of users; `by (uid=0)` is their mark.
    test: (t) => /\bsession (opened|closed) for user \S+ by \(uid=\d+\)|\bcron\w*\b/.test(t),
  },
  {
    kind: 'privilege_change',
    // 4672/4728/4732/4756: special privileges assigned, members added to security groups.
    test: (t) =>
      /\b(sudo\w*|superuser|setuid|runas|escalat\w*|privilege\w* (granted|assigned|changed)|role (change\w*|grant\w*|assign\w*)|(grant|assign|add|promot)\w* .{0,30}\b(admin\w*|root|wheel) (role|group|rights|access)|4672|4728|4732|4756)\b/.test(
        t,
      ),
  },
  {
    kind: 'denied',
    test: (t) => /\b(denied|forbidden|unauthori[sz]ed|not allowed|blocked|403|401|permission)\b/.test(t),
  },
  {
    kind: 'probe',
    test: (t) =>
      /\b(did not receive identification|possible break ?in attempt|bad protocol version|scan\w*|port ?scan|probe\w*|directory index forbidden|file does not exist|invalid (request|method)|protocol mismatch)\b/.test(
        t,
      ),
  },
  { kind: 'timeout', test: (t) => /\b(timed? ?out|timeout)\b/.test(t) },
  {
    kind: 'service_lifecycle',
    test: (t) =>
      /\b(restart\w*|shutting down|shutdown|sigterm|sighup|resuming normal operations|start(ed|ing)?|stop(ped|ping)?|exiting|reload\w*)\b/.test(
        t,
      ),
  },
  {
    kind: 'destructive',
    test: (t) =>
      /\b(drop(ped)? (table|database|schema)|truncat\w*|wip(e|ed|ing)|destroy\w*|purg\w*|shred\w*|rm rf|ransom\w*|encrypt(ed)? files|mass delet\w*|bulk delet\w*|delete (all|bucket|database))\b/.test(
        t,
      ),
  },
  {
    kind: 'export',
    test: (t) => /\b(export\w*|dump\w*|bulk (copy|read|select)|exfil\w*|upload\w*)\b/.test(t),
  },
  { kind: 'download', test: (t) => /\b(download\w*|get ?object)\b/.test(t) },
  {
    kind: 'remote',
    test: (t) =>
      /\b(psexec|rdp|remote desktop|smb|wmi\w*|winrm|remote (exec\w*|shell)|pass the (hash|ticket)|mimikatz|reverse shell)\b/.test(
        t,
      ),
  },
];

/** Every rule needs one of these stems; a line with none of them records no event, and most lines are such. */
const ANY_RULE_WORD =
  /fail|invalid|known|such|add|40[13]|illegal|incorrect|wrong|bad|locked|reject|refus|denied|forbid|unauthori|allow|block|permission|4[06]\d\d|47[0-9]{2}|accept|log|sign|auth|pass|credential|ssh|kerberos|mfa|2fa|otp|pam|key|session|cron|root|anonym|sudo|super|setuid|runas|escalat|privilege|role|grant|assign|promot|scan|probe|identification|break|protocol|index|exist|request|method|time|restart|shut|sig|resum|start|stop|exit|reload|drop|truncat|wip|destroy|purg|shred|rm|ransom|encrypt|delet|export|dump|bulk|exfil|upload|download|object|psexec|rdp|remote|smb|wmi|winrm|shell|hash|ticket|mimikatz|succe|ok/i;

const REPEATED = /message repeated (\d{1,6}) times|\b(\d{1,6}) more authentication failures?/;

/** The events a line of text records; several may apply (a failed login for an unknown user). */
export function classifyText(text: string): LineEvent {
  if (!ANY_RULE_WORD.test(text.length > 2000 ? text.slice(0, 2000) : text)) return { kinds: [], repeats: 1 };
  const folded = foldText(text.length > 2000 ? text.slice(0, 2000) : text);
  const kinds = RULES.filter((r) => r.test(folded)).map((r) => r.kind);
  // A success and a failure in one line ("login failed … ok") is a failure.
  const resolved = kinds.includes('auth_failure')
    ? kinds.filter((k) => k !== 'auth_success' && k !== 'privileged_login' && k !== 'anonymous_login')
    : kinds;
  const repeated = REPEATED.exec(text.toLowerCase());
  const repeats = repeated ? Math.max(1, Number(repeated[1] ?? repeated[2])) : 1;
  return { kinds: resolved, repeats };
}
