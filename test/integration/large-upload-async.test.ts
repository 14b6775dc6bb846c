import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../support/aws';
import { authed, login } from '../support/client';

/**
 * A large upload over the synchronous bound (16 MiB) is converted on the ingest state machine:
 * the complete route answers 202 at once and the upload's status is polled until it is
 * `completed` (its dataset) or `failed` (why). Against the running local stack: its gateway (29 s),
 * Step Functions running the same ASL, s3rver and DynamoDB Local.
 */
const SYNC_BOUND = 16 * 1024 * 1024;
const local = inject('local');
const sfn = new SFNClient({
  region: local.region,
  endpoint: local.stepfunctions_endpoint,
  credentials: { accessKeyId: local.aws_access_key_id, secretAccessKey: local.aws_secret_access_key },
});
afterAll(() => sfn.destroy());

type Json = Record<string, unknown>;
type Call = ReturnType<typeof authed>;
const jsonBody = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * A CSV of `rows` rows of metrics, about 83 bytes each (220,000 rows make 18 MB, over 16 MiB), with
 * random values; `ragged` leaves one value out of that row.
 */
function metricsCsv(rows: number, ragged?: number): Buffer {
  const lines = ['ts,host,service,cpu,mem,net,latency_ms,status'];
  for (let i = 0; i < rows; i++) {
    const cpu = (Math.random() * 100).toFixed(3);
    const mem = (Math.random() * 64_000).toFixed(1);
    const net = Math.round(Math.random() * 1_000_000);
    const latency = (Math.random() * 900).toFixed(2);
    const ts = new Date(1_700_000_000_000 + i * 1000).toISOString();
    const row = `${ts},web-${i % 97},checkout-service-${i % 7},${cpu},${mem},${net},${latency},${i % 13 ? 'ok' : 'degraded'}`;
    lines.push(i === ragged ? row.slice(0, row.lastIndexOf(',')) : row);
  }
  return Buffer.from(lines.join('\n'));
}

/** Starts a large upload of `file` and PUTs it with the signed URL, as a client does. */
async function uploaded(call: Call, file: Buffer, name: string): Promise<string> {
  const started = (await (
    await call(
      '/api/v1/datasets/uploads',
      jsonBody({ filename: `${name}.csv`, size: file.length, content_type: 'text/csv', name }),
    )
  ).json()) as { upload_id: string; url: string; status_url: string };
  expect(started.status_url).toBe(`/api/v1/datasets/uploads/${started.upload_id}`);
  const put = await fetch(started.url, {
    method: 'PUT',
    headers: { 'Content-Type': 'text/csv' },
    body: file,
  });
  expect(put.ok).toBe(true);
  return started.upload_id;
}

