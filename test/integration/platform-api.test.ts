import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/aws';
import { authed, login } from '../support/client';

type Json = Record<string, unknown>;
const jsonBody = (body: unknown, method = 'POST') => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('the v1 datasets and detection API (seeds 000 and 002)', () => {
  let call: ReturnType<typeof authed>;
  beforeAll(async () => {
    call = authed(await login());
  });

  it('creates, lists, reads, updates, fills from a file and deletes a dataset', async () => {
    const created = await call(
      '/api/v1/datasets',
      jsonBody({
        name: 'sensor_data',
        description: 'Production sensor readings',
        data: [
          [1.2, 3.4, 5.6, 7.8, 9.0],
          [2.1, 4.3, 6.5, 8.7, 0.9],
        ],
        features: ['temp', 'pressure', 'humidity', 'vibration', 'voltage'],
        metadata: { source: 'production', collection_date: '2024-01-01' },
      }),
    );
    expect(created.status).toBe(201);
    const dataset = (await created.json()) as Json;
    expect(dataset).toMatchObject({ name: 'sensor_data', size: 2, features: 5 });

    const detail = (await (await call(`/api/v1/datasets/${dataset.dataset_id}`)).json()) as Json;
    expect(detail).toMatchObject({
      id: dataset.dataset_id,
      feature_names: ['temp', 'pressure', 'humidity', 'vibration', 'voltage'],
      metadata: { source: 'production' },
      statistics: { mean: [1.65, 3.85, 6.05, 8.25, 4.95], std: [0.45, 0.45, 0.45, 0.45, 4.05] },
    });

    const page = (await (
      await call('/api/v1/datasets?page=1&limit=20&search=sensor&sort=name&order=asc')
    ).json()) as Json;
    expect(page.pagination).toMatchObject({ page: 1, limit: 20 });
    expect((page.datasets as Json[]).some((d) => d.id === dataset.dataset_id)).toBe(true);

    const updated = await call(
      `/api/v1/datasets/${dataset.dataset_id}`,
      jsonBody({ name: 'updated_sensor_data', metadata: { updated: true } }, 'PUT'),
    );
    expect(await updated.json()).toMatchObject({ name: 'updated_sensor_data', metadata: { updated: true } });

    const csv = [
      'temp;pressure',
      ...Array.from({ length: 40 }, (_, i) => `${20 + (i % 5)};${1 + (i % 3) / 10}`),
      '95;7.5',
    ].join('\n');
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'readings.csv');
    form.append('separator', ';');
    form.append('has_header', 'true');
    const uploaded = await call(`/api/v1/datasets/${dataset.dataset_id}/upload`, {
      method: 'POST',
      body: form,
    });
    expect(uploaded.status).toBe(200);
    const fill = (await uploaded.json()) as Json & { preview: unknown[][] };
    expect(fill).toMatchObject({
      rows_processed: 41,
      features_detected: 2,
      feature_names: ['temp', 'pressure'],
    });
    expect(fill.preview[0]).toEqual([20, 1]);
    const preview = (await (
      await call(`/api/v1/datasets/${dataset.dataset_id}/preview?rows=3`)
    ).json()) as Json;
    expect(preview.rows).toHaveLength(3);

    const detection = (await (
      await call(
        '/api/v1/detection/detect',
        jsonBody({
          dataset_id: dataset.dataset_id,
          algorithm: 'isolation_forest',
          parameters: { random_state: 1 },
        }),
      )
    ).json()) as Json & { anomalies: Json[] };
    expect(detection.anomalies[0]).toMatchObject({ index: 40, features: { temp: 95, pressure: 7.5 } });

    const deleted = await call(`/api/v1/datasets/${dataset.dataset_id}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ message: 'Dataset deleted successfully' });
    expect((await call(`/api/v1/datasets/${dataset.dataset_id}`)).status).toBe(404);
  });

  it('detects on inline data as the developer guide shows, and keeps the result', async () => {
    const response = await call(
      '/api/v1/detection/detect',
      jsonBody({
        data: [1, 2, 3, 4, 5, 100, 6, 7, 8, 9],
        algorithm: 'isolation_forest',
        parameters: { contamination: 0.1, random_state: 42 },
      }),
    );
    expect(response.status).toBe(200);
    const result = (await response.json()) as Json & { anomalies: Json[] };
    expect(result).toMatchObject({ anomaly_count: 1, anomaly_rate: 0.1, algorithm: 'isolation_forest' });
    expect(result.anomalies[0]).toMatchObject({ index: 5, features: { value: 100 } });
    expect(typeof result.processing_time).toBe('number');

    const stored = (await (await call(`/api/v1/detection/results/${result.detection_id}`)).json()) as Json;
    expect(stored).toMatchObject({
      detection_id: result.detection_id,
      anomaly_count: 1,
      anomalies: result.anomalies,
    });
    const list = (await (await call('/api/v1/detection/results?limit=5')).json()) as { results: Json[] };
    expect(list.results.some((r) => r.detection_id === result.detection_id)).toBe(true);
  });

  it('runs a batch, each dataset with its own algorithm', async () => {
    const response = await call(
      '/api/v1/detection/batch',
      jsonBody({
        datasets: [
          { name: 'dataset1', data: [1, 2, 3, 4, 5, 100] },
          { name: 'dataset2', data: [10, 20, 30, 40, 50, 1000], algorithm: 'lof', parameters: { k: 3 } },
          { name: 'broken', data: [[1, 2], [3]] },
        ],
        algorithm: 'isolation_forest',
      }),
    );
    const batch = (await response.json()) as { batch_id: string; results: Json[] };
    expect(batch.batch_id).toMatch(/^batch_/);
    expect(batch.results.map((r) => r.status)).toEqual(['completed', 'completed', 'failed']);
    expect(batch.results[1]).toMatchObject({ name: 'dataset2', algorithm: 'lof' });
  });

  it('lists every algorithm with its parameters and defaults', async () => {
    const { algorithms } = (await (await call('/api/v1/detectors/algorithms')).json()) as {
      algorithms: Json[];
    };
    const names = algorithms.map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'isolation_forest',
        'lof',
        'knn',
        'ecod',
        'copod',
        'hbos',
        'pca',
        'zscore',
        'iqr',
      ]),
    );
    const forest = algorithms.find((a) => a.name === 'isolation_forest') as { defaults: Json };
    expect(forest.defaults).toMatchObject({ n_estimators: 100, contamination: 'auto' });
  });

  it('refuses bad input with the failing field named, and stores nothing', async () => {
    const before = ((await (await call('/api/v1/detection/results?limit=500')).json()) as { results: Json[] })
      .results.length;
    const cases: Array<[unknown, string]> = [
      [{ data: 'not rows' }, 'data'],
      [{ data: [1, 2, 3], algorithm: 'magic' }, 'algorithm'],
      [{ data: [1, 2, 3], parameters: { contamination: 0.7 } }, 'contamination'],
      [{ data: [] }, 'data'],
      [{ data: [[1, 2], [3]] }, 'data[1]'],
      [{ data: [['a'], ['b']] }, 'data'],
    ];
    for (const [body, field] of cases) {
      const response = await call('/api/v1/detection/detect', jsonBody(body));
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = (await response.json()) as { errors?: Array<{ field: string }> };
      expect(problem.errors?.map((e) => e.field).join(' '), JSON.stringify(body)).toContain(field);
    }
    const after = ((await (await call('/api/v1/detection/results?limit=500')).json()) as { results: Json[] })
      .results.length;
    expect(after).toBe(before);
    expect((await call('/api/v1/datasets', jsonBody({ name: 'x', data: [[1, 2], [3]] }))).status).toBe(400);
  });

  it('takes null cells as missing values and says what became of them', async () => {
    const data: Array<Array<number | null>> = Array.from({ length: 20 }, (_, i) => [
      1 + (i % 5) / 10,
      2 + (i % 4) / 10,
    ]);
    data[3]![0] = null;
    data[7]![1] = null;
    data[10] = [40, 2];
    data.push([null, null]);
    const response = await call('/api/v1/detection/detect', jsonBody({ data, algorithm: 'knn' }));
    expect(response.status).toBe(200);
    const run = (await response.json()) as Json;
    const missing = {
      cells: 2,
      rows: 2,
      features: { feature_0: 1, feature_1: 1 },
      handling: 'median',
      rows_excluded: 1,
      empty_features: [],
    };
    expect(run).toMatchObject({ n_samples: 20, missing, adjusted_parameters: [] });
    expect((run.anomalies as Json[]).map((a) => a.index)).toEqual([10]);
    const kept = (await (await call(`/api/v1/detection/results/${run.detection_id}`)).json()) as Json;
    expect(kept.missing).toEqual(missing);
  });

  it("keeps each tenant's datasets and results to itself", async () => {
    const mine = (await (
      await call('/api/v1/datasets', jsonBody({ name: 'private', data: [1, 2, 3] }))
    ).json()) as Json;
    const run = (await (
      await call('/api/v1/detection/detect', jsonBody({ data: [1, 2, 3, 50] }))
    ).json()) as Json;
    await createUser('platform-other', 'Platform-other-1');
    const other = authed(await login('platform-other', 'Platform-other-1'));
    expect((await other(`/api/v1/datasets/${mine.dataset_id}`)).status).toBe(404);
    expect((await other(`/api/v1/datasets/${mine.dataset_id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await other(`/api/v1/detection/results/${run.detection_id}`)).status).toBe(404);
    expect((await other('/api/v1/detection/detect', jsonBody({ dataset_id: mine.dataset_id }))).status).toBe(
      404,
    );
  });
});

