import type { Cell } from '@pynomaly/detection';
import { describe, expect, it } from 'vitest';
import { assembleTimes, type LogInstant, parseLogTimestamp } from './clock';
import { type ColumnProfile, profileColumns, type SemanticKind } from './columns';

const iso = (t: { epochMs: number } | null | undefined) => (t ? new Date(t.epochMs).toISOString() : null);

/** Times of a sheet as the package reads it: columns typed from values, then assembled. */
function timesOf(headers: string[], rows: Cell[][]) {
  return assembleTimes(profileColumns(headers, rows), rows);
}

/** A hand-typed profile, to reach one branch of `assembleTimes` directly. */
const column = (index: number, name: string, kind: SemanticKind): ColumnProfile => ({
  index,
  name,
  kind,
  destination: false,
});

describe('parseLogTimestamp', () => {
  it.each([
    ['ISO 8601', '2024-03-05T10:15:00Z', '2024-03-05T10:15:00.000Z', 615, 2],
    ['Apache ctime', 'Sun Dec 04 04:47:44 2005', '2005-12-04T04:47:44.000Z', 287, 0],
    ['bracketed ctime', '[Sun Dec 04 04:47:44 2005]', '2005-12-04T04:47:44.000Z', 287, 0],
    // The zone moves the instant, not the wall clock the analyst reads.
    ['common log format', '[10/Oct/2000:13:55:36 -0700]', '2000-10-10T20:55:36.000Z', 835, 2],
  ])('reads %s with its year', (_, text, at, minuteOfDay, weekday) => {
    // Act
    const parsed = parseLogTimestamp(text);

    // Assess
    expect(iso(parsed)).toBe(at);
    expect(parsed).toMatchObject({ minuteOfDay, weekday, yearKnown: true });
  });

  it('reads a syslog stamp without a year, so without a weekday', () => {
    const parsed = parseLogTimestamp('Jun 14 15:16:01');

    expect(parsed).toMatchObject({ minuteOfDay: 15 * 60 + 16, weekday: null, yearKnown: false });
    expect(iso(parsed)?.slice(5)).toBe('06-14T15:16:01.000Z');
  });

  it('accepts 29 February in a yearless log', () => {
    expect(parseLogTimestamp('Feb 29 00:00:01')).not.toBeNull();
  });

  it.each([
    ['syslog', 'Feb 30 10:00:00'],
    ['ctime', 'Wed Feb 30 10:00:00 2005'],
    ['common log format', '30/Feb/2005:10:00:00 +0000'],
    ['syslog hour 25', 'Jun 14 25:00:00'],
    ['ISO month 13', '2005-13-01T00:00:00Z'],
    ['plain words', 'hello world'],
    ['an empty string', ''],
  ])('rejects an impossible or unreadable %s stamp', (_, text) => {
    expect(parseLogTimestamp(text)).toBeNull();
  });

  it('rejects 30 February written in ISO 8601', () => {
    expect(parseLogTimestamp('2024-02-30T10:00:00Z')).toBeNull();
  });
});

