import { Readable } from 'node:stream';
import { ExecutionAlreadyExists, type SFNClient } from '@aws-sdk/client-sfn';
import {
  ConflictError,
  NotFoundError,
  type Principal,
  type UploadQuota,
  ValidationError,
} from '@pynomaly/core';
import type {
  BlobStore,
  DetectionRecord,
  DetectionRepository,
  PendingUpload,
  PendingUploads,
  SettingsRepository,
  TabularDatasetRecord,
  TabularDatasetRepository,
  UploadStatus,
} from '@pynomaly/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { completeLargeUpload, getLargeUpload, SYNC_COMPLETE_BYTES, startLargeUpload } from './large-uploads';
import { failQueuedIngest, ingestFailureMessage, type QueuedIngest, runQueuedIngest } from './upload-ingest';

const INGEST_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:pynomaly-ingest';
beforeAll(() => {
  process.env.INGEST_STATE_MACHINE_ARN ??= INGEST_ARN;
});

const principal: Principal = {
  tenantId: 't1',
  userId: 'u1',
  username: 'alice',
  role: 'analyst',
  scopes: [],
  tier: 'user',
  via: 'jwt',
};

/** A CSV of `rows` rows and about `bytes` bytes (rows padded with a text column). */
function csv(rows: number, bytes = 0): string {
  const pad = 'x'.repeat(Math.ceil(bytes / rows));
  return ['a,b,note', ...Array.from({ length: rows }, (_, i) => `${i % 7},${(i * 3) % 11},${pad}`)].join(
    '\n',
  );
}

/**
 * In-memory uploads, datasets, detections, settings, bucket and state machine: what a large
 * upload stores, converts and starts. `sfnError` makes StartExecution throw it.
 */
function fakes(options: { autonomous?: boolean; sfnError?: Error } = {}) {
  const uploads = new Map<string, PendingUpload>();
  const datasets = new Map<string, TabularDatasetRecord>();
  const detections = new Map<string, DetectionRecord>();
  const objects = new Map<string, Buffer>();
  const started: { name: string; stateMachineArn: string; input: QueuedIngest }[] = [];
  const hooks: { beforeRead?: () => void } = {};
  const key = (tenant: string, id: string) => `${tenant}/${id}`;
  const deps = {
    uploads: {
      put: async (tenant: string, upload: PendingUpload) =>
        void uploads.set(key(tenant, upload.upload_id), upload),
      get: async (tenant: string, id: string) => {
        const upload = uploads.get(key(tenant, id));
        if (!upload) throw new NotFoundError('Upload not found');
        return { ...upload };
      },
      transition: async (tenant: string, id: string, from: UploadStatus[], patch: Partial<PendingUpload>) => {
        const upload = uploads.get(key(tenant, id));
        if (!upload || !from.includes(upload.status)) return false;
        uploads.set(key(tenant, id), { ...upload, ...patch });
        return true;
      },
    } as unknown as PendingUploads,
    datasets: {
      put: async (r: TabularDatasetRecord) => void datasets.set(r.id, r),
      get: async (_tenant: string, id: string) => {
        const record = datasets.get(id);
        if (!record) throw new NotFoundError('Dataset not found');
        return record;
      },
      remove: async (_tenant: string, id: string) => void datasets.delete(id),
    } as unknown as TabularDatasetRepository,
    detections: {
      put: async (r: DetectionRecord) => void detections.set(r.id, r),
      putFinished: async (r: DetectionRecord) => {
        detections.set(r.id, r);
        return true;
      },
    } as unknown as DetectionRepository,
    events: { publish: async () => undefined },
    settings: {
      autonomous: async () => ({ enabled: options.autonomous ?? false }),
    } as unknown as SettingsRepository,
    blobs: {
      presignPut: async (k: string) => `https://bucket.example/${k}`,
      head: async (k: string) => {
        const body = objects.get(k);
        if (!body) throw new NotFoundError(`Object ${k} not found`);
        return { size: body.length };
      },
      getStream: async (k: string) => {
        hooks.beforeRead?.();
        const body = objects.get(k);
        if (!body) throw new NotFoundError(`Object ${k} not found`);
        return Readable.from([body]);
      },
      getText: async (k: string) => objects.get(k)?.toString('utf8') ?? '',
      put: async (k: string, body: Buffer | string) => void objects.set(k, Buffer.from(body)),
      putStream: async (k: string, body: Readable) => {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
        objects.set(k, Buffer.concat(chunks));
      },
      deleteKeys: async (keys: string[]) => {
        for (const k of keys) objects.delete(k);
      },
    } as unknown as BlobStore,
    sfn: {
      send: async (command: { input: { name: string; stateMachineArn: string; input: string } }) => {
        if (options.sfnError) throw options.sfnError;
        const { name, stateMachineArn, input } = command.input;
        started.push({ name, stateMachineArn, input: JSON.parse(input) });
        return {};
      },
    } as unknown as SFNClient,
    quota: { charge: async () => undefined } as unknown as UploadQuota,
  };
  /** Starts an upload of `body` and PUTs it, as a client does. */
  const uploaded = async (body: string, filename = 'metrics.csv') => {
    const { upload_id } = await startLargeUpload(
      principal,
      { filename, size: Buffer.byteLength(body), content_type: 'text/csv', name: 'metrics' },
      deps,
    );
    const upload = uploads.get(key(principal.tenantId, upload_id));
    if (!upload) throw new Error('not stored');
    objects.set(upload.key, Buffer.from(body));
    return upload;
  };
  const uploadOf = (id: string) => uploads.get(key(principal.tenantId, id));
  return { deps, uploads, datasets, detections, objects, started, hooks, uploaded, uploadOf };
}

