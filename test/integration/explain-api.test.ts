import { beforeAll, describe, expect, it } from 'vitest';
import { authed, login } from '../support/client';

type Json = Record<string, unknown>;
const jsonBody = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** 300 ordinary rows of three readings, and one whose `pressure` alone is far off. */
function readings() {
  let state = 5;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
  const rows = Array.from({ length: 300 }, () => [noise() * 2, noise() * 2, noise() * 2]);
  rows.push([0.1, 9, -0.2]);
  return rows;
}

describe('explainability (seed 001)', () => {
  let call: ReturnType<typeof authed>;
  beforeAll(async () => {
    call = authed(await login());
  });
  const base = {
    data: readings(),
    features: ['temp', 'pressure', 'vibration'],
    algorithm: 'isolation_forest',
    parameters: { random_state: 3 },
  };

  it('SHAP names the feature that made the row unusual, and the values add up to the score', async () => {
    const shap = (await (
      await call('/api/explainability/shap', jsonBody({ ...base, row_index: 300 }))
    ).json()) as Json & { values: Record<string, number>; ranking: string[] };
    expect(shap).toMatchObject({ method: 'shap', exact: true });
    expect(shap.ranking[0]).toBe('pressure');
    const total = Object.values(shap.values).reduce((a, b) => a + b, 0);
    expect(Number(shap.base_value) + total).toBeCloseTo(Number(shap.score), 4);
  });

  it('LIME and global importance point at it too', async () => {
    const lime = (await (
      await call(
        '/api/v1/explainability/lime',
        jsonBody({ ...base, algorithm: 'zscore', parameters: {}, row_index: 300 }),
      )
    ).json()) as { weights: Record<string, number> };
    const top = Object.entries(lime.weights).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0]?.[0];
    expect(top).toBe('pressure');
    const importance = (await (
      await call('/api/v1/explainability/feature-importance', jsonBody(base))
    ).json()) as { method: string; importances: Record<string, number> };
    expect(importance.method).toBe('depth');
    expect(Object.values(importance.importances).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  });

  it('explains a trained detector against its training rows, and refuses a malformed instance', async () => {
    const dataset = (await (
      await call(
        '/api/v1/datasets',
        jsonBody({ name: 'explain me', data: readings(), features: base.features }),
      )
    ).json()) as Json;
    const model = (await (
      await call(
        '/api/v1/models/train',
        jsonBody({ name: 'forest', algorithm: 'isolation_forest', dataset_id: dataset.dataset_id }),
      )
    ).json()) as Json;
    const shap = (await (
      await call(
        '/api/v1/explainability/shap',
        jsonBody({ detector_id: model.id, instance: { temp: 0, pressure: 9, vibration: 0 } }),
      )
    ).json()) as { ranking: string[] };
    expect(shap.ranking[0]).toBe('pressure');
    const bad = await call(
      '/api/v1/explainability/shap',
      jsonBody({ detector_id: model.id, instance: [1, 2] }),
    );
    expect(bad.status).toBe(400);

    // Seed 001's way: a trained detector, the dataset, and the row of it to explain. SHAP's
    // attribution is exact (3 features); LIME's local fit is only checked to cover each feature.
    const named = { detector_id: model.id, dataset_id: dataset.dataset_id, row_index: 300 };
    const shapOfRow = await call('/api/explainability/shap', jsonBody(named));
    expect(((await shapOfRow.json()) as { ranking: string[] }).ranking[0]).toBe('pressure');
    const limeOfRow = await call('/api/explainability/lime', jsonBody(named));
    expect(limeOfRow.status).toBe(200);
    expect(Object.keys(((await limeOfRow.json()) as { weights: object }).weights).sort()).toEqual(
      [...base.features].sort(),
    );
    const inline = await call(
      '/api/v1/explainability/shap',
      jsonBody({
        detector_id: model.id,
        data: readings().slice(290),
        features: base.features,
        row_index: 10,
      }),
    );
    expect(((await inline.json()) as { ranking: string[] }).ranking[0]).toBe('pressure');
    // A row with a gap is explained with the gap at the training median, as the model scores it.
    const gappy: Array<Array<number | null>> = readings().slice(290);
    gappy[10] = gappy[10]!.map((value, j) => (j === 0 ? null : value));
    const withGap = await call(
      '/api/v1/explainability/shap',
      jsonBody({ detector_id: model.id, data: gappy, features: base.features, row_index: 10 }),
    );
    expect(withGap.status).toBe(200);
    expect(((await withGap.json()) as { ranking: string[] }).ranking[0]).toBe('pressure');
    const unindexed = await call(
      '/api/v1/explainability/shap',
      jsonBody({ detector_id: model.id, row_index: 3 }),
    );
    expect(unindexed.status).toBe(400);
    expect(JSON.stringify(await unindexed.json())).toContain('needs a dataset_id or data');
    const outside = await call(
      '/api/v1/explainability/shap',
      jsonBody({ detector_id: model.id, dataset_id: dataset.dataset_id, row_index: 301 }),
    );
    expect(JSON.stringify(await outside.json())).toContain('0..300');
  });
});
