/** Tables sorted by a column the analyst picks, announced to screen readers by `aria-sort`. */
import { useState } from 'preact/hooks';

export interface SortState<K extends string> {
  column: K;
  descending: boolean;
}

/** The rows in the order of `state`, by `compare` of the column (ascending order). */
export function sortRows<T, K extends string>(
  rows: readonly T[],
  state: SortState<K>,
  compare: (a: T, b: T, column: K) => number,
): T[] {
  return [...rows].sort((a, b) => compare(a, b, state.column) * (state.descending ? -1 : 1));
}

export function useSort<K extends string>(column: K, descending = true) {
  return useState<SortState<K>>({ column, descending });
}

/** A header cell whose button sorts by its column, descending first, then flips. */
export function SortHeader<K extends string>({
  column,
  label,
  state,
  onSort,
}: {
  column: K;
  label: string;
  state: SortState<K>;
  onSort: (next: SortState<K>) => void;
}) {
  const active = state.column === column;
  return (
    <th scope="col" aria-sort={active ? (state.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        class="sort"
        onClick={() => onSort({ column, descending: active ? !state.descending : true })}
      >
        {label}
        <span aria-hidden="true">{active ? (state.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

/** A {@link SortHeader} for each column, in order. */
export function SortHeaders<K extends string>({
  columns,
  state,
  onSort,
}: {
  columns: ReadonlyArray<{ key: K; label: string }>;
  state: SortState<K>;
  onSort: (next: SortState<K>) => void;
}) {
  return (
    <>
      {columns.map((column) => (
        <SortHeader key={column.key} column={column.key} label={column.label} state={state} onSort={onSort} />
      ))}
    </>
  );
}
