import { describe, expect, it } from 'vitest';
import { createUser } from '../support/aws';
import { authed, login } from '../support/client';

type Json = Record<string, unknown>;
const jsonBody = (body: unknown, method = 'POST') => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * OWASP API1 (BOLA) across the platform's resource kinds: another tenant's ids are simply not
 * found — reading, changing, deleting or using them — and never listed.
 */
describe('tenancy of detectors, models, ensembles, experiments and pipelines', () => {
  it("answers 404 for every kind of another tenant's resource", async () => {
    const owner = authed(await login());
    const rows = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 3) % 5]);
    const dataset = (await (
      await owner('/api/v1/datasets', jsonBody({ name: 'owned', data: rows, features: ['a', 'b'] }))
    ).json()) as Json;
    const models: Json[] = [];
    for (const algorithm of ['isolation_forest', 'ecod']) {
      models.push(
        (await (
          await owner(
            '/api/v1/models/train',
            jsonBody({ name: algorithm, algorithm, dataset_id: dataset.dataset_id }),
          )
        ).json()) as Json,
      );
    }
    const ensemble = (await (
      await owner('/api/v1/ensembles', jsonBody({ name: 'pair', detector_ids: models.map((m) => m.id) }))
    ).json()) as Json;
    const experiment = (await (
      await owner(
        '/api/v1/experiments',
        jsonBody({ name: 'exp', dataset_id: dataset.dataset_id, algorithms: ['zscore'] }),
      )
    ).json()) as Json;
    const pipeline = (await (
      await owner(
        '/api/v1/automl/create',
        jsonBody({ name: 'auto', dataset_id: dataset.dataset_id, max_trials: 2 }),
      )
    ).json()) as Json;

    await createUser('tenancy-intruder', 'Tenancy-intruder-1');
    const intruder = authed(await login('tenancy-intruder', 'Tenancy-intruder-1'));
    const model = models[0]?.id;
    const attempts: Array<[string, RequestInit?]> = [
      [`/api/v1/detectors/${model}`],
      [`/api/v1/detectors/${model}`, jsonBody({ name: 'mine now' }, 'PUT')],
      [`/api/v1/detectors/${model}`, { method: 'DELETE' }],
      [`/api/v1/detectors/${model}/train`, jsonBody({ dataset_id: dataset.dataset_id })],
      [`/api/v1/models/${model}`],
      [`/api/v1/models/${model}/predict`, jsonBody({ data: [[1, 2]] })],
      ['/api/v1/detection/predict', jsonBody({ detector_id: model, data: [[1, 2]] })],
      [`/api/v1/ensembles/${ensemble.id}`],
      [`/api/v1/ensembles/${ensemble.id}/predict`, jsonBody({ data: [[1, 2]] })],
      [`/api/v1/experiments/${experiment.id}`],
      [`/api/v1/experiments/${experiment.id}/run`, { method: 'POST' }],
      [`/api/v1/automl/pipelines/${pipeline.id}`],
      [`/api/v1/automl/pipelines/${pipeline.id}/start`, { method: 'POST' }],
      [`/api/v1/automl/pipelines/${pipeline.id}/stop`, { method: 'POST' }],
      ['/api/v1/explainability/shap', jsonBody({ detector_id: model, instance: [1, 2] })],
      ['/api/v1/export/json', jsonBody({ dataset_id: dataset.dataset_id })],
    ];
    for (const [path, init] of attempts) {
      expect((await intruder(path, init)).status, `${init?.method ?? 'GET'} ${path}`).toBe(404);
    }
    for (const list of [
      '/api/v1/detectors',
      '/api/v1/models',
      '/api/v1/ensembles',
      '/api/v1/experiments',
      '/api/v1/automl/pipelines',
      '/api/v1/datasets',
    ]) {
      const body = (await (await intruder(list)).json()) as Record<string, unknown[]>;
      expect(Object.values(body)[0], list).toEqual([]);
    }
    expect((await owner(`/api/v1/detectors/${model}`)).status).toBe(200);
  });
});
