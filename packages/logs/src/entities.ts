import { isIP } from 'node:net';

/** What a free-text log message mentions. Every list is deduplicated and in order of first appearance. */
export interface TextEntities {
  /** Valid IPv4/IPv6 addresses in order of appearance, deduplicated (reject 999.1.1.1, version strings like 1.4.1, and dotted numbers with a leading-zero octet). */
  ips: string[];
  /** Ports written as `port N`, `:N` right after an IP (`[v6]:N` too), `dport=N`, `dst_port=N` (also `sport=`, `src_port=`, iptables `SPT=`/`DPT=`), 1..65535. */
  ports: number[];
  /** User names the message is about (see {@link extractEntities} for the phrasings recognised). */
  users: string[];
  /** Host names that are not IPs (rhost=host.example.com, `getaddrinfo for ns.example.com`, `connection from host (1.2.3.4)`, also `host=`/`hostname=` and sshd's `… maps to X`), lower-cased. */
  hosts: string[];
  /** Absolute file paths / URL paths (`/var/www/html/`, `/api/orders/1`), query string dropped, deduplicated. Paths inside full URLs (`http://host/x`) are not taken. */
  paths: string[];
  /** HTTP status codes 100–599 that appear in HTTP context (request/status line, `status=404`, `HTTP 500`, `GET /api/x 200`). */
  statusCodes: number[];
  /** Process ids: `name[1234]`, `pid=1234`, `pid 1234`, `(pid 1234)`, `pid: 1234`. */
  pids: number[];
  /** uid=N / euid=N values, so uid=0 (root) can be noticed. */
  uids: number[];
}

/** Where an address routes: private (RFC 1918/4193), loopback, reserved (special-purpose) or public. */
export type IpScope = 'public' | 'private' | 'loopback' | 'reserved';

/** Only the head of a message is read, so a hostile multi-megabyte line costs the same as a normal one. */
const MAX_CHARS = 2_000;

const IPV4 = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)/g;
const VERSION_BEFORE = /\b(?:version|ver\.?|release|v)\s*$/i;
const DIGIT = /\d/;
const ZONE = /^%[\w.-]{1,32}/;
const PORT_AFTER = /^:(\d{1,5})(?!\d)/;

type Reader<T> = (capture: string, match: RegExpExecArray, text: string) => T | null;
/** A pattern, the lower-case substring without which it cannot match (a cheap pre-check), and how to read its capture. */
type Rule<T> = readonly [needle: string, pattern: RegExp, read: Reader<T>];

const port: Reader<number> = (raw) => inRange(raw, 1, 65535);
const PORT_RULES: Rule<number>[] = [
  ['port', /\bport\s+(\d{1,5})\b/gi, port],
  ['port=', /\b(?:d|s|dst_|src_)port=(\d{1,5})\b/gi, port],
  // iptables writes SPT=/DPT=.
  ['pt=', /\b[ds]pt=(\d{1,5})\b/gi, port],
];

