import { type Cell, cellText, parseBoolean, parseIp } from './cells';
import type { EncodedColumn } from './encoded-column';
import { significantParts } from './encoded-column';
import { formatShare } from './format';
import { type Frequencies, frequencies, imputeMedian, rarity } from './stats';

/**
 * Say of an identifier column relative to others: a never-seen username is worth noting,
 * but in real logs the long tail of users is mostly legitimate, so it must not outvote
 * volume or time on its own.
 */
const IDENTIFIER_WEIGHT = 0.3;

/** Categorical, identifier or boolean column: one feature, the rarity of the row's value. */
export function encodeDiscrete(
  kind: 'categorical' | 'identifier' | 'boolean',
  cells: readonly (Cell | undefined)[],
): EncodedColumn {
  const keys = cells.map((c) => (kind === 'boolean' ? (parseBoolean(c)?.toString() ?? null) : cellText(c)));
  const freq = frequencies(keys);
  return {
    features: [rarity(keys, freq)],
    weight: kind === 'identifier' ? IDENTIFIER_WEIGHT : 1,
    describe: (row) => {
      const key = keys[row]!;
      if (key === null) return { actual_value: null, expected_value: freq.mode, deviation: 'missing value' };
      return {
        actual_value: kind === 'boolean' ? key === 'true' : key,
        expected_value: freq.mode,
        deviation: `value ${seenIn(key, freq)}`,
      };
    },
  };
}

/**
 * IP column, three features: rarity of the address, rarity of its network (/16 for IPv4,
 * /32 for IPv6, which catches a new provider even when every address is unique), and
 * whether it is private, since a public source in an internal log is itself a signal.
 */
export function encodeIp(cells: readonly (Cell | undefined)[]): EncodedColumn {
  const ips = cells.map((c) => parseIp(c));
  const addresses = ips.map((ip) => ip?.address ?? null);
  const networks = ips.map((ip) => ip?.prefix ?? null);
  const addressFreq = frequencies(addresses);
  const networkFreq = frequencies(networks);
  const isPrivate = Float64Array.from(ips, (ip) => (ip ? Number(ip.isPrivate) : Number.NaN));
  const privateShare = ips.filter((ip) => ip?.isPrivate).length / Math.max(addressFreq.total, 1);
  imputeMedian(isPrivate);
  return {
    features: [rarity(addresses, addressFreq), rarity(networks, networkFreq), isPrivate],
    weight: 1,
    describe: (row, parts) => {
      const ip = ips[row];
      if (!ip) return { actual_value: null, expected_value: networkFreq.mode, deviation: 'missing address' };
      const notes = significantParts(parts).flatMap((k) => {
        if (k === 0) return [`address ${seenIn(ip.address, addressFreq)}`];
        if (k === 1) return [`network ${ip.prefix} ${seenIn(ip.prefix, networkFreq)}`];
        return [
          ip.isPrivate
            ? `private address, ${formatShare(1 - privateShare)} of rows are public`
            : `public address, ${formatShare(privateShare)} of rows are private`,
        ];
      });
      return {
        actual_value: ip.address,
        expected_value: networkFreq.mode,
        deviation:
          notes.length > 0 ? notes.join('; ') : `network ${ip.prefix} ${seenIn(ip.prefix, networkFreq)}`,
      };
    },
  };
}

function seenIn(key: string, freq: Frequencies): string {
  const count = freq.counts.get(key) ?? 0;
  if (count <= 1) return 'not seen in any other row';
  return `seen in ${formatShare(count / freq.total)} of rows`;
}
