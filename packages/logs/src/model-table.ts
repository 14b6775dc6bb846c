import { type Cell, cellText, parseNumber, type TableInput } from '@pynomaly/detection';
import type { SheetActivity } from './activity';
import type { SemanticKind } from './columns';

/** Kinds that say nothing about a row being unusual, or are folded into the assembled time. */
const LEFT_OUT: ReadonlySet<SemanticKind> = new Set([
  'row_number',
  'empty',
  'date',
  'time',
  'month',
  'day',
  'year',
]);

/**
 * The table the isolation forest sees: the sheet as its values mean it. Split date parts
 * become one timestamp; a free-text column becomes its message template (how rare the
 * kind of line is, not how long); ports and status codes become categories, never
 * quantities; numeric ids and line numbers are left out; an address or user named only
 * inside the text becomes a column of its own so that a first-seen one can stand out.
 */
export function modelTable(
  activity: SheetActivity,
  headers: readonly string[],
  rows: readonly Cell[][],
): TableInput {
  const columns: Array<{ header: string; cell: (row: number) => Cell }> = [];
  const { profiles, times, templates, messageColumn } = activity;
  const timeColumns = new Set(times.columns);
  if (times.columns.length > 0) {
    const header = times.columns.length === 1 ? times.columns[0]! : 'timestamp';
    columns.push({
      header,
      cell: (row) => {
        const t = times.instants[row];
        return t ? new Date(t.epochMs) : null;
      },
    });
  }
  for (const p of profiles) {
    if (LEFT_OUT.has(p.kind) || timeColumns.has(p.name)) continue;
    if (p.kind === 'identifier' && rows.every((r) => r[p.index] === null || parseNumber(r[p.index]) !== null))
      continue;
    if (p.kind === 'text') {
      if (p === messageColumn && templates) {
        columns.push({
          header: `${p.name} template`,
          cell: (row) => {
            const id = templates.ids[row] ?? -1;
            return id < 0 ? null : (templates.templates[id]?.template ?? null);
          },
        });
      }
      continue;
    }
    if (p.kind === 'port' || p.kind === 'status_code') {
      const label = p.kind === 'port' ? 'port' : 'status';
      columns.push({
        header: headers[p.index]!,
        cell: (row) => {
          const v = cellText(rows[row]![p.index]);
          return v === null ? null : `${label} ${v}`;
        },
      });
      continue;
    }
    columns.push({ header: headers[p.index]!, cell: (row) => rows[row]![p.index] ?? null });
  }
  const hasIp = profiles.some((p) => p.kind === 'ip');
  if (!hasIp && activity.rows.some((a) => a.sourceIp !== null)) {
    columns.push({ header: 'source address', cell: (row) => activity.rows[row]?.sourceIp ?? null });
  }
  const hasUser = profiles.some((p) => p.kind === 'user');
  if (!hasUser && messageColumn && activity.rows.some((a) => a.users.length > 0)) {
    columns.push({ header: 'user', cell: (row) => activity.rows[row]?.users[0] ?? null });
  }
  return {
    headers: columns.map((c) => c.header),
    rows: rows.map((_, row) => columns.map((c) => c.cell(row))),
  };
}
