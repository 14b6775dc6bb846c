/**
 * pynomaly-js against the local stack, running the seeds' examples as written for it: 000's
 * sign-in, detection and batch; 001's detectors; 002's one-call methods and live socket; 003's
 * workbook, analysis and report export; uploads with progress by both paths; typed errors.
 */
import {
  AuthenticationError,
  type LiveMessage,
  MfaRequiredError,
  NotFoundError,
  PynomalyClient,
  ValidationError,
} from 'pynomaly-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { enrolTotp, poster } from '../support/accounts';
import { createUser } from '../support/aws';
import { apiUrl, login, newAdmin } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';
import { totp } from '../support/totp';

const analyst = { username: 'sdk-analyst', password: 'Sdk-analyst-1' };
let apiKey = '';

/** CSV text of `rows` ordinary rows (values with `decimals` digits) and one far outside them at `outlier`. */
function csv(rows: number, outlier: number, decimals = 0): string {
  const lines = ['a,b,c'];
  const value = (v: number) => v.toFixed(decimals);
  for (let i = 0; i < rows; i++)
    lines.push(
      i === outlier
        ? '90,-40,900'
        : `${value((i * 37) % 11)},${value((i * 13) % 7)},${value(100 + ((i * 7) % 9))}`,
    );
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  await createUser(analyst.username, analyst.password);
  const admin = await newAdmin('sdk-admin', 'Sdk-Admin-Password-1');
  const client = new PynomalyClient({ baseUrl: apiUrl(), token: admin.token });
  const created = (await client.api.POST('/api/v1/api-keys', {
    body: { name: 'sdk', scopes: ['datasets:read', 'datasets:write', 'detection:read', 'detection:write'] },
  })) as { data?: { key?: string } };
  apiKey = created.data?.key ?? '';
  expect(apiKey).toMatch(/^pyn_/);
});

