import { type Cell, cellText, parseIp, parseNumber } from '@pynomaly/detection';
import { type AssembledTimes, assembleTimes } from './clock';
import { type ColumnProfile, headerWords, profileColumns } from './columns';
import { extractEntities } from './entities';
import { classifyText, type EventKind, type LineEvent } from './events';
import { type MinedTemplates, mineTemplates } from './templates';

/** One row read as an event: when, what happened, who and from where. */
export interface RowActivity {
  row: number;
  /** Epoch ms, or null when the row has no readable time. */
  time: number | null;
  minuteOfDay: number | null;
  kinds: EventKind[];
  /** Attempts the row stands for: 1, a repeat count in the text, or a failed-attempts count. */
  attempts: number;
  sourceIp: string | null;
  /** A host named in the text (`rhost=host.example.net`) when no address is given. */
  sourceHost: string | null;
  destinationIp: string | null;
  users: string[];
  /** Service ports from port columns; a port in an sshd message is the client's, so text ports are not read. */
  ports: number[];
  /** Rows of one process (component + pid) belong to one session. */
  session: string | null;
  /** Template id of the row's message, -1 when it has none. */
  template: number;
}

/** A sheet read as a log: column kinds, times, templates and each row's activity. */
export interface SheetActivity {
  profiles: ColumnProfile[];
  times: AssembledTimes;
  /** The free-text column whose templates were mined, if any. */
  messageColumn: ColumnProfile | null;
  templates: MinedTemplates | null;
  /** The count column read as failed attempts on failure rows, if any. */
  attemptsColumn: ColumnProfile | null;
  rows: RowActivity[];
}

const SOURCE_PORT_WORDS = new Set(['src', 'source', 'sport', 'srcport', 'client']);
const CLASSIFIED_CACHE = 50_000;
/** Numeric event codes (Windows 4625, HTTP 401) are read as events only from a column named for them. */
const EVENT_WORDS = new Set([
  'event',
  'eventid',
  'action',
  'activity',
  'outcome',
  'result',
  'status',
  'type',
  'code',
]);
const PID_WORDS = new Set(['pid', 'process', 'processid']);
/** Failed-attempt counts are small; a column whose typical value is larger counts something else. */
const ATTEMPT_COUNT_MEDIAN = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Reads every row of a sheet: value-typed columns, a time from one or several columns,
 * templates mined from the message column, and events and entities from its text.
 */
export function readActivity(headers: readonly string[], rows: readonly Cell[][]): SheetActivity {
  const profiles = profileColumns(headers, rows);
  const times = assembleTimes(profiles, rows);
  const texts = profiles.filter((p) => p.kind === 'text');
  const messageColumn =
    texts.sort((a, b) => meanLength(rows, b.index) - meanLength(rows, a.index))[0] ?? null;
  const templates = messageColumn ? mineTemplates(rows.map((r) => cellText(r[messageColumn.index]))) : null;
  const eventColumns = profiles.filter(
    (p) =>
      p.kind === 'text' ||
      p.kind === 'category' ||
      p.kind === 'level' ||
      headerWords(p.name).some((w) => EVENT_WORDS.has(w)),
  );
  const sourceIps = profiles.filter((p) => p.kind === 'ip' && !p.destination);
  const destinationIps = profiles.filter((p) => p.kind === 'ip' && p.destination);
  const userColumns = profiles.filter((p) => p.kind === 'user');
  const portColumns = profiles.filter(
    (p) => p.kind === 'port' && !headerWords(p.name).some((w) => SOURCE_PORT_WORDS.has(w)),
  );
  const pidColumn = profiles.find(
    (p) =>
      (p.kind === 'identifier' || p.kind === 'quantity') && headerWords(p.name).some((w) => PID_WORDS.has(w)),
  );
  const componentColumn = profiles.find((p) => p.kind === 'category' && p !== messageColumn);
  const quantities = profiles.filter((p) => p.kind === 'quantity' && p !== pidColumn);

  // Category columns repeat their values, so most rows' text has been classified before.
  const classified = new Map<string, LineEvent>();
  const activity = rows.map((cells, row): RowActivity => {
    const text = eventColumns
      .map((p) => cellText(cells[p.index]) ?? '')
      .filter(Boolean)
      .join(' | ');
    let event = classified.get(text);
    if (!event) {
      event = classifyText(text);
      if (classified.size < CLASSIFIED_CACHE) classified.set(text, event);
    }
    const message = messageColumn ? (cellText(cells[messageColumn.index]) ?? '') : '';
    const entities = extractEntities(message);
    const at = times.instants[row] ?? null;
    const firstIp = (columns: ColumnProfile[]) =>
      columns.map((p) => parseIp(cells[p.index])?.address).find((a) => a !== undefined) ?? null;
    const pid = pidColumn ? cellText(cells[pidColumn.index]) : (entities.pids[0]?.toString() ?? null);
    const component = componentColumn ? (cellText(cells[componentColumn.index]) ?? '') : '';
    return {
      row,
      time: at?.epochMs ?? null,
      minuteOfDay: at?.minuteOfDay ?? null,
      kinds: event.kinds,
      attempts: event.repeats,
      sourceIp: firstIp(sourceIps) ?? entities.ips[0] ?? null,
      sourceHost: entities.hosts[0] ?? null,
      destinationIp: firstIp(destinationIps),
      users: unique([
        ...userColumns.map((p) => cellText(cells[p.index])).filter((u) => u !== null),
        ...entities.users,
      ]),
      ports: unique(portColumns.map((p) => parseNumber(cells[p.index])).filter((v) => v !== null)),
      session: pid === null ? null : `${component}|${pid}`,
      template: templates?.ids[row] ?? -1,
    };
  });

  const attemptsColumn = pickAttemptsColumn(quantities, rows, activity);
  if (attemptsColumn) {
    for (const a of activity) {
      const count = parseNumber(rows[a.row]![attemptsColumn.index]);
      if (a.kinds.includes('auth_failure') && count !== null && count > 1)
        a.attempts = Math.max(a.attempts, count);
    }
  }
  return { profiles, times, messageColumn, templates, attemptsColumn, rows: activity };
}

/** A count column that, on the rows recording failed sign-ins, reads as how many attempts failed. */
function pickAttemptsColumn(
  quantities: ColumnProfile[],
  rows: readonly Cell[][],
  activity: RowActivity[],
): ColumnProfile | null {
  const failures = activity.filter((a) => a.kinds.includes('auth_failure'));
  if (failures.length === 0) return null;
  for (const column of quantities) {
    const values = rows.map((r) => parseNumber(r[column.index])).filter((v): v is number => v !== null);
    if (values.every((v) => v >= 0) && median(values) <= ATTEMPT_COUNT_MEDIAN) return column;
  }
  return null;
}

function meanLength(rows: readonly Cell[][], column: number): number {
  let total = 0;
  for (const r of rows) total += cellText(r[column])?.length ?? 0;
  return total / Math.max(rows.length, 1);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
