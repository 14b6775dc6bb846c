/**
 * Detectors and models: create a detector (an algorithm with a name), train it on a dataset —
 * it is then a model, with its validation metrics — and score a dataset with a model.
 */
import { useState } from 'preact/hooks';
import type { PynomalyClient } from 'pynomaly-js';
import { message } from '../errors';
import { AlgorithmSelect } from '../parts/algorithm-select';
import { Pending, useLoaded } from '../parts/loaded';
import { navigate } from '../router';
import type { SignedIn } from '../session';

type Detector = Awaited<ReturnType<PynomalyClient['detectors']['list']>>['detectors'][number];
type Dataset = { id: string; name: string };

const metric = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(3));

/** A form's one action on the API, with its busy state and its outcome told politely. */
function useAction() {
  const [notice, setNotice] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<string | undefined>) => {
    setBusy(true);
    setNotice(undefined);
    try {
      const done = await action();
      if (done) setNotice({ text: done, error: false });
    } catch (failure) {
      setNotice({ text: message(failure), error: true });
    } finally {
      setBusy(false);
    }
  };
  const Notice = () => (
    <p role="status" class={notice?.error ? 'error' : 'done'}>
      {notice?.text}
    </p>
  );
  return { busy, run, Notice };
}

function DatasetSelect({ datasets, id }: { datasets: Dataset[]; id: string }) {
  return (
    <>
      <label for={id}>Dataset</label>
      <select id={id} name="dataset" required>
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
    </>
  );
}

const field = (event: SubmitEvent, name: string) =>
  String(new FormData(event.currentTarget as HTMLFormElement).get(name) ?? '');

function Create({ session, onCreated }: { session: SignedIn; onCreated: () => void }) {
  const { busy, run, Notice } = useAction();
  const create = (event: SubmitEvent) => {
    event.preventDefault();
    const name = field(event, 'name');
    const algorithm = field(event, 'algorithm');
    const form = event.currentTarget as HTMLFormElement;
    void run(async () => {
      await session.client.detectors.create({ name, algorithm });
      form.reset();
      onCreated();
      return `Detector “${name}” created: train it on a dataset below.`;
    });
  };
  return (
    <form class="card inline" onSubmit={create}>
      <label for="detector-name">Name</label>
      <input id="detector-name" name="name" required maxLength={100} />
      <AlgorithmSelect session={session} id="detector-algorithm" />
      <button type="submit" class="primary" disabled={busy}>
        Create detector
      </button>
      <Notice />
    </form>
  );
}

function DetectorRow({
  session,
  detector,
  datasets,
  onTrained,
}: {
  session: SignedIn;
  detector: Detector;
  datasets: Dataset[];
  onTrained: () => void;
}) {
  const { busy, run, Notice } = useAction();
  const train = (event: SubmitEvent) => {
    event.preventDefault();
    const datasetId = field(event, 'dataset');
    void run(async () => {
      await session.client.detectors.train({ detectorId: detector.id, datasetId });
      onTrained();
      return undefined;
    });
  };
  const score = (event: SubmitEvent) => {
    event.preventDefault();
    const datasetId = field(event, 'dataset');
    void run(async () => {
      const prediction = await session.client.detection.predict({ detectorId: detector.id, datasetId });
      navigate(`/detection/${encodeURIComponent(prediction.result_id)}`);
      return undefined;
    });
  };
  const trained = detector.status === 'trained';
  return (
    <li class="card">
      <h2>
        {detector.name} <span class="muted">({detector.algorithm})</span>
      </h2>
      <dl class="summary">
        <dt>Status</dt>
        <dd>
          {trained ? `trained ${new Date(detector.trained_at ?? '').toLocaleString()}` : 'not trained yet'}
        </dd>
        {detector.metrics && (
          <>
            <dt>Validation</dt>
            <dd>
              {detector.metrics.n_validation} held-out rows,{' '}
              {(detector.metrics.anomaly_rate * 100).toFixed(1)}% flagged; ROC-AUC{' '}
              {metric(detector.metrics.roc_auc)}, F1 {metric(detector.metrics.f1)}
            </dd>
          </>
        )}
      </dl>
      {datasets.length > 0 && (
        <>
          <form class="inline" onSubmit={train}>
            <DatasetSelect datasets={datasets} id={`train-${detector.id}`} />
            <button type="submit" disabled={busy}>
              {trained ? 'Train again' : 'Train'}
            </button>
          </form>
          {trained && (
            <form class="inline" onSubmit={score}>
              <DatasetSelect datasets={datasets} id={`score-${detector.id}`} />
              <button type="submit" disabled={busy}>
                Score with this model
              </button>
            </form>
          )}
        </>
      )}
      <Notice />
    </li>
  );
}

/** `/detectors` lists every detector; `/models` the trained ones (seed 002's models). */
export function DetectorsScreen({ session, models }: { session: SignedIn; models: boolean }) {
  const loaded = useLoaded(async () => {
    const [list, datasets] = await Promise.all([
      session.client.detectors.list(),
      session.client.datasets.list({ limit: 100 }),
    ]);
    return { detectors: list.detectors, datasets: datasets.datasets as Dataset[] };
  }, 'detectors');
  return (
    <section>
      <h1 tabIndex={-1}>{models ? 'Models' : 'Detectors'}</h1>
      {!models && <Create session={session} onCreated={loaded.reload} />}
      <Pending state={loaded}>
        {({ detectors, datasets }) => {
          const shown = models ? detectors.filter((d) => d.status === 'trained') : detectors;
          if (shown.length === 0)
            return (
              <p>
                {models ? 'No trained detectors yet: train one on the Detectors page.' : 'No detectors yet.'}
              </p>
            );
          return (
            <ul class="cards">
              {shown.map((detector) => (
                <DetectorRow
                  key={detector.id}
                  session={session}
                  detector={detector}
                  datasets={datasets}
                  onTrained={loaded.reload}
                />
              ))}
            </ul>
          );
        }}
      </Pending>
    </section>
  );
}
