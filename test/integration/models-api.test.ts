import { beforeAll, describe, expect, it } from 'vitest';
import { authed, login } from '../support/client';

type Json = Record<string, unknown>;
const jsonBody = (body: unknown, method = 'POST') => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** Rows of two sensor readings with a label column: a few planted far-off readings are anomalies. */
function labelled(n: number) {
  let state = 7;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const anomaly = i % 25 === 7;
    const a = anomaly ? 60 + (i % 5) : 20 + noise() * 4;
    const b = anomaly ? -30 : 1 + noise() * 0.4;
    rows.push([Math.round(a * 100) / 100, Math.round(b * 100) / 100, anomaly ? 1 : 0]);
  }
  return rows;
}

describe('detectors, models and ensembles (seeds 001 and 002)', () => {
  let call: ReturnType<typeof authed>;
  let datasetId: string;
  beforeAll(async () => {
    call = authed(await login());
    const created = (await (
      await call(
        '/api/v1/datasets',
        jsonBody({ name: 'labelled sensors', data: labelled(400), features: ['temp', 'pressure', 'label'] }),
      )
    ).json()) as Json;
    datasetId = String(created.dataset_id);
  });

  it('creates a detector, uploads data, trains and predicts: the SDK flow of seed 001', async () => {
    const created = await call(
      '/api/detectors',
      jsonBody({
        name: 'isolation_forest_detector',
        algorithm: 'IsolationForest',
        parameters: { contamination: 0.1, n_estimators: 100, random_state: 42 },
        description: 'Isolation Forest detector for outlier detection',
      }),
    );
    expect(created.status).toBe(201);
    const detector = (await created.json()) as Json;
    expect(detector).toMatchObject({
      name: 'isolation_forest_detector',
      algorithm: 'IsolationForest',
      status: 'created',
    });

    const trained = await call(
      `/api/detectors/${detector.id}/train`,
      jsonBody({
        dataset_id: datasetId,
        validation_split: 0.2,
        training_options: { enable_validation: true },
      }),
    );
    expect(trained.status).toBe(200);
    const model = (await trained.json()) as Json & { metrics: Json };
    expect(model).toMatchObject({
      status: 'trained',
      feature_names: ['temp', 'pressure'],
      label_column: 'label',
    });
    expect(model.metrics).toMatchObject({ n_train: 320, n_validation: 80 });
    expect(Number(model.metrics.roc_auc)).toBeGreaterThan(0.9);
    expect(Object.keys(model.metrics)).toEqual(
      expect.arrayContaining(['accuracy', 'precision', 'recall', 'f1_score']),
    );

    const rows = [
      [20, 1],
      [61, -30],
      [21, 1.1],
    ];
    const predicted = await call(
      '/api/detection/predict',
      jsonBody({
        detector_id: detector.id,
        data: rows,
        options: { return_confidence: true },
      }),
    );
    const result = (await predicted.json()) as Json & { anomalies: Json[] };
    expect(result).toMatchObject({ detector_id: detector.id, anomalies_count: 1 });
    expect(result.anomalies[0]).toMatchObject({ index: 1, features: { temp: 61, pressure: -30 } });
    // Seed 001: the result is kept and opens by its id, with the detector that scored it.
    expect(String(result.result_id)).toMatch(/^pred_/);
    const kept = await call(`/api/v1/detection/results/${result.result_id}`);
    expect(kept.status).toBe(200);
    expect((await kept.json()) as Json).toMatchObject({
      detection_id: result.result_id,
      detector_id: detector.id,
      anomaly_count: 1,
      n_samples: rows.length,
      anomalies: [expect.objectContaining({ index: 1, features: { temp: 61, pressure: -30 } })],
    });

    const predictWithModel = async () =>
      (await (await call(`/api/v1/models/${detector.id}/predict`, jsonBody({ data: rows }))).json()) as Json;
    const again = await predictWithModel();
    expect(again).toMatchObject({ predictions: [0, 1, 0], processing_time: expect.any(Number) });
    const repeat = await predictWithModel();
    expect(repeat.scores).toEqual(again.scores);

    // One row with a gap: the model fills it from its training rows, not from this one row.
    const gap = await call(`/api/v1/models/${detector.id}/predict`, jsonBody({ data: [[null, -30]] }));
    expect(gap.status).toBe(200);
    expect(((await gap.json()) as Json).predictions).toEqual([1]);
  });

  it('trains a model in one step, lists it, and refuses bad training requests', async () => {
    const response = await call(
      '/api/v1/models/train',
      jsonBody({ name: 'ecod_v1', algorithm: 'ecod', dataset_id: datasetId, validation: { split: 0.25 } }),
    );
    expect(response.status).toBe(201);
    const model = (await response.json()) as Json;
    expect(model.model_id).toBe(model.id);
    const models = (await (await call('/api/v1/models')).json()) as { models: Json[] };
    expect(models.models.some((m) => m.id === model.id)).toBe(true);
    expect(
      (await call('/api/v1/models/train', jsonBody({ name: 'x', algorithm: 'nope', dataset_id: datasetId })))
        .status,
    ).toBe(400);
    expect(
      (
        await call(
          '/api/v1/models/train',
          jsonBody({ name: 'x', algorithm: 'ecod', dataset_id: datasetId, validation: { split: 0.9 } }),
        )
      ).status,
    ).toBe(400);
    const untrained = (await (
      await call('/api/v1/detectors', jsonBody({ name: 'raw', algorithm: 'knn' }))
    ).json()) as Json;
    expect((await call(`/api/v1/models/${untrained.id}/predict`, jsonBody({ data: [[1, 2]] }))).status).toBe(
      400,
    );
    expect((await call(`/api/v1/models/${untrained.id}`)).status).toBe(404);
  });

  it('combines trained detectors into an ensemble that predicts', async () => {
    const ids: string[] = [];
    for (const algorithm of ['isolation_forest', 'ecod', 'knn']) {
      const model = (await (
        await call(
          '/api/v1/models/train',
          jsonBody({ name: `${algorithm}_member`, algorithm, dataset_id: datasetId }),
        )
      ).json()) as Json;
      ids.push(String(model.id));
    }
    const created = await call(
      '/api/ensemble/create',
      jsonBody({ name: 'default', detector_ids: ids, combination: 'average' }),
    );
    expect(created.status).toBe(201);
    const ensemble = (await created.json()) as Json;
    const prediction = (await (
      await call(
        `/api/ensemble/${ensemble.id}/predict`,
        jsonBody({
          data: [
            [20, 1],
            [200, 50],
          ],
        }),
      )
    ).json()) as Json;
    expect(prediction).toMatchObject({ combination: 'average', predictions: [0, 1] });
    const listed = (await (await call('/api/ensemble/list')).json()) as { ensembles: Json[] };
    expect(listed.ensembles.some((e) => e.id === ensemble.id)).toBe(true);
    expect((await call('/api/v1/ensembles', jsonBody({ name: 'one', detector_ids: [ids[0]] }))).status).toBe(
      400,
    );
  });
});
