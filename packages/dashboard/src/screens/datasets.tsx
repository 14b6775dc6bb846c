/** The datasets of the detection API: upload a table (CSV, JSON, Excel, Parquet) and open one. */
import { useState } from 'preact/hooks';
import { message } from '../errors';
import { Pending, useLoaded } from '../parts/loaded';
import { SortHeaders, sortRows, useSort } from '../parts/sorting';
import { Time } from '../parts/time';
import { navigate, onLinkClick } from '../router';
import type { SignedIn } from '../session';

type Column = 'name' | 'size' | 'features' | 'created_at';
const COLUMNS: Array<{ key: Column; label: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'size', label: 'Rows' },
  { key: 'features', label: 'Columns' },
  { key: 'created_at', label: 'Created' },
];

type Summary = { name: string; size: number; features: number; created_at: string };
const compare = (a: Summary, b: Summary, column: Column) =>
  column === 'size' || column === 'features' ? a[column] - b[column] : a[column].localeCompare(b[column]);

function Upload({ session }: { session: SignedIn }) {
  const [percent, setPercent] = useState<number>();
  const [error, setError] = useState('');
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError('');
    setPercent(0);
    session.transport.onUpload((sent, total) => setPercent(Math.round((100 * sent) / total)));
    try {
      const id = await session.client.datasets.upload({ data: file, filename: file.name });
      navigate(`/datasets/${encodeURIComponent(id)}`);
    } catch (failure) {
      setError(message(failure));
      setPercent(undefined);
    } finally {
      session.transport.onUpload(undefined);
    }
  };
  return (
    <div class="card">
      <label for="dataset-file">Upload a table (CSV, JSON, Excel or Parquet)</label>
      <input
        id="dataset-file"
        type="file"
        accept=".csv,.json,.xlsx,.parquet,text/csv,application/json"
        disabled={percent !== undefined}
        onChange={(event) => void upload((event.currentTarget as HTMLInputElement).files?.[0])}
      />
      <div aria-live="polite" class="status">
        {percent !== undefined && (
          <progress aria-label="Upload progress" max={100} value={percent}>
            {percent}%
          </progress>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

export function DatasetsScreen({ session }: { session: SignedIn }) {
  const [sort, setSort] = useSort<Column>('created_at');
  const datasets = useLoaded(async () => {
    const all = [];
    for await (const dataset of session.client.datasets.all()) all.push(dataset as Summary & { id: string });
    return all;
  }, 'datasets');
  return (
    <section>
      <h1 tabIndex={-1}>Datasets</h1>
      <Upload session={session} />
      <Pending state={datasets}>
        {(rows) =>
          rows.length === 0 ? (
            <p>No datasets yet: upload a table above, or send rows to the API.</p>
          ) : (
            <div class="table-scroll">
              <table>
                <caption class="visually-hidden">Datasets</caption>
                <thead>
                  <tr>
                    <SortHeaders columns={COLUMNS} state={sort} onSort={setSort} />
                  </tr>
                </thead>
                <tbody>
                  {sortRows(rows, sort, compare).map((row) => (
                    <tr key={row.id}>
                      <td>
                        <a href={`/datasets/${encodeURIComponent(row.id)}`} onClick={onLinkClick}>
                          {row.name}
                        </a>
                      </td>
                      <td class="number">{row.size}</td>
                      <td class="number">{row.features}</td>
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
