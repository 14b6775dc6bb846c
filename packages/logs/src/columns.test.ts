import type { Cell } from '@pynomaly/detection';
import { describe, expect, it } from 'vitest';
import { type ColumnProfile, profileColumns, type SemanticKind } from './columns';

/** `n` rows, each built from its 0-based index. */
const rowsOf = (n: number, row: (i: number) => Cell[]): Cell[][] =>
  Array.from({ length: n }, (_, i) => row(i));

/** Each column's kind, by name. */
function kinds(headers: string[], rows: Cell[][]): Record<string, SemanticKind> {
  return Object.fromEntries(profileColumns(headers, rows).map((p) => [p.name, p.kind]));
}

const pick = <T>(values: readonly T[], i: number): T => values[i % values.length]!;
const two = (n: number) => String(n).padStart(2, '0');

describe('profileColumns on numbers', () => {
  it('reads a LineId of 1..n as row numbers and a Pid column as an identifier', () => {
    // Prepare
    const rows = rowsOf(12, (i) => [i + 1, 2000 + ((i * 37) % 500)]);

    // Act
    const result = kinds(['LineId', 'Pid'], rows);

    // Assess
    expect(result).toEqual({ LineId: 'row_number', Pid: 'identifier' });
  });

  it('tells ports by their values from a small count and from byte quantities', () => {
    const rows = rowsOf(12, (i) => [pick([22, 80, 443], i), i % 4, 1000 + i * 7919]);

    const result = kinds(['service', 'failed', 'bytes'], rows);

    expect(result).toEqual({ service: 'port', failed: 'quantity', bytes: 'quantity' });
  });

  it('reads HTTP status codes as status codes', () => {
    const rows = rowsOf(12, (i) => [pick([200, 404, 500, 301], i)]);

    expect(kinds(['code'], rows)).toEqual({ code: 'status_code' });
  });
});

describe('profileColumns on dates and times', () => {
  const syslogSplit = (day: number) =>
    rowsOf(12, (i) => ['Jun', day, `15:${two(10 + i)}:01`, `sshd[24200]: session ${i} closed by peer`]);
  const SYSLOG_HEADERS = ['Month', 'Date', 'Time', 'Content'];

  it('reads syslog month, day and clock columns as date parts', () => {
    const result = kinds(SYSLOG_HEADERS, syslogSplit(14));

    expect(result).toEqual({ Month: 'month', Date: 'day', Time: 'time', Content: 'text' });
  });

  it('reads the day of a syslog export written on the 22nd as a day, not a port', () => {
    expect(kinds(SYSLOG_HEADERS, syslogSplit(22)).Date).toBe('day');
  });

  it.each([
    ['ISO 8601', (i: number) => `2024-03-05T10:${two(i)}:00Z`],
    ['Apache ctime', (i: number) => `Sun Dec 04 04:47:${two(10 + i)} 2005`],
    ['bracketed ctime', (i: number) => `[Sun Dec 04 04:47:${two(10 + i)} 2005]`],
    ['common log format', (i: number) => `10/Oct/2000:13:55:${two(10 + i)} -0700`],
  ])('reads %s stamps as timestamps', (_, stamp) => {
    expect(
      kinds(
        ['ts'],
        rowsOf(12, (i) => [stamp(i)]),
      ),
    ).toEqual({ ts: 'timestamp' });
  });

  it('reads ISO dates without a time as dates', () => {
    expect(
      kinds(
        ['day'],
        rowsOf(12, (i) => [`2024-03-${two(i + 1)}`]),
      ),
    ).toEqual({ day: 'date' });
  });

  it('reads a column of whole syslog lines as text', () => {
    const rows = rowsOf(12, (i) => [
      `Dec 10 06:55:${two(10 + i)} LabSZ sshd[24200]: Failed password for root from 1.2.3.4 port 22 ssh2`,
    ]);

    expect(kinds(['line'], rows)).toEqual({ line: 'text' });
  });
});

describe('profileColumns on strings', () => {
  it('reads addresses, users, levels, messages, categories and empty columns', () => {
    const rows = rowsOf(12, (i) => [
      `10.0.0.${i + 1}`,
      `${pick(['ann', 'bob', 'cy'], i)}@example.com`,
      pick(['alice', 'bob'], i),
      pick(['INFO', 'WARN', 'ERROR'], i),
      `user signed in from the office ${i}`,
      pick(['web', 'db'], i),
      null,
    ]);

    const result = kinds(['addr', 'email', 'who', 'level', 'msg', 'service', 'notes'], rows);

    expect(result).toEqual({
      addr: 'ip',
      email: 'user',
      who: 'user',
      level: 'level',
      msg: 'text',
      service: 'category',
      notes: 'empty',
    });
  });

  it('reads short names as users only under a user-like header', () => {
    const rows = rowsOf(12, (i) => [pick(['alice', 'bob'], i), pick(['alice', 'bob'], i)]);

    expect(kinds(['user', 'name'], rows)).toEqual({ user: 'user', name: 'category' });
  });
});

describe('profileColumns marking destinations', () => {
  const twoAddresses = rowsOf(12, (i) => [`10.0.0.${i + 1}`, `8.8.8.${i + 1}`]);
  const destinations = (headers: string[], rows: Cell[][]) =>
    profileColumns(headers, rows)
      .filter((p: ColumnProfile) => p.destination)
      .map((p) => p.name);

  it('marks the address column named for a destination', () => {
    expect(destinations(['dst_ip', 'src_ip'], twoAddresses)).toEqual(['dst_ip']);
  });

  it('marks the second of two unnamed address columns', () => {
    expect(destinations(['a', 'b'], twoAddresses)).toEqual(['b']);
  });

  it('never marks a lone address column', () => {
    expect(
      destinations(
        ['dst_ip'],
        rowsOf(12, (i) => [`8.8.8.${i + 1}`]),
      ),
    ).toEqual([]);
  });

  it("reads nginx's remote_addr as the source beside upstream_addr", () => {
    expect(destinations(['remote_addr', 'upstream_addr'], twoAddresses)).toEqual(['upstream_addr']);
  });
});