describe('assembleTimes', () => {
  it('reads a whole timestamp column', () => {
    const rows: Cell[][] = [['2024-03-05T10:15:00Z'], ['2024-03-05T10:16:30Z']];

    const times = timesOf(['ts'], rows);

    expect(times.columns).toEqual(['ts']);
    expect(times.yearKnown).toBe(true);
    expect(times.instants.map(iso)).toEqual(['2024-03-05T10:15:00.000Z', '2024-03-05T10:16:30.000Z']);
  });

  it('joins a date column and a clock column', () => {
    const rows: Cell[][] = [
      ['2024-03-01', '09:15:30'],
      ['2024-03-02', '23:00'],
    ];

    const times = timesOf(['date', 'time'], rows);

    expect(times.columns).toEqual(['date', 'time']);
    expect(times.yearKnown).toBe(true);
    expect(times.instants).toEqual<LogInstant[]>([
      { epochMs: Date.parse('2024-03-01T09:15:30Z'), minuteOfDay: 555, weekday: 5 },
      { epochMs: Date.parse('2024-03-02T23:00:00Z'), minuteOfDay: 1380, weekday: 6 },
    ]);
  });

  it('joins syslog month, day and clock columns without claiming a year or weekday', () => {
    const rows: Cell[][] = [
      ['Jun', 14, '15:16:01'],
      ['Jun', 14, '15:16:03'],
    ];

    const times = timesOf(['Month', 'Date', 'Time'], rows);

    expect(times.columns).toEqual(['Month', 'Date', 'Time']);
    expect(times.yearKnown).toBe(false);
    expect(times.instants.map((t) => t?.weekday)).toEqual([null, null]);
    expect(times.instants[1]!.epochMs - times.instants[0]!.epochMs).toBe(2000);
  });

  it('takes the year from a year column when there is one', () => {
    const rows: Cell[][] = [
      ['Dec', 4, '04:47:44', 2005],
      ['Dec', 4, '04:48:00', 2005],
    ];

    const times = timesOf(['Month', 'Day', 'Time', 'Year'], rows);

    expect(times.yearKnown).toBe(true);
    expect(iso(times.instants[0])).toBe('2005-12-04T04:47:44.000Z');
    expect(times.instants[0]?.weekday).toBe(0);
  });

  it('rolls a yearless log over New Year instead of running backwards', () => {
    const rows: Cell[][] = [
      ['Dec', 31, '23:59:58'],
      ['Jan', 1, '00:00:02'],
    ];

    const times = timesOf(['Month', 'Day', 'Time'], rows);

    expect(times.instants[1]!.epochMs - times.instants[0]!.epochMs).toBe(4000);
  });

  it('rolls a yearless timestamp column over New Year too', () => {
    const rows: Cell[][] = [['Dec 31 23:59:58'], ['Jan 1 00:00:02']];

    const times = timesOf(['ts'], rows);

    expect(times.instants[1]!.epochMs - times.instants[0]!.epochMs).toBe(4000);
  });

  it('reads a syslog stamp at the start of a free-text column', () => {
    const rows: Cell[][] = [
      ['Dec 10 06:55:46 LabSZ sshd[24200]: Connection closed by 1.2.3.4 [preauth]'],
      ['Dec 10 06:55:48 LabSZ sshd[24202]: Received disconnect from 1.2.3.4: 11: Bye Bye'],
    ];

    const times = assembleTimes([column(0, 'Message', 'text')], rows);

    expect(times.columns).toEqual(['Message']);
    expect(times.yearKnown).toBe(false);
    expect(times.instants.map((t) => t?.minuteOfDay)).toEqual([415, 415]);
    expect(times.instants[1]!.epochMs - times.instants[0]!.epochMs).toBe(2000);
  });

  it('reads a bracketed ctime stamp at the start of a free-text column, with its year', () => {
    const rows: Cell[][] = [['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd']];

    const times = assembleTimes([column(0, 'Message', 'text')], rows);

    expect(times.yearKnown).toBe(true);
    expect(iso(times.instants[0])).toBe('2005-12-04T04:47:44.000Z');
  });

  it('reads an ISO stamp at the start of a free-text column', () => {
    const rows: Cell[][] = [['2024-03-05T10:15:00Z web-1 nginx: upstream timed out while reading']];

    const times = assembleTimes([column(0, 'Message', 'text')], rows);

    expect(iso(times.instants[0])).toBe('2024-03-05T10:15:00.000Z');
  });

  it('gives no times when nothing in the sheet says when', () => {
    const rows: Cell[][] = [
      ['alice', 'signed in from the office'],
      ['bob', 'signed out of the portal'],
    ];

    const times = timesOf(['user', 'message'], rows);

    expect(times).toEqual({ instants: [null, null], columns: [], yearKnown: false });
  });
});
