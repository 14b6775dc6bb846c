/**
 * Detection runs: the recent ones, and one run — its summary and its anomalies, filtered by
 * score and sorted, with the feature-deviation chart of the anomaly the analyst opens.
 */
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PynomalyClient } from 'pynomaly-js';
import { BarChart } from '../charts';
import { deviations } from '../deviation';
import { Pending, useLoaded } from '../parts/loaded';
import { SortHeader, sortRows, useSort } from '../parts/sorting';
import { Time } from '../parts/time';
import { onLinkClick } from '../router';
import type { SignedIn } from '../session';

type Run = Awaited<ReturnType<PynomalyClient['detection']['result']>>;
type Anomaly = Run['anomalies'][number];
type Column = 'score' | 'index';

const POLL_MS = 1000;

/** What a run found missing and what became of it, in a sentence. */
function missingText(missing: NonNullable<Run['missing']>): string {
  const parts = [`${missing.cells} cells in ${missing.rows} rows, treated by ${missing.handling}`];
  if (missing.rows_excluded > 0) parts.push(`${missing.rows_excluded} empty rows left out`);
  if (missing.empty_features.length > 0)
    parts.push(`empty columns left out: ${missing.empty_features.join(', ')}`);
  return parts.join('; ');
}
const cell = (value: unknown) => (value === null || value === undefined ? '—' : String(value));