describe('completing a large upload within the request', () => {
  it('turns a file up to the synchronous bound into a dataset, completes the upload, drops the file', async () => {
    // Prepare
    const { deps, uploaded, uploadOf, objects, started } = fakes();
    const upload = await uploaded(csv(500));
    expect(uploadOf(upload.upload_id)?.status).toBe('waiting');

    // Act
    const outcome = await completeLargeUpload(principal, upload.upload_id, deps);

    // Assess
    if (outcome.queued) throw new Error('queued');
    expect(outcome.record).toMatchObject({ size: 500, feature_names: ['a', 'b', 'note'], user_id: 'u1' });
    expect(outcome.autonomous).toBeNull();
    expect(await getLargeUpload(principal, upload.upload_id, deps)).toMatchObject({
      upload_id: upload.upload_id,
      filename: 'metrics.csv',
      status: 'completed',
      dataset_id: outcome.record.id,
      error_message: null,
      completed_at: expect.any(String),
    });
    expect(objects.has(upload.key)).toBe(false);
    expect(started).toEqual([]);
    await expect(completeLargeUpload(principal, upload.upload_id, deps)).rejects.toThrow(
      `The upload has already become dataset ${outcome.record.id}`,
    );
  });

  it('keeps the quick checks: not uploaded yet (409), another size (400, still waiting), another tenant (404)', async () => {
    const { deps, uploaded, uploadOf, objects } = fakes();
    const upload = await uploaded(csv(10));
    objects.delete(upload.key);
    await expect(completeLargeUpload(principal, upload.upload_id, deps)).rejects.toThrow(ConflictError);
    objects.set(upload.key, Buffer.from(`${csv(10)}\n1,2,3`));
    await expect(completeLargeUpload(principal, upload.upload_id, deps)).rejects.toThrow(ValidationError);
    expect(uploadOf(upload.upload_id)?.status).toBe('waiting');
    const other = { ...principal, tenantId: 't2' };
    await expect(completeLargeUpload(other, upload.upload_id, deps)).rejects.toThrow(NotFoundError);
    await expect(getLargeUpload(other, upload.upload_id, deps)).rejects.toThrow(NotFoundError);
  });

  it('fails the upload for good, with the reason, when the file itself is at fault', async () => {
    const { deps, uploaded, uploadOf, objects } = fakes();
    const upload = await uploaded('a,b\n1,2\n3');
    await expect(completeLargeUpload(principal, upload.upload_id, deps)).rejects.toThrow(ValidationError);
    expect(uploadOf(upload.upload_id)).toMatchObject({
      status: 'failed',
      error_message: expect.stringMatching(/Malformed CSV|values where/),
    });
    expect(objects.has(upload.key)).toBe(false);
    await expect(completeLargeUpload(principal, upload.upload_id, deps)).rejects.toThrow(
      /start a new upload/,
    );
  });
});

