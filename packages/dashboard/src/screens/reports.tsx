/** The reports list: filters by severity and status (sent to the API), columns sortable here. */
import { Pending, useLoaded } from '../parts/loaded';
import { SortHeaders, sortRows, useSort } from '../parts/sorting';
import { Time } from '../parts/time';
import { type ReportRow, SEVERITIES, STATUSES, words } from '../reports';
import { navigate, onLinkClick } from '../router';
import type { SignedIn } from '../session';

type Column = 'effective_severity' | 'threat_type' | 'anomaly_score' | 'status' | 'created_at';
const COLUMNS: Array<{ key: Column; label: string }> = [
  { key: 'effective_severity', label: 'Severity' },
  { key: 'threat_type', label: 'Threat' },
  { key: 'anomaly_score', label: 'Score' },
  { key: 'status', label: 'Status' },
  { key: 'created_at', label: 'Created' },
];
const RANK: Record<string, number> = { critical: 3, high: 2, medium: 1, low: 0 };

function compare(a: ReportRow, b: ReportRow, column: Column): number {
  if (column === 'effective_severity')
    return (RANK[a.effective_severity] ?? 0) - (RANK[b.effective_severity] ?? 0);
  if (column === 'anomaly_score') return a.anomaly_score - b.anomaly_score;
  return String(a[column]).localeCompare(String(b[column]));
}

export function ReportsScreen({ session, query }: { session: SignedIn; query: URLSearchParams }) {
  const [sort, setSort] = useSort<Column>('effective_severity');
  const filters = query.toString();
  const reports = useLoaded(
    () => session.client.reports.list(Object.fromEntries(new URLSearchParams(filters))),
    filters,
  );

  const filter = (name: string, value: string) => {
    const next = new URLSearchParams(filters);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`/reports${next.size > 0 ? `?${next}` : ''}`);
  };

  return (
    <section>
      <h1 tabIndex={-1}>Reports</h1>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label for="severity">Severity</label>
        <select
          id="severity"
          value={query.get('severity') ?? ''}
          onChange={(e) => filter('severity', e.currentTarget.value)}
        >
          <option value="">Any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label for="status">Status</label>
        <select
          id="status"
          value={query.get('status') ?? ''}
          onChange={(e) => filter('status', e.currentTarget.value)}
        >
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {words(s)}
            </option>
          ))}
        </select>
      </form>
      <Pending state={reports}>
        {(rows) =>
          rows.length === 0 ? (
            <p>No reports match.</p>
          ) : (
            <div class="table-scroll">
              <table>
                <caption class="visually-hidden">Reports, sorted by {words(sort.column)}</caption>
                <thead>
                  <tr>
                    <th scope="col">Report</th>
                    <SortHeaders columns={COLUMNS} state={sort} onSort={setSort} />
                  </tr>
                </thead>
                <tbody>
                  {sortRows(rows, sort, compare).map((row) => (
                    <tr key={row.id}>
                      <td>
                        <a href={`/reports/${encodeURIComponent(row.id)}`} onClick={onLinkClick}>
                          {row.dataset_filename} · {row.id.slice(-6)}
                        </a>
                      </td>
                      <td>
                        <span class={`badge ${row.effective_severity}`}>{row.effective_severity}</span>
                      </td>
                      <td>{words(row.threat_type)}</td>
                      <td>{row.anomaly_score.toFixed(2)}</td>
                      <td>{words(row.status)}</td>
                      <td>
                        <Time at={row.created_at} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Pending>
    </section>
  );
}