/** The run, asked again every second while it is running. */
function useRun(session: SignedIn, id: string) {
  const run = useLoaded(() => session.client.detection.result(id), id);
  useEffect(() => {
    if (run.value?.status !== 'running') return;
    const timer = setTimeout(run.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [run.value, run.reload]);
  return run;
}

function Why({ session, run, anomaly }: { session: SignedIn; run: Run; anomaly: Anomaly }) {
  const datasetId = run.dataset_id;
  const dataset = useLoaded(
    () => (datasetId ? session.client.datasets.get(datasetId) : Promise.resolve(null)),
    datasetId ?? 'inline',
  );
  return (
    <section class="card" aria-labelledby="why-heading">
      <h2 id="why-heading">Row {anomaly.index}: how far from usual</h2>
      <Pending state={dataset}>
        {(stats) => {
          const bars = stats ? deviations(anomaly.features, stats) : [];
          if (bars.length === 0)
            return <p>No column statistics to compare this row with (inline rows or no numeric columns).</p>;
          return (
            <BarChart
              caption="Feature deviations from the dataset's mean, in standard deviations"
              format={(sigmas) => `${sigmas >= 0 ? '+' : '−'}${Math.abs(sigmas).toFixed(1)}σ`}
              bars={bars.map((d) => ({
                label: d.feature,
                value: d.sigmas,
                tone: 'deviation',
                note: `${d.value} (mean ${d.mean.toPrecision(4)})`,
              }))}
            />
          );
        }}
      </Pending>
    </section>
  );
}

function Anomalies({ session, run }: { session: SignedIn; run: Run }) {
  const [minimum, setMinimum] = useState(0);
  const [sort, setSort] = useSort<Column>('score');
  const [open, setOpen] = useState<Anomaly>();
  const shown = sortRows(
    run.anomalies.filter((a) => a.score >= minimum),
    sort,
    (a, b, column) => a[column] - b[column],
  );
  const features = Object.keys(run.anomalies[0]?.features ?? {});
  return (
    <>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label for="minimum">Lowest score shown</label>
        <input
          id="minimum"
          type="number"
          min={0}
          max={1}
          step={0.05}
          value={minimum}
          onInput={(event) => setMinimum(Number(event.currentTarget.value) || 0)}
        />
        <span aria-live="polite">
          {shown.length} of {run.anomalies.length} anomalies
        </span>
      </form>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">Anomalies, sorted by {sort.column}</caption>
          <thead>
            <tr>
              <SortHeader column="score" label="Score" state={sort} onSort={setSort} />
              <SortHeader column="index" label="Row" state={sort} onSort={setSort} />
              {features.map((name) => (
                <th key={name} scope="col">
                  {name}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden">Explain</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((anomaly) => (
              <tr key={anomaly.id} aria-selected={open?.id === anomaly.id}>
                <td class="number">{anomaly.score.toFixed(3)}</td>
                <td class="number">{anomaly.index}</td>
                {features.map((name) => (
                  <td key={name}>{cell(anomaly.features[name])}</td>
                ))}
                <td>
                  <button type="button" onClick={() => setOpen(anomaly)}>
                    Why?<span class="visually-hidden"> Row {anomaly.index}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && <Why session={session} run={run} anomaly={open} />}
    </>
  );
}

export function DetectionScreen({ session, id }: { session: SignedIn; id: string }) {
  const run = useRun(session, id);
  return (
    <section>
      <h1 tabIndex={-1}>Detection {id.slice(-8)}</h1>
      <Pending state={run}>
        {(result) => (
          <>
            <dl class="summary">
              <dt>Status</dt>
              <dd aria-live="polite">{result.status}</dd>
              <dt>Algorithm</dt>
              <dd>{result.algorithm}</dd>
              <dt>Dataset</dt>
              <dd>
                {result.dataset_id ? (
                  <a href={`/datasets/${encodeURIComponent(result.dataset_id)}`} onClick={onLinkClick}>
                    {result.dataset_id}
                  </a>
                ) : (
                  'inline rows'
                )}
              </dd>
              <dt>Anomalies</dt>
              <dd>
                {result.anomaly_count} of {result.n_samples} rows ({(result.anomaly_rate * 100).toFixed(1)}%)
              </dd>
              <dt>Expected false positives</dt>
              <dd>{result.expected_false_positives.toFixed(1)}</dd>
              <dt>Time</dt>
              <dd>{result.processing_time.toFixed(2)} s</dd>
              {result.progress && (
                <>
                  <dt>Shards scored</dt>
                  <dd>
                    <progress
                      max={result.progress.shards_total}
                      value={result.progress.shards_done}
                      aria-label="Shards scored"
                    />{' '}
                    {result.progress.shards_done} of {result.progress.shards_total}
                  </dd>
                </>
              )}
              {result.missing && (
                <>
                  <dt>Missing values</dt>
                  <dd>{missingText(result.missing)}</dd>
                </>
              )}
              {result.adjusted_parameters.map((adjusted) => (
                <Fragment key={adjusted.name}>
                  <dt>Adjusted {adjusted.name}</dt>
                  <dd>
                    {String(adjusted.requested)} → {String(adjusted.used)}: {adjusted.reason}
                  </dd>
                </Fragment>
              ))}
            </dl>
            {result.status === 'failed' && (
              <p class="error" role="alert">
                {result.error_message}
              </p>
            )}
            {result.status === 'completed' && <Anomalies session={session} run={result} />}
          </>
        )}
      </Pending>
    </section>
  );
}

export function DetectionsScreen({ session }: { session: SignedIn }) {
  const runs = useLoaded(() => session.client.detection.results(100), 'runs');
  return (
    <section>
      <h1 tabIndex={-1}>Detections</h1>
      <Pending state={runs}>
        {({ results }) =>
          results.length === 0 ? (
            <p>
              No detections yet: open a{' '}
              <a href="/datasets" onClick={onLinkClick}>
                dataset
              </a>{' '}
              and detect.
            </p>
          ) : (
            <div class="table-scroll">
              <table>
                <caption class="visually-hidden">Detection runs, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Algorithm</th>
                    <th scope="col">Status</th>
                    <th scope="col">Anomalies</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r) => (
                    <tr key={r.detection_id}>
                      <td>
                        <a href={`/detection/${encodeURIComponent(r.detection_id)}`} onClick={onLinkClick}>
                          {r.detection_id.slice(-8)}
                        </a>
                      </td>
                      <td>{r.algorithm}</td>
                      <td>{r.status}</td>
                      <td class="number">
                        {r.anomaly_count} / {r.n_samples}
                      </td>
                      <td>
                        <Time at={r.created_at} />
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
