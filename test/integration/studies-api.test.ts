import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/aws';
import { authed, login } from '../support/client';

type Json = Record<string, unknown>;
const jsonBody = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

function sensorRows(n: number, withLabel: boolean) {
  let state = 11;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
  return Array.from({ length: n }, (_, i) => {
    const anomaly = i % 40 === 13;
    const row = [anomaly ? 9 + noise() : noise() * 2, anomaly ? -9 : noise() * 2, noise()];
    return withLabel ? [...row, anomaly ? 1 : 0] : row;
  });
}

describe('experiments, AutoML and autonomous mode (seed 001)', () => {
  let call: ReturnType<typeof authed>;
  let labelled: string;
  let unlabelled: string;
  beforeAll(async () => {
    call = authed(await login());
    const a = (await (
      await call(
        '/api/v1/datasets',
        jsonBody({ name: 'lab', data: sensorRows(400, true), features: ['x', 'y', 'z', 'label'] }),
      )
    ).json()) as Json;
    const b = (await (
      await call(
        '/api/v1/datasets',
        jsonBody({ name: 'raw', data: sensorRows(400, false), features: ['x', 'y', 'z'] }),
      )
    ).json()) as Json;
    labelled = String(a.dataset_id);
    unlabelled = String(b.dataset_id);
  });

  /** Polls a study until it is no longer running. */
  async function settled(url: string): Promise<Json & { results?: Json[] }> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const study = (await (await call(url)).json()) as Json;
      if (study.status !== 'running') return study;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${url} is still running`);
  }

  it('compares detectors on a labelled dataset by ROC-AUC, AP and F1', async () => {
    const created = await call(
      '/api/experiments',
      jsonBody({
        name: 'compare',
        dataset_id: labelled,
        detectors: [
          { algorithm: 'isolation_forest' },
          { algorithm: 'zscore' },
          { algorithm: 'lof', parameters: { k: 10 } },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const experiment = (await created.json()) as Json;
    const ran = (await (
      await call(`/api/experiments/${experiment.id}/run`, { method: 'POST' })
    ).json()) as Json & { results: Json[]; best: Json };
    expect(ran).toMatchObject({ status: 'completed', criterion: 'roc_auc' });
    expect(ran.results).toHaveLength(3);
    for (const result of ran.results)
      expect(Object.keys(result.metrics as Json)).toEqual(
        expect.arrayContaining(['roc_auc', 'average_precision', 'precision', 'recall', 'f1']),
      );
    expect(Number((ran.best.metrics as Json).roc_auc)).toBeGreaterThan(0.9);
    const listed = (await (await call('/api/v1/experiments')).json()) as { experiments: Json[] };
    expect(listed.experiments.some((e) => e.id === experiment.id)).toBe(true);
  });

  it('searches algorithms without labels and ends with a trained best detector', async () => {
    const created = (await (
      await call('/api/automl/create', jsonBody({ name: 'auto', dataset_id: unlabelled, max_trials: 5 }))
    ).json()) as Json;
    expect(created).toMatchObject({ status: 'created', kind: 'automl' });
    const started = (await (
      await call(`/api/automl/pipelines/${created.id}/start`, { method: 'POST' })
    ).json()) as Json & { results: Json[] };
    expect(started).toMatchObject({ status: 'completed', criterion: 'consensus' });
    expect(started.results).toHaveLength(5);
    const detector = (await (await call(`/api/v1/detectors/${started.best_detector_id}`)).json()) as Json;
    expect(detector.status).toBe('trained');
    const second = (await (
      await call('/api/v1/automl/create', jsonBody({ name: 'halted', dataset_id: unlabelled }))
    ).json()) as Json;
    expect(
      await (await call(`/api/v1/automl/pipelines/${second.id}/stop`, { method: 'POST' })).json(),
    ).toMatchObject({ status: 'stopped' });
    expect((await call(`/api/v1/automl/pipelines/${second.id}/start`, { method: 'POST' })).status).toBe(400);
    expect(
      (
        await call(
          '/api/v1/automl/create',
          jsonBody({ name: 'bad', dataset_id: unlabelled, algorithms: ['nope'] }),
        )
      ).status,
    ).toBe(400);
  });

  it('runs a search on the study state machine when asked async, to poll until done', async () => {
    const created = (await (
      await call('/api/v1/automl/create', jsonBody({ name: 'queued', dataset_id: unlabelled, max_trials: 3 }))
    ).json()) as Json;
    const queued = await call(`/api/v1/automl/pipelines/${created.id}/start`, jsonBody({ async: true }));
    expect(queued.status).toBe(202);
    expect(await queued.json()).toMatchObject({ id: created.id, status: 'running' });
    const done = await settled(`/api/v1/automl/pipelines/${created.id}`);
    expect(done).toMatchObject({ status: 'completed', criterion: 'consensus' });
    expect(done.results).toHaveLength(3);
    const detector = (await (await call(`/api/v1/detectors/${done.best_detector_id}`)).json()) as Json;
    expect(detector.status).toBe('trained');
    expect(
      (await call(`/api/v1/automl/pipelines/${created.id}/start`, jsonBody({ async: 'yes' }))).status,
    ).toBe(400);
  });

  it('marks an async search failed, with the reason, when its dataset is gone', async () => {
    const dataset = (await (
      await call('/api/v1/datasets', jsonBody({ name: 'brief', data: sensorRows(60, false) }))
    ).json()) as Json;
    const created = (await (
      await call('/api/v1/automl/create', jsonBody({ name: 'orphan', dataset_id: dataset.dataset_id }))
    ).json()) as Json;
    expect((await call(`/api/v1/datasets/${dataset.dataset_id}`, { method: 'DELETE' })).status).toBeLessThan(
      300,
    );
    expect(
      (await call(`/api/v1/automl/pipelines/${created.id}/start`, jsonBody({ async: true }))).status,
    ).toBe(202);
    const done = await settled(`/api/v1/automl/pipelines/${created.id}`);
    expect(done.status).toBe('failed');
    expect(String(done.error_message)).toMatch(/not found/i);
  });

  it('analyses arriving datasets with a chosen detector when autonomous mode is on', async () => {
    await createUser('autonomous-user', 'Autonomous-user-1');
    const user = authed(await login('autonomous-user', 'Autonomous-user-1'));
    expect(await (await user('/api/autonomous/status')).json()).toMatchObject({ autonomous: false });
    const upload = async () => {
      const form = new FormData();
      const csv = ['a,b', ...sensorRows(200, false).map((r) => `${r[0]},${r[1]}`)].join('\n');
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'arrival.csv');
      return (await (await user('/api/v1/datasets/upload', { method: 'POST', body: form })).json()) as Json;
    };
    expect((await upload()).autonomous_detection).toBeNull();
    expect(await (await user('/api/v1/autonomous/enable', { method: 'POST' })).json()).toMatchObject({
      autonomous: true,
    });
    const arrived = (await upload()).autonomous_detection as Json;
    expect(Number(arrived.anomaly_count)).toBeGreaterThan(0);
    expect((await user(`/api/v1/detection/results/${arrived.detection_id}`)).status).toBe(200);
    await user('/api/autonomous/disable', { method: 'POST' });
  });
});
