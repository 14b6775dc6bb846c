/**
 * Charts as SVG inside tables: every number is text a screen reader reads and a keyboard reaches,
 * the bars are drawn beside it (aria-hidden), and SVG geometry is attributes, which the
 * dashboard's CSP (no inline styles) allows. A charting library would draw on a canvas the
 * same few bars with less accessible output and ~200 kB more to load.
 */

/** One bar: its label, value, an optional class (a severity colour) and a note shown under the label. */
export interface Bar {
  label: string;
  value: number;
  tone?: string;
  note?: string;
}

/** `value` as a share of `max` in percent, 0 for an empty chart, a hair for any non-zero value. */
export function percentOf(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(1, Math.min(100, (value / max) * 100));
}

/** Horizontal bars scaled to the largest absolute value (or to `max`). */
export function BarChart({
  caption,
  bars,
  max,
  format = String,
}: {
  caption: string;
  bars: readonly Bar[];
  max?: number;
  format?: (value: number) => string;
}) {
  const top = max ?? Math.max(0, ...bars.map((b) => Math.abs(b.value)));
  return (
    <table class="chart">
      <caption>{caption}</caption>
      <tbody>
        {bars.map((bar, i) => (
          // Labels may repeat (a finding can name a column twice); their order is fixed.
          <tr key={i}>
            <th scope="row">
              {bar.label}
              {bar.note && <span class="note"> {bar.note}</span>}
            </th>
            <td class="bar-cell">
              <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect
                  class={`fill ${bar.tone ?? ''}`}
                  width={percentOf(Math.abs(bar.value), top)}
                  height="10"
                />
              </svg>
            </td>
            <td class="number">{format(bar.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One column of {@link StackedColumns}: its label and its parts, keyed as `series` names them. */
export interface Column {
  label: string;
  parts: Record<string, number>;
}

/** The rectangles of a stacked column `height` units tall at the chart's `max`, bottom part first. */
export function stack(
  parts: Record<string, number>,
  series: readonly string[],
  max: number,
  height: number,
): Array<{ name: string; y: number; height: number }> {
  let top = height;
  return series
    .filter((name) => (parts[name] ?? 0) > 0)
    .map((name) => {
      const h = max > 0 ? ((parts[name] ?? 0) / max) * height : 0;
      top -= h;
      return { name, y: top, height: h };
    });
}

const HEIGHT = 100;

/**
 * Columns of stacked parts (e.g. reports per day by severity) over a summary line, with the
 * numbers in a table under a disclosure for screen readers and anyone who wants them.
 */
export function StackedColumns({
  caption,
  columns,
  series,
}: {
  caption: string;
  columns: readonly Column[];
  series: readonly string[];
}) {
  const totals = columns.map((c) => series.reduce((sum, name) => sum + (c.parts[name] ?? 0), 0));
  const max = Math.max(0, ...totals);
  const width = columns.length * 10;
  return (
    <figure class="chart">
      <figcaption>{caption}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${caption}: ${totals.reduce((a, b) => a + b, 0)} in all, at most ${max} in one`}
      >
        {columns.map((column, i) =>
          stack(column.parts, series, max, HEIGHT).map((part) => (
            <rect
              key={`${column.label}-${part.name}`}
              class={`fill ${part.name}`}
              x={i * 10 + 1}
              y={part.y}
              width="8"
              height={part.height}
            >
              <title>{`${column.label}: ${column.parts[part.name]} ${part.name}`}</title>
            </rect>
          )),
        )}
      </svg>
      <p class="axis" aria-hidden="true">
        <span>{columns[0]?.label}</span>
        <span>{columns.at(-1)?.label}</span>
      </p>
      <details>
        <summary>The numbers</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {series.map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {columns.map((column) => (
                <tr key={column.label}>
                  <th scope="row">{column.label}</th>
                  {series.map((name) => (
                    <td key={name} class="number">
                      {column.parts[name] ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