describe('completing a large upload on the ingest state machine', () => {
  const large = csv(2000, SYNC_COMPLETE_BYTES + 1024);

  it('marks a file over the bound processing and starts an execution named after the upload', async () => {
    // Prepare
    const { deps, uploaded, uploadOf, datasets, started } = fakes();
    const upload = await uploaded(large);
    expect(upload.size).toBeGreaterThan(SYNC_COMPLETE_BYTES);

    // Act
    const outcome = await completeLargeUpload(principal, upload.upload_id, deps);

    // Assess
    expect(outcome).toMatchObject({ queued: true, upload: { status: 'processing' } });
    const marked = uploadOf(upload.upload_id);
    expect(marked?.status).toBe('processing');
    expect(started).toEqual([
      {
        name: upload.upload_id,
        stateMachineArn: INGEST_ARN,
        input: {
          tenant_id: 't1',
          user_id: 'u1',
          upload_id: upload.upload_id,
          dataset_id: marked?.dataset_id,
        },
      },
    ]);
    expect(datasets.size).toBe(0);
    // What the status route shows while it runs: no dataset yet.
    expect(await getLargeUpload(principal, upload.upload_id, deps)).toMatchObject({
      status: 'processing',
      dataset_id: null,
    });
  });

  it('starts one conversion for two completes: the second starts the same execution again', async () => {
    const { deps, uploaded, started } = fakes();
    const upload = await uploaded(large);
    const [first, second] = await Promise.all([
      completeLargeUpload(principal, upload.upload_id, deps),
      completeLargeUpload(principal, upload.upload_id, deps),
    ]);
    expect(first.queued && second.queued).toBe(true);
    expect(new Set(started.map((s) => JSON.stringify(s))).size).toBe(1);
  });

  it('counts ExecutionAlreadyExists as already started', async () => {
    const exists = new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} });
    const { deps, uploaded, uploadOf } = fakes({ sfnError: exists });
    const upload = await uploaded(large);
    await expect(completeLargeUpload(principal, upload.upload_id, deps)).resolves.toMatchObject({
      queued: true,
    });
    expect(uploadOf(upload.upload_id)?.status).toBe('processing');
  });

  it('fails the upload when its execution cannot be started, so it is never processing for ever', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const { deps, uploaded, uploadOf } = fakes({ sfnError: throttled });
    const upload = await uploaded(large);
    await expect(completeLargeUpload(principal, upload.upload_id, deps)).rejects.toThrow('Rate exceeded');
    expect(uploadOf(upload.upload_id)).toMatchObject({
      status: 'failed',
      error_message: 'The conversion could not be started because of an internal error',
    });
  });
});

