import { isIPv6 } from 'node:net';

/** Longest slice of row text ever quoted back into a triage. */
export const EVIDENCE_QUOTE_LIMIT = 200;

/** Where an address routes: only `public` addresses count as external origin. */
export type IpScope = 'public' | 'private' | 'reserved';

/** An address that passed the strict parser and is therefore safe to place in a command. */
export interface ParsedIp {
  address: string;
  family: 4 | 6;
  scope: IpScope;
}

// No leading zeros: `010.1.1.1` is octal to some tools and decimal to others.
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// net.isIPv6 accepts a zone id after `%` with arbitrary characters (`fe80::1%$(id)`), so the
// character set is pinned before it is consulted.
const IPV6_CHARS = /^[0-9A-Fa-f:.]{2,45}$/;
const SAFE_USERNAME = /^[A-Za-z0-9._@+-]{1,128}$/;

/**
 * Parses a cell as a bare IPv4/IPv6 address. Anything else (whitespace, zone ids, CIDR,
 * ports, leading zeros) is rejected, so a non-null result can be interpolated into a command.
 */
export function parseIp(value: unknown): ParsedIp | null {
  if (typeof value !== 'string') return null;
  if (IPV4.test(value)) {
    return { address: value, family: 4, scope: ipv4Scope(value.split('.').map(Number)) };
  }
  if (IPV6_CHARS.test(value) && isIPv6(value)) {
    const hextets = expandIpv6(value);
    return hextets ? { address: value.toLowerCase(), family: 6, scope: ipv6Scope(hextets) } : null;
  }
  return null;
}

/**
 * True when a username may be interpolated into a shell command. A leading `-` is refused
 * as well, because the CLI would read it as an option.
 */
export function isSafeUsername(value: unknown): value is string {
  return typeof value === 'string' && SAFE_USERNAME.test(value) && !value.startsWith('-');
}

/**
 * Renders untrusted row text as an inert, bounded JSON string literal: control and bidi
 * characters are replaced, the text is cut at EVIDENCE_QUOTE_LIMIT code points, and quotes
 * are escaped, so it can only ever be read as a quotation.
 */
export function quoteEvidence(value: unknown): string {
  const chars = Array.from(String(value ?? ''));
  const cut = chars.length > EVIDENCE_QUOTE_LIMIT;
  const cleaned = chars
    .slice(0, EVIDENCE_QUOTE_LIMIT)
    .map((c) => (isUnsafeChar(c) ? '\uFFFD' : c))
    .join('');
  return JSON.stringify(cut ? `${cleaned}…` : cleaned);
}

function isUnsafeChar(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    (cp >= 0xd800 && cp <= 0xdfff)
  );
}

function ipv4Scope(o: number[]): IpScope {
  const [a = 0, b = 0, c = 0] = o;
  if (a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))
    return 'private';
  if ((a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  const documentation =
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113);
  if (a === 0 || a >= 224 || documentation || (a === 198 && (b === 18 || b === 19))) return 'reserved';
  return 'public';
}

function ipv6Scope(h: number[]): IpScope {
  const [h0 = 0, h1 = 0, , , , h5 = 0, h6 = 0, h7 = 0] = h;
  const upperZero = h.slice(0, 5).every((x) => x === 0);
  if (upperZero && h5 === 0xffff) return ipv4Scope([h6 >> 8, h6 & 0xff, h7 >> 8, h7 & 0xff]);
  if (upperZero && h5 === 0 && h6 === 0 && h7 <= 1) return h7 === 1 ? 'private' : 'reserved';
  if ((h0 & 0xfe00) === 0xfc00 || (h0 & 0xffc0) === 0xfe80) return 'private';
  if ((h0 & 0xff00) === 0xff00 || (h0 === 0x2001 && h1 === 0x0db8)) return 'reserved';
  return 'public';
}

/** Eight 16-bit groups of an address already accepted by net.isIPv6 (no zone id). */
function expandIpv6(address: string): number[] | null {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const embedded = text.slice(lastColon + 1);
  if (embedded.includes('.')) {
    if (!IPV4.test(embedded)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = embedded.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((x) => Number.parseInt(x, 16)) : [];
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  const fill = 8 - head.length - rest.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  return [...head, ...new Array<number>(fill).fill(0), ...rest];
}