describe('health, performance and exports', () => {
  let call: ReturnType<typeof authed>;
  beforeAll(async () => {
    call = authed(await login());
  });

  it('checks every dependency for real', async () => {
    for (const path of ['/api/v1/health/detailed', '/api/health/dependencies']) {
      const response = await call(path);
      expect(response.status, path).toBe(200);
      const body = (await response.json()) as { dependencies: Array<{ name: string; status: string }> };
      expect(body.dependencies.map((d) => `${d.name}:${d.status}`)).toEqual([
        'dynamodb:healthy',
        's3:healthy',
        'cognito:healthy',
        'stepfunctions:healthy',
      ]);
    }
  });

  it('reports request and detection figures from real counters, and benchmarks an algorithm', async () => {
    await call('/api/v1/detection/detect', jsonBody({ data: [1, 2, 3, 4, 100] }));
    const metrics = (await (await call('/api/v1/performance/metrics')).json()) as {
      application: Json;
      performance: Json;
    };
    expect(Number(metrics.application.requests_per_minute)).toBeGreaterThan(0);
    expect(Object.keys(metrics.application)).toEqual(
      expect.arrayContaining(['active_detectors', 'cached_models', 'cache_hit_rate_percent']),
    );
    expect(Object.keys((metrics as unknown as { system: Json }).system)).toEqual(
      expect.arrayContaining(['cpu_usage_percent', 'memory_usage_percent', 'disk_usage_percent']),
    );
    expect(Number(metrics.application.detections_in_window)).toBeGreaterThan(0);
    expect(Number(metrics.performance.average_detection_time_ms)).toBeGreaterThanOrEqual(0);
    const bench = (await (
      await call(
        '/api/v1/performance/benchmark',
        jsonBody({ algorithm: 'isolation_forest', n_samples: 5000, n_features: 5 }),
      )
    ).json()) as Json;
    expect(Number(bench.roc_auc)).toBeGreaterThan(0.9);
    expect((await call('/api/v1/performance/benchmark', jsonBody({ n_samples: 10_000_000 }))).status).toBe(
      400,
    );
  });

  it('exports a detection as formula-safe CSV, Excel and JSON', async () => {
    const run = (await (
      await call(
        '/api/v1/detection/detect',
        jsonBody({
          data: [
            [1, '=cmd'],
            [2, 'b'],
            [3, 'c'],
            [2, 'd'],
            [90, '@x'],
          ],
          features: ['v', 'note'],
        }),
      )
    ).json()) as Json;
    const formats = (await (await call('/api/v1/export/formats')).json()) as { formats: Json[] };
    expect(formats.formats.map((f) => f.format)).toEqual(['csv', 'excel', 'json']);
    const csv = await call('/api/v1/export/csv', jsonBody({ detection_id: run.detection_id }));
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('"index","score","v","note"');
    expect(text).toContain("'@x");
    const excel = await call('/api/export/excel', jsonBody({ detection_id: run.detection_id }));
    expect(excel.headers.get('content-disposition')).toContain('.xlsx');
    expect((await call('/api/v1/export/pdf', jsonBody({ detection_id: run.detection_id }))).status).toBe(400);
  });
});