describe('the IngestUpload task', () => {
  async function queued(
    options: Parameters<typeof fakes>[0] = {},
    body = csv(3000, SYNC_COMPLETE_BYTES + 1),
  ) {
    const f = fakes(options);
    const upload = await f.uploaded(body);
    await completeLargeUpload(principal, upload.upload_id, f.deps);
    const [execution] = f.started;
    if (!execution) throw new Error('not started');
    return { ...f, upload, input: execution.input };
  }

  it('converts the upload into its dataset, completes it, drops the file, and runs autonomous mode', async () => {
    // Prepare
    const { deps, input, upload, uploadOf, datasets, detections, objects } = await queued({
      autonomous: true,
    });

    // Act
    const output = await runQueuedIngest(input, deps);

    // Assess
    expect(output).toMatchObject({ status: 'completed', dataset_id: input.dataset_id, rows: 3000 });
    expect(datasets.get(input.dataset_id)).toMatchObject({ size: 3000, user_id: 'u1' });
    expect(objects.has(upload.key)).toBe(false);
    const done = uploadOf(upload.upload_id);
    expect(done).toMatchObject({ status: 'completed', dataset_id: input.dataset_id });
    expect(done?.autonomous_detection?.detection_id).toBeDefined();
    expect(detections.has(String(done?.autonomous_detection?.detection_id))).toBe(true);

    // A retried task finds it completed and changes nothing.
    expect(await runQueuedIngest(input, deps)).toMatchObject({ status: 'completed' });
    expect(datasets.size).toBe(1);
  });

  it('takes its dataset back when the upload was failed while it converted (a stopped execution)', async () => {
    const { deps, input, upload, uploadOf, datasets, hooks } = await queued();
    hooks.beforeRead = () => {
      void failQueuedIngest(input, deps, 'The upload was stopped before it finished');
    };
    // The conversion runs to its end, then finds the upload no longer processing.
    expect(await runQueuedIngest(input, deps)).toEqual({ upload_id: upload.upload_id, status: 'failed' });
    expect(uploadOf(upload.upload_id)).toMatchObject({
      status: 'failed',
      error_message: 'The upload was stopped before it finished',
    });
    expect(datasets.size).toBe(0);
  });

  it('lets the file fault reach the Catch by name', async () => {
    const { deps, input } = await queued({}, `a,b\n${'1,2\n'.repeat(10)}3${' '.repeat(SYNC_COMPLETE_BYTES)}`);
    await expect(runQueuedIngest(input, deps)).rejects.toThrow(ValidationError);
  });
});

describe('MarkIngestFailed', () => {
  it('fails a processing upload with the reason, drops its file, and leaves a completed one alone', async () => {
    const f = fakes();
    const upload = await f.uploaded(csv(2000, SYNC_COMPLETE_BYTES + 1));
    await completeLargeUpload(principal, upload.upload_id, f.deps);
    const input = f.started[0]?.input as QueuedIngest;
    const cause = JSON.stringify({ errorType: 'ValidationError', errorMessage: 'Row 3 has 2 values' });
    const first = await failQueuedIngest(
      { ...input, error: { Error: 'ValidationError', Cause: cause } },
      f.deps,
    );
    expect(first).toEqual({ upload_id: upload.upload_id, status: 'failed', recorded: true });
    expect(f.uploadOf(upload.upload_id)).toMatchObject({
      status: 'failed',
      error_message: 'Row 3 has 2 values',
    });
    expect(f.objects.has(upload.key)).toBe(false);
    // Again (the execution-ended consumer after the Catch): nothing changes.
    expect((await failQueuedIngest(input, f.deps, 'The upload failed: IngestFailed')).recorded).toBe(false);
    expect(f.uploadOf(upload.upload_id)?.error_message).toBe('Row 3 has 2 values');
  });

  it.each([
    [
      {
        Error: 'ValidationError',
        Cause: '{"errorType":"ValidationError","errorMessage":"Malformed CSV: x"}',
      },
      'Malformed CSV: x',
    ],
    [
      {
        Error: 'PayloadTooLargeError',
        Cause: '{"errorType":"PayloadTooLargeError","errorMessage":"The table has more than 1000000 rows"}',
      },
      'The table has more than 1000000 rows',
    ],
    [{ Error: 'States.Timeout', Cause: '' }, 'The file took longer to convert than a conversion may take'],
    [
      { Error: 'Error', Cause: '{"errorType":"Error","errorMessage":"socket hang up"}' },
      'The upload could not be converted because of an internal error',
    ],
    [undefined, 'The upload could not be converted because of an internal error'],
  ])('%#: says why in words a person reads', (error, message) => {
    expect(ingestFailureMessage(error)).toBe(message);
  });
});