const user: Reader<string> = (raw) => cleanUser(raw);
const TRUSTED_BEFORE_USER = /\b(?:for|invalid)\s+$/i;
// After a bare "user X": the end of a clause, or a word that cannot continue a noun phrase.
const CLAUSE_END = /\s*(?:$|[,;)\]]|\.(?:\s|$))|\s+(?:(?:from|by|on|not|logged)\b|[([\d])/y;
/**
 * One pass for every "user X" phrasing: "for user X", "invalid user X" and "user: X" are
 * trusted as they stand; a bare "user X" only where X ends a clause, so "user authentication
 * failed" yields nothing.
 */
const userPhrase: Reader<string> = (raw, m, text) => {
  const name = raw.replace(/[,;)\]]+$|\.$/, '');
  if (!m[0].includes(':') && !TRUSTED_BEFORE_USER.test(text.slice(Math.max(0, m.index - 9), m.index))) {
    CLAUSE_END.lastIndex = m.index + m[0].length - (raw.length - name.length);
    if (!CLAUSE_END.test(text)) return null;
  }
  return cleanUser(name);
};
const USER_RULES: Rule<string>[] = [
  ['user', /\buser(?::\s*|\s+)(\S+)/gi, userPhrase],
  [' for ', /\b(?:Failed|Accepted|Postponed)\s+[\w/-]+\s+for\s+(?!invalid user\s)(\S+)\s+from\b/gi, user],
  ['=', /(?<![\w-])(?:r?user|user_?name|logname)=("[^"]*"|'[^']*'|\S*)/gi, user],
  // Upper case only: login(1) shouts "FAILED LOGIN 1 FROM (null) FOR root,", prose "for x," is not a user.
  ['for', /\bFOR\s+(\S+?),/g, user],
  ['login on', /\bLOGIN ON\s+\S+\s+BY\s+(\S+)/gi, user],
  ['account', /\baccount\s+(\S+)/gi, user],
  ['@', /(?<![\w.+-])([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,})(?![\w-])/gi, user],
  ['(anonymous)', /\(anonymous\)/g, () => 'anonymous'],
  ['root login', /\bROOT LOGIN\b/g, () => 'root'],
];
/** Words that sit where a user name would but are not one (sshd's "user unknown", an empty field, …). */
const NOT_A_USER = new Set(
  'unknown invalid illegal from by for to on in user null none nil - * has is was not expired locked disabled'.split(
    ' ',
  ),
);

const host: Reader<string> = (raw) => cleanHost(raw);
const HOST_RULES: Rule<string>[] = [
  ['rhost=', /\brhost=(\S+)/gi, host],
  ['host', /(?<![\w-])(?:host|hostname)=(\S+)/gi, host],
  ['getaddrinfo', /\bgetaddrinfo for\s+(\S+)/gi, host],
  ['connection from', /\bconnection from\s+(\S+)\s+\(/gi, host],
  ['maps to', /\bmaps to\s+(\S+)/gi, host],
];
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/;

const PATH_START = /[\s"'=([,;:]/;
const PATH_RULES: Rule<string>[] = [
  [
    '/',
    /\/(?!\/)[^\s"'()<>[\]{},;|?#]*/g,
    // Checked here rather than with a look-behind so the regex can jump between slashes; the
    // start rule keeps "HTTP/1.1", "and/or" and the host part of "http://x/y" out.
    (_, m, text) => {
      if (m.index > 0 && !PATH_START.test(text[m.index - 1] as string)) return null;
      const path = m[0].replace(/[.:!]+$/, '');
      return path.length > 1 ? path : null;
    },
  ],
];

const status: Reader<number> = (raw) => inRange(raw, 100, 599);
const STATUS_RULES: Rule<number>[] = [
  ['http', /\bHTTP\/\d(?:\.\d)?"?\s+(\d{3})(?![\w.])/g, status],
  ['status', /\bstatus(?:_?code)?["']?\s*[=:]\s*["']?(\d{3})(?![\w.])/gi, status],
  ['http', /\bHTTP\s+(\d{3})(?![\w.])/g, status],
  [' /', /\b(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|CONNECT|TRACE)\s+\/\S*\s+(\d{3})(?![\w.])/g, status],
];

const PROCESS_NAME_CHAR = /[\w.\-/]/;
const PID_RULES: Rule<number>[] = [
  [
    '[',
    /\[(\d{1,10})\]/g,
    // Only "name[1234]" is a pid; "[1234]" alone is as likely a counter or a kernel timestamp.
    (raw, m, text) =>
      m.index > 0 && PROCESS_NAME_CHAR.test(text[m.index - 1] ?? '') ? inRange(raw, 0, 2 ** 31 - 1) : null,
  ],
  ['pid', /\bpid(?:=|:?\s+)(\d{1,10})\b/gi, (raw) => inRange(raw, 0, 2 ** 31 - 1)],
];
const UID_RULES: Rule<number>[] = [['uid=', /\be?uid=(\d{1,10})\b/gi, (raw) => inRange(raw, 0, 2 ** 32 - 1)]];

const LEADING_JUNK = /^["'`([<{]+/;
const TRAILING_JUNK = /["'`)\]>},;:.!?]+$/;

/** Collects hits with their offsets so several patterns can be merged back into text order. */
class Hits<T> {
  private at: number[] | null = null;
  private values: T[] = [];
  private inOrder = true;

  add(at: number, value: T | null): void {
    if (value === null) return;
    if (this.at === null) this.at = [];
    const last = this.at[this.at.length - 1];
    if (last !== undefined && at < last) this.inOrder = false;
    this.at.push(at);
    this.values.push(value);
  }

  ordered(): T[] {
    let values = this.values;
    if (values.length < 2) return values;
    const at = this.at ?? [];
    if (!this.inOrder) {
      // Array.prototype.sort is stable, so equal offsets keep rule order.
      values = values
        .map((_, i) => i)
        .sort((a, b) => (at[a] as number) - (at[b] as number))
        .map((i) => values[i] as T);
    }
    const out: T[] = [];
    for (const v of values) if (!out.includes(v)) out.push(v);
    return out;
  }
}

function collect<T>(text: string, lower: string, rules: readonly Rule<T>[], hits: Hits<T>): void {
  for (let r = 0; r < rules.length; r++) {
    const [needle, pattern, read] = rules[r] as Rule<T>;
    if (!lower.includes(needle)) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      hits.add(m.index, read(m[1] ?? '', m, text));
      if (m[0] === '') pattern.lastIndex++;
    }
  }
}

function strip(raw: string): string {
  return raw.replace(LEADING_JUNK, '').replace(TRAILING_JUNK, '');
}

function cleanUser(raw: string): string | null {
  let name = strip(raw);
  // pam writes "for user root(uid=0)"; the name is what precedes the parenthesis.
  const paren = name.indexOf('(');
  if (paren > 0) name = strip(name.slice(0, paren));
  if (name === '' || name.length > 64 || name.includes('=') || /\s/.test(name)) return null;
  if (NOT_A_USER.has(name.toLowerCase()) || isIP(name) !== 0) return null;
  return name;
}

function cleanHost(raw: string): string | null {
  const host = strip(raw).toLowerCase();
  if (host === 'unknown' || host === 'localhost.localdomain' || isIP(host) !== 0) return null;
  return HOSTNAME.test(host) ? host : null;
}

function inRange(raw: string | undefined, min: number, max: number): number | null {
  if (raw === undefined) return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

function isIpv6Char(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 46;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** Dotted quad with octets 0..255 and no leading zeros ("01.2.3.4" is more likely a version or date). */
function isIpv4(s: string): boolean {
  let octets = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      octets++;
      value = 0;
      digits = 0;
    } else {
      if (c < 48 || c > 57 || (digits === 1 && value === 0)) return false;
      value = value * 10 + (c - 48);
      digits++;
    }
  }
  return octets === 4;
}

function isTrailingStop(text: string, end: number): boolean {
  const c = text.charCodeAt(end - 1);
  return c === 46 || (c === 58 && text.charCodeAt(end - 2) !== 58);
}

function extractIpv6(text: string, ips: Hits<string>, ports: Hits<number>, spans: number[]): void {
  // Walking out from each colon is far cheaper than trying a hex-run regex at every word.
  for (let colon = text.indexOf(':'); colon !== -1; ) {
    let start = colon;
    while (start > 0 && isIpv6Char(text.charCodeAt(start - 1))) start--;
    let end = colon + 1;
    while (end < text.length && isIpv6Char(text.charCodeAt(end))) end++;
    colon = text.indexOf(':', end);
    // "addr:" / ":addr" and a sentence-final "." are punctuation, but "::" belongs to the address.
    while (end - start > 2 && isTrailingStop(text, end)) end--;
    if (text[start] === ':' && text[start + 1] !== ':') start++;
    if (end - start < 2 || end - start > 45) continue;
    if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) continue;
    const candidate = text.slice(start, end);
    if (candidate.indexOf(':') === candidate.lastIndexOf(':') || isIP(candidate) !== 6) continue;
    // "a::b" is a valid address but far more often a C++/Rust path; real ones nearly always have a digit.
    if (!DIGIT.test(candidate)) continue;
    spans.push(start, end);
    ips.add(start, candidate.toLowerCase());
    // Skip a zone id ("fe80::1%eth0") to reach the "]:port" of a bracketed address.
    const close = end + (ZONE.exec(text.slice(end, end + 34))?.[0].length ?? 0);
    if (text[start - 1] === '[' && text[close] === ']') {
      ports.add(close, inRange(PORT_AFTER.exec(text.slice(close + 1, close + 8))?.[1], 1, 65535));
    }
  }
}

function extractIps(text: string, ips: Hits<string>, ports: Hits<number>): void {
  const v6Spans: number[] = [];
  if (text.includes(':')) extractIpv6(text, ips, ports, v6Spans);
  if (!text.includes('.')) return;
  IPV4.lastIndex = 0;
  for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
    const at = m.index;
    let insideV6 = false;
    for (let i = 0; i < v6Spans.length; i += 2) {
      if (at >= (v6Spans[i] as number) && at < (v6Spans[i + 1] as number)) insideV6 = true;
    }
    if (insideV6 || !isIpv4(m[0])) continue;
    if (VERSION_BEFORE.test(text.slice(Math.max(0, at - 9), at))) continue;
    ips.add(at, m[0]);
    const end = at + m[0].length;
    if (text.charCodeAt(end) === 58) {
      ports.add(end, inRange(PORT_AFTER.exec(text.slice(end, end + 7))?.[1], 1, 65535));
    }
  }
}

/**
 * Pulls IPs, ports, users, hosts, paths, HTTP status codes, pids and uids out of one free-text
 * log message, reading at most its first 2,000 characters. Never throws on any string.
 *
 * Users come from: `for invalid user X`, `invalid user X`, `Failed password for X from`,
 * `Accepted <method> for X from`, `session opened/closed for user X`, `for user 'X'`, `user=X`,
 * `ruser=X`, `logname=X`, `username=X`, `user: X`, a clause-final `user X`, `FOR X,`,
 * `LOGIN ON tty BY X`, `account X`, `(anonymous)`, `ROOT LOGIN` and e-mail addresses; keywords
 * such as `unknown`, `from`, `(null)` or empty values are never taken for names.
 */
export function extractEntities(text: string): TextEntities {
  const head = typeof text === 'string' ? (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text) : '';
  const ips = new Hits<string>();
  const ports = new Hits<number>();
  const users = new Hits<string>();
  const hosts = new Hits<string>();
  const paths = new Hits<string>();
  const statusCodes = new Hits<number>();
  const pids = new Hits<number>();
  const uids = new Hits<number>();

  const lower = head.toLowerCase();
  extractIps(head, ips, ports);
  collect(head, lower, PORT_RULES, ports);
  collect(head, lower, USER_RULES, users);
  collect(head, lower, HOST_RULES, hosts);
  collect(head, lower, PATH_RULES, paths);
  collect(head, lower, STATUS_RULES, statusCodes);
  collect(head, lower, PID_RULES, pids);
  collect(head, lower, UID_RULES, uids);

  return {
    ips: ips.ordered(),
    ports: ports.ordered(),
    users: users.ordered(),
    hosts: hosts.ordered(),
    paths: paths.ordered(),
    statusCodes: statusCodes.ordered(),
    pids: pids.ordered(),
    uids: uids.ordered(),
  };
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded IPv4 tail included). */
function ipv6Groups(ip: string): number[] {
  let text = (ip.split('%')[0] ?? '').toLowerCase();
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const [a = 0, b = 0, c = 0, d = 0] = text
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((h) => Number.parseInt(h, 16)));
  const [left = '', right] = text.split('::');
  const head = parse(left);
  const tail = right === undefined ? [] : parse(right);
  return [...head, ...new Array<number>(Math.max(0, 8 - head.length - tail.length)).fill(0), ...tail];
}

function ipv4Scope(o: number[]): IpScope {
  const [a = 0, b = 0, c = 0] = o;
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (
    a === 0 ||
    a >= 224 ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  ) {
    return 'reserved';
  }
  return 'public';
}

/**
 * RFC 1918/4193 private, loopback, link-local/multicast/unspecified/documentation (and other
 * non-routable special-purpose ranges such as CGNAT) as reserved, else public. IPv4-mapped IPv6
 * addresses are judged by their IPv4 part; a string that is not an IP is 'reserved', so it can
 * never pass for a public address.
 */
export function ipScope(ip: string): IpScope {
  const version = isIP(ip);
  if (version === 4) return ipv4Scope(ip.split('.').map(Number));
  if (version !== 6) return 'reserved';
  const g = ipv6Groups(ip);
  const first = g[0] ?? 0;
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(5) && g[5] === 0xffff) {
    return ipv4Scope([(g[6] ?? 0) >> 8, (g[6] ?? 0) & 255, (g[7] ?? 0) >> 8, (g[7] ?? 0) & 255]);
  }
  if (zeroUpTo(7)) return g[7] === 1 ? 'loopback' : 'reserved';
  if ((first & 0xfe00) === 0xfc00) return 'private';
  if ((first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00) return 'reserved';
  if (first === 0x2001 && g[1] === 0x0db8) return 'reserved';
  return 'public';
}