describe('creating a dataset from a file (seed 001)', () => {
  it('answers rows, columns and their kinds', async () => {
    const call = authed(await login());
    const form = new FormData();
    const csv = [
      'host,cpu,mem',
      ...Array.from({ length: 30 }, (_, i) => `web-${i % 3},${40 + (i % 7)},${60 + (i % 5)}`),
    ].join('\n');
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'servers.csv');
    form.append('name', 'my_dataset');
    form.append('description', 'Sample dataset for anomaly detection');
    const response = await call('/api/datasets/upload', { method: 'POST', body: form });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      name: 'my_dataset',
      rows: 30,
      columns: 3,
      file_path: expect.stringContaining('tables/'),
      numeric_columns: 2,
      categorical_columns: 1,
    });
    const json = new FormData();
    json.append(
      'file',
      new Blob(
        [
          JSON.stringify([
            { a: 1, b: 'x' },
            { a: 2, b: 'y' },
          ]),
        ],
        { type: 'application/json' },
      ),
      'rows.json',
    );
    expect(
      await (await call('/api/v1/datasets/upload', { method: 'POST', body: json })).json(),
    ).toMatchObject({ rows: 2, columns: 2 });
    const parquet = new FormData();
    const columns = parquetWriteBuffer({
      columnData: [
        { name: 'sensor', data: ['a', 'b', 'c'], type: 'STRING' },
        { name: 'reading', data: [1.5, 2.5, 99], type: 'DOUBLE' },
      ],
    });
    parquet.append('file', new Blob([columns]), 'readings.parquet');
    expect(
      await (await call('/api/v1/datasets/upload', { method: 'POST', body: parquet })).json(),
    ).toMatchObject({
      rows: 3,
      columns: 2,
      numeric_columns: 1,
    });
    const broken = new FormData();
    broken.append('file', new Blob(['x']), 'data.parquet');
    expect((await call('/api/v1/datasets/upload', { method: 'POST', body: broken })).status).toBe(400);
    const bad = new FormData();
    bad.append('file', new Blob(['x']), 'data.bin');
    expect((await call('/api/v1/datasets/upload', { method: 'POST', body: bad })).status).toBe(415);
  });
});