describe('pynomaly-js', () => {
  it('runs seed 000: sign in, detect on inline values, batch', async () => {
    const client = new PynomalyClient({ baseUrl: apiUrl() });
    await client.login(analyst);
    const result = (await client.detectAnomalies({
      data: [1, 2, 3, 4, 5, 100, 6, 7, 8, 9],
      algorithm: 'isolation_forest',
      parameters: { contamination: 0.1, random_state: 42 },
    })) as { anomalies: Array<{ index: number }> };
    expect(result.anomalies.map((a) => a.index)).toContain(5);
    const batch = (await client.batchDetect(
      [
        { name: 'dataset1', data: [1, 2, 3, 4, 5, 100] },
        { name: 'dataset2', data: [10, 20, 30, 40, 50, 1000] },
      ],
      { algorithm: 'isolation_forest' },
    )) as { results: unknown[] };
    expect(batch.results).toHaveLength(2);
  });

  it('runs seed 002 with an API key: createDataset, detectAnomalies, trainModel, predict, a live socket', async () => {
    const client = new PynomalyClient({ baseUrl: apiUrl(), apiKey });
    const datasetId = await client.createDataset({
      name: 'sensor_data',
      data: Array.from({ length: 60 }, (_, i) =>
        i === 42 ? [95, 3, 1] : [20 + (i % 5), 101 + (i % 3), 40 + (i % 7)],
      ),
      features: ['temp', 'pressure', 'humidity'],
    });
    const detected = (await client.detectAnomalies({ datasetId, algorithm: 'isolation_forest' })) as {
      anomalies: Array<{ index: number }>;
    };
    expect(detected.anomalies.map((a) => a.index)).toContain(42);
    const modelId = await client.trainModel({ name: 'my_model', algorithm: 'isolation_forest', datasetId });
    const predictions = (await client.predict({
      modelId,
      data: [
        [21, 102, 43],
        [95, 3, 1],
      ],
    })) as {
      predictions: number[];
    };
    expect(predictions.predictions).toEqual([0, 1]);

    const ws = client.createWebSocket('/ws/detection/live');
    const results: LiveMessage[] = [];
    ws.onMessage((message) => results.push(message));
    for (let i = 0; i < 35; i++)
      ws.send({ type: 'detect', data: { sample: i === 34 ? [500, 500, 500] : [i % 3, i % 5, 1] } });
    await ws.opened;
    const deadline = Date.now() + 30_000;
    while (results.length < 35 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    ws.close();
    expect(results.every((m) => m.type === 'anomaly_result')).toBe(true);
    const last = results.at(-1)?.data as { is_anomaly?: boolean } | undefined;
    expect(last?.is_anomaly).toBe(true);
  });

  it('runs seed 001: create a detector, train it, predict with it', async () => {
    const client = new PynomalyClient({ baseUrl: apiUrl() });
    await client.login(analyst);
    const detector = (await client.detectors.create({
      name: 'my_detector',
      algorithm: 'IsolationForest',
      parameters: { contamination: 0.1 },
    })) as { id: string };
    const datasetId = await client.datasets.upload({
      data: new TextEncoder().encode(csv(120, 7)),
      filename: 'data.csv',
    });
    await client.detectors.train({ detectorId: detector.id, datasetId });
    const results = (await client.detection.predict({ detectorId: detector.id, datasetId })) as {
      anomalies: Array<{ index: number }>;
    };
    expect(results.anomalies.map((a) => a.index)).toContain(7);
  });

  it('uploads with progress by one request and by the signed large-upload path, and pages through datasets', async () => {
    const client = new PynomalyClient({ baseUrl: apiUrl(), apiKey });
    const small: number[] = [];
    const smallId = await client.datasets.upload(
      { data: new TextEncoder().encode(csv(500, 3)), filename: 'small.csv' },
      { onProgress: (sent) => small.push(sent) },
    );
    expect(small.at(-1)).toBeGreaterThan(0);
    const big = new TextEncoder().encode(csv(200_000, 10, 6));
    expect(big.length).toBeGreaterThan(4_400_000);
    const seen: Array<[number, number]> = [];
    const bigId = await client.datasets.upload(
      { data: big, filename: 'big.csv' },
      { name: 'big', onProgress: (sent, total) => seen.push([sent, total]) },
    );
    expect(seen.at(-1)).toEqual([big.length, big.length]);
    expect(((await client.datasets.get(bigId)) as { size: number }).size).toBe(200_000);

    const ids: string[] = [];
    for await (const dataset of client.datasets.all({ limit: 1 })) ids.push((dataset as { id: string }).id);
    expect(ids).toEqual(expect.arrayContaining([smallId, bigId]));
  }, 120_000);

  it("follows seed 003's workbook analysis and exports a report", async () => {
    const client = new PynomalyClient({ baseUrl: apiUrl() });
    await client.login(analyst);
    const datasetId = await client.reports.uploadWorkbook({
      data: securityLogsWorkbook().file,
      filename: 'logs.xlsx',
    });
    const steps: unknown[] = [];
    const session = await client.waitForAnalysis(datasetId, { onProgress: (s) => steps.push(s.progress) });
    expect(session.status).toBe('completed');
    const reports = (await client.reports.list({ dataset_id: datasetId })) as Array<{ id: string }>;
    const pdf = await client.reports.export(reports[0]?.id ?? '', 'pdf');
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
  }, 180_000);

  it('throws typed errors: sign-in refused, MFA challenge then code, not found, invalid with field errors', async () => {
    const client = new PynomalyClient({ baseUrl: apiUrl() });
    await expect(
      client.login({ username: analyst.username, password: 'Wrong-password-1' }),
    ).rejects.toBeInstanceOf(AuthenticationError);

    await createUser('sdk-mfa', 'Sdk-mfa-user-1');
    const secret = await enrolTotp(poster(apiUrl()), await login('sdk-mfa', 'Sdk-mfa-user-1'));
    const challenged = await client
      .login({ username: 'sdk-mfa', password: 'Sdk-mfa-user-1' })
      .catch((e: unknown) => e);
    expect(challenged).toBeInstanceOf(MfaRequiredError);
    const { challenge } = challenged as MfaRequiredError;
    expect(challenge?.session).toBeTruthy();
    await client.verifyMfa({ username: 'sdk-mfa', session: challenge?.session ?? '', code: totp(secret) });
    expect(client.tokens?.access_token).toBeTruthy();

    await expect(client.datasets.get('no-such-dataset')).rejects.toBeInstanceOf(NotFoundError);
    const invalid = await client.detectors.create({ name: '', algorithm: 'x' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fieldErrors.map((e) => e.field)).toContain('name');
  });
});
