/** One dataset: its columns with their statistics, its first rows, and a detection to run on it. */
import { useState } from 'preact/hooks';
import { message } from '../errors';
import { AlgorithmSelect } from '../parts/algorithm-select';
import { Pending, useLoaded } from '../parts/loaded';
import { navigate } from '../router';
import type { SignedIn } from '../session';

const figure = (value: number | null | undefined) => (value == null ? '—' : value.toPrecision(4));

function Detect({ session, datasetId }: { session: SignedIn; datasetId: string }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const detect = async (event: SubmitEvent) => {
    event.preventDefault();
    const algorithm = String(new FormData(event.currentTarget as HTMLFormElement).get('algorithm'));
    setBusy(true);
    setError('');
    try {
      const run = await session.client.detection.detect({ datasetId, algorithm });
      navigate(`/detection/${encodeURIComponent(run.detection_id)}`);
    } catch (failure) {
      setError(message(failure));
      setBusy(false);
    }
  };
  return (
    <form class="card inline" onSubmit={detect}>
      <AlgorithmSelect session={session} id="detect-algorithm" />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Detecting…' : 'Detect anomalies'}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function DatasetScreen({ session, id }: { session: SignedIn; id: string }) {
  const loaded = useLoaded(
    () => Promise.all([session.client.datasets.get(id), session.client.datasets.preview(id, 10)]),
    id,
  );
  return (
    <section>
      <h1 tabIndex={-1}>{loaded.value?.[0].name ?? 'Dataset'}</h1>
      <Pending state={loaded}>
        {([dataset, preview]) => (
          <>
            <p>
              {dataset.size} rows × {dataset.features} columns
              {dataset.description ? ` — ${dataset.description}` : ''}
            </p>
            <Detect session={session} datasetId={dataset.id} />
            <div class="table-scroll">
              <table>
                <caption>Columns</caption>
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">Mean</th>
                    <th scope="col">Standard deviation</th>
                  </tr>
                </thead>
                <tbody>
                  {dataset.feature_names.map((name, i) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td class="number">{figure(dataset.statistics.mean[i])}</td>
                      <td class="number">{figure(dataset.statistics.std[i])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div class="table-scroll">
              <table>
                <caption>First rows</caption>
                <thead>
                  <tr>
                    {preview.feature_names.map((name) => (
                      <th key={name} scope="col">
                        {name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((row, r) => (
                    <tr key={r}>
                      {row.map((cell, c) => (
                        <td key={c}>{cell === null ? '—' : String(cell)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Pending>
    </section>
  );
}
