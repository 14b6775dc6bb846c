import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may point. Checked at registration and again at every send, after DNS: the
 * address the socket connects to is the one checked (a `lookup` that refuses, see
 * {@link guardedLookup}), so a name that resolves elsewhere later (DNS rebinding) gets nowhere.
 * Only public unicast addresses pass (ipaddr.js classifies: loopback, private, link-local with
 * the metadata services, CGNAT, unique-local, IPv4-mapped, multicast, reserved… all refused).
 */
export class UnsafeTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeTargetError';
  }
}

export interface TargetPolicy {
  /** `host:port` entries (lower case) whose loopback addresses are allowed (local stack only). */
  allowlist: readonly string[];
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolve = promisify(dnsLookup);
export const resolveAll: Resolver = (hostname) => systemResolve(hostname, { all: true, verbatim: true });

/** Why an address may not be connected to, or undefined when it may. */
export function refusedAddress(address: string, allowLoopback = false): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.parse(address);
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && allowLoopback) return undefined;
  return `${address} is a ${range} address`;
}

/** The URL parsed and checked for what needs no DNS: scheme, credentials, literal addresses. */
export function parseTarget(url: string, policy: TargetPolicy): { url: URL; allowLoopback: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsafeTargetError('The URL is not valid');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new UnsafeTargetError('Only http and https URLs can receive webhooks');
  if (parsed.username || parsed.password) throw new UnsafeTargetError('The URL may not carry credentials');
  // WHATWG URL has already turned decimal, hex and octal IPv4 spellings into dotted quads.
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) throw new UnsafeTargetError('The URL has no host');
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  const allowLoopback = policy.allowlist.includes(`${parsed.hostname.toLowerCase()}:${port}`);
  if (ipaddr.isValid(host)) {
    const why = refusedAddress(host, allowLoopback);
    if (why) throw new UnsafeTargetError(`The URL points to a forbidden address (${why})`);
  } else if (!/^[a-z0-9.-]+$/.test(host) || !host.includes('.')) {
    if (!allowLoopback) throw new UnsafeTargetError('The URL host must be a public DNS name');
  }
  return { url: parsed, allowLoopback };
}

/** The URL checked the whole way: every address its host resolves to must be allowed. */
export async function checkTarget(
  url: string,
  policy: TargetPolicy,
  resolve: Resolver = resolveAll,
): Promise<URL> {
  const target = parseTarget(url, policy);
  const host = target.url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return target.url;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    throw new UnsafeTargetError(`The host ${host} does not resolve`);
  }
  if (addresses.length === 0) throw new UnsafeTargetError(`The host ${host} does not resolve`);
  for (const { address } of addresses) {
    const why = refusedAddress(address, target.allowLoopback);
    if (why) throw new UnsafeTargetError(`The host ${host} resolves to a forbidden address (${why})`);
  }
  return target.url;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http(s).request / net.connect that resolves, refuses the whole name when any
 * address is not allowed, and hands the socket only checked addresses.
 */
export function guardedLookup(allowLoopback: boolean, resolve: Resolver = resolveAll) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: LookupCallback,
  ) => {
    resolve(hostname).then(
      (addresses) => {
        const bad = addresses.map((a) => refusedAddress(a.address, allowLoopback)).find(Boolean);
        const first = addresses[0];
        if (bad || !first) {
          const error: NodeJS.ErrnoException = new UnsafeTargetError(
            `Refused to connect to ${hostname}: ${bad ?? 'no address'}`,
          );
          error.code = 'EUNSAFETARGET';
          callback(error, options.all ? [] : '');
          return;
        }
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ''),
    );
  };
}