/** Polls the upload until it leaves `waiting` and `processing`. */
async function settled(call: Call, statusUrl: string, timeoutMs = 90_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await call(statusUrl);
    expect(response.status).toBe(200);
    const upload = (await response.json()) as Json;
    if (upload.status !== 'processing' && upload.status !== 'waiting') return upload;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${statusUrl} is still processing after ${timeoutMs} ms`);
}

describe('a large upload over the synchronous bound', () => {
  it('answers 202, converts on the ingest state machine, and completes as a dataset', async () => {
    // Prepare: a user of their own tenant, with autonomous mode on.
    await createUser('large-async-user', 'Large-async-user-1');
    const call = authed(await login('large-async-user', 'Large-async-user-1'));
    expect((await call('/api/v1/autonomous/enable', { method: 'POST' })).status).toBe(200);
    const file = metricsCsv(220_000);
    expect(file.length).toBeGreaterThan(SYNC_BOUND);
    const uploadId = await uploaded(call, file, 'fleet-async');
    expect(await (await call(`/api/v1/datasets/uploads/${uploadId}`)).json()).toMatchObject({
      status: 'waiting',
      size: file.length,
      dataset_id: null,
    });

    // Act
    const completing = await call(`/api/v1/datasets/uploads/${uploadId}/complete`, { method: 'POST' });

    // Assess
    expect(completing.status).toBe(202);
    const queued = (await completing.json()) as Json;
    expect(queued).toMatchObject({
      upload_id: uploadId,
      status: 'processing',
      status_url: `/api/v1/datasets/uploads/${uploadId}`,
    });
    // Asked again while it runs: the same answer, nothing started twice.
    const again = await call(`/api/v1/datasets/uploads/${uploadId}/complete`, { method: 'POST' });
    expect([202, 409]).toContain(again.status);

    const done = await settled(call, String(queued.status_url));
    expect(done).toMatchObject({
      upload_id: uploadId,
      filename: 'fleet-async.csv',
      size: file.length,
      status: 'completed',
      dataset_id: expect.any(String),
      error_message: null,
      created_at: expect.any(String),
      completed_at: expect.any(String),
    });
    const dataset = (await (await call(`/api/v1/datasets/${done.dataset_id}`)).json()) as Json;
    expect(dataset).toMatchObject({
      name: 'fleet-async',
      size: 220_000,
      features: 8,
      feature_names: ['ts', 'host', 'service', 'cpu', 'mem', 'net', 'latency_ms', 'status'],
      metadata: expect.objectContaining({ upload_id: uploadId }),
    });
    // Autonomous mode still analyses a dataset that arrived asynchronously: its detection is on
    // the upload once it has run, right after the dataset is there.
    const analysed = async () => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const upload = (await (await call(`/api/v1/datasets/uploads/${uploadId}`)).json()) as Json;
        if (upload.autonomous_detection) return upload.autonomous_detection as Json;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('autonomous mode did not analyse the dataset');
    };
    const autonomous = await analysed();
    expect(autonomous).toMatchObject({ detection_id: expect.any(String), anomaly_count: expect.any(Number) });
    expect((await call(`/api/v1/detection/results/${autonomous.detection_id}`)).status).toBe(200);
    const twice = await call(`/api/v1/datasets/uploads/${uploadId}/complete`, { method: 'POST' });
    expect(twice.status).toBe(409);

    // Another tenant's upload is not found, to read or to complete.
    await createUser('large-async-intruder', 'Large-async-intruder-1');
    const intruder = authed(await login('large-async-intruder', 'Large-async-intruder-1'));
    expect((await intruder(`/api/v1/datasets/uploads/${uploadId}`)).status).toBe(404);
    expect((await intruder(`/api/v1/datasets/uploads/${uploadId}/complete`, { method: 'POST' })).status).toBe(
      404,
    );
    await call('/api/v1/autonomous/disable', { method: 'POST' });
  });

  it('ends failed, saying why, when the file is malformed', async () => {
    const call = authed(await login());
    const file = metricsCsv(220_000, 150_000);
    const uploadId = await uploaded(call, file, 'fleet-ragged');
    const completing = await call(`/api/v1/datasets/uploads/${uploadId}/complete`, { method: 'POST' });
    expect(completing.status).toBe(202);

    const failed = await settled(call, `/api/v1/datasets/uploads/${uploadId}`);
    expect(failed).toMatchObject({ status: 'failed', dataset_id: null, completed_at: expect.any(String) });
    expect(String(failed.error_message)).toMatch(/^Malformed CSV: .*(record|length|column)/i);
    const retried = await call(`/api/v1/datasets/uploads/${uploadId}/complete`, { method: 'POST' });
    expect(retried.status).toBe(409);
    expect(((await retried.json()) as Json).detail).toMatch(/start a new upload/);
  });

  it('ends failed when its execution is stopped, and the conversion under way keeps no dataset', async () => {
    const call = authed(await login());
    const name = `fleet-stopped-${Date.now()}`;
    const uploadId = await uploaded(call, metricsCsv(220_000), name);
    expect((await call(`/api/v1/datasets/uploads/${uploadId}/complete`, { method: 'POST' })).status).toBe(
      202,
    );

    const executionArn = `${local.ingest_state_machine_arn.replace(':stateMachine:', ':execution:')}:${uploadId}`;
    await sfn.send(new StopExecutionCommand({ executionArn }));

    expect(await settled(call, `/api/v1/datasets/uploads/${uploadId}`, 30_000)).toMatchObject({
      status: 'failed',
      error_message: 'The upload was stopped before it finished',
    });
    // The IngestUpload task runs on after the stop, as a Lambda function does: it must neither
    // revive the upload nor leave its dataset behind.
    await new Promise((r) => setTimeout(r, 8000));
    expect(await (await call(`/api/v1/datasets/uploads/${uploadId}`)).json()).toMatchObject({
      status: 'failed',
    });
    const listed = (await (await call(`/api/v1/datasets?search=${name}`)).json()) as { datasets: Json[] };
    expect(listed.datasets).toEqual([]);
  });
});
