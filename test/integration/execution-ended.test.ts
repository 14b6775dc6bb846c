import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { failStep, registerDataset } from '@pynomaly/analysis';
import { newId, type Principal } from '@pynomaly/core';
import {
  detectionRecord,
  failQueuedDetection,
  failQueuedStudy,
  type QueuedDetection,
} from '@pynomaly/platform';
import {
  BlobStore,
  blobKeys,
  DatasetRepository,
  DetectionRepository,
  type PendingUpload,
  PendingUploads,
  SessionRepository,
  StudyRepository,
  Table,
} from '@pynomaly/store';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localStateMachineArn } from '../../packages/local/src/step-functions';
import { authed, login } from '../support/client';

/**
 * Executions that end badly outside any Catch — stopped, timed out, failed where no state
 * catches — leave no record `running`: Step Functions' status change reaches the
 * on-execution-ended consumer, which fails the session, detection, study or upload with the reason.
 * Against the running local stack (its Step Functions, bus, DynamoDB Local and s3rver).
 */
const local = inject('local');
const credentials = { accessKeyId: local.aws_access_key_id, secretAccessKey: local.aws_secret_access_key };
const dynamo = new DynamoDBClient({ region: local.region, endpoint: local.dynamodb_endpoint, credentials });
const s3 = new S3Client({
  region: local.region,
  endpoint: local.s3_endpoint,
  credentials,
  forcePathStyle: true,
});
const sfn = new SFNClient({ region: local.region, endpoint: local.stepfunctions_endpoint, credentials });
const table = new Table(DynamoDBDocumentClient.from(dynamo), local.table_name);
const datasets = new DatasetRepository(table);
const sessions = new SessionRepository(table);
const detections = new DetectionRepository(table);
const studies = new StudyRepository(table);
const uploads = new PendingUploads(table);
const blobs = new BlobStore(s3, local.bucket);

type Json = Record<string, unknown>;
const jsonBody = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(() => {
  dynamo.destroy();
  s3.destroy();
  sfn.destroy();
});

/** Rows a study takes a few seconds over: noise in three columns, one outlier in 40. */
function rows(n: number) {
  let state = 7;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
  return Array.from({ length: n }, (_, i) => (i % 40 === 3 ? [8, -8, noise()] : [noise(), noise(), noise()]));
}

describe('a stopped execution', () => {
  it('ends its experiment failed, saying it was stopped, and the task under way leaves it so', async () => {
    // Prepare: an experiment long enough to stop while it runs.
    const call = authed(await login());
    const dataset = (await (
      await call(
        '/api/v1/datasets',
        jsonBody({ name: 'to-stop', data: rows(6000), features: ['x', 'y', 'z'] }),
      )
    ).json()) as Json;
    const created = (await (
      await call(
        '/api/experiments',
        jsonBody({
          name: 'stopped',
          dataset_id: dataset.dataset_id,
          detectors: Array.from({ length: 16 }, (_, i) => ({
            algorithm: 'isolation_forest',
            parameters: { n_estimators: 500, random_state: i },
          })),
        }),
      )
    ).json()) as Json;
    const queued = await call(`/api/experiments/${created.id}/run`, jsonBody({ async: true }));
    expect(queued.status).toBe(202);
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: local.study_state_machine_arn }),
    );
    const execution = listed.executions?.find((e) => e.name?.startsWith(`${created.id}-`));
    if (!execution?.executionArn) throw new Error('no execution of the experiment');

    // Act
    await sfn.send(new StopExecutionCommand({ executionArn: execution.executionArn }));

    // Assess
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
    expect(described.status).toBe('ABORTED');
    const settled = async () => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const study = (await (await call(`/api/experiments/${created.id}`)).json()) as Json;
        if (study.status !== 'running') return study;
        await sleep(100);
      }
      throw new Error('the experiment is still running');
    };
    expect(await settled()).toMatchObject({
      status: 'failed',
      error_message: 'The experiment was stopped before it finished',
    });
    // The RunStudy task runs on after the stop, as a Lambda function does; it must not revive it.
    await sleep(6000);
    expect(await (await call(`/api/experiments/${created.id}`)).json()).toMatchObject({ status: 'failed' });
  });
});

describe('the on-execution-ended consumer', () => {
  type Handler = (event: unknown, context: Context) => Promise<unknown>;
  let handler: Handler;
  const context = { awsRequestId: 'execution-ended', functionName: 'on-execution-ended' } as Context;
  const principal = { tenantId: `tenant-${newId()}`, userId: 'u1' } as Principal;

  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_REGION: local.region,
      AWS_ACCESS_KEY_ID: local.aws_access_key_id,
      AWS_SECRET_ACCESS_KEY: local.aws_secret_access_key,
      TABLE_NAME: local.table_name,
      BUCKET_NAME: local.bucket,
      STATE_MACHINE_ARN: local.state_machine_arn,
      DETECTION_STATE_MACHINE_ARN: local.detection_state_machine_arn,
      STUDY_STATE_MACHINE_ARN: local.study_state_machine_arn,
      INGEST_STATE_MACHINE_ARN: local.ingest_state_machine_arn,
      WEBHOOK_STATE_MACHINE_ARN: localStateMachineArn('webhook'),
      EVENT_BUS_NAME: local.event_bus_name,
      AWS_ENDPOINT_URL_EVENTBRIDGE: local.events_endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: local.dynamodb_endpoint,
      AWS_ENDPOINT_URL_S3: local.s3_endpoint,
      AWS_ENDPOINT_URL_SFN: local.stepfunctions_endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    handler = ((await import('../../functions/events/on-execution-ended')) as { handler: Handler }).handler;
  });

  /** The status change Step Functions sends when an execution of `stateMachineArn` ends. */
  const ended = (stateMachineArn: string, status: string, input: unknown, error: string | null = null) => {
    const name = newId();
    return {
      version: '0',
      id: newId(),
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: '000000000000',
      time: new Date().toISOString(),
      region: local.region,
      resources: [],
      detail: {
        executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
        stateMachineArn,
        name,
        status,
        startDate: Date.now() - 1_800_000,
        stopDate: Date.now(),
        input: JSON.stringify(input),
        output: null,
        inputDetails: { included: true },
        outputDetails: null,
        error,
        cause: null,
      },
    };
  };

  async function runningDetection(stage: boolean) {
    const id = `det_${newId()}`;
    await detections.put({ ...detectionRecord(principal, { algorithm: 'zscore' }, id), status: 'running' });
    const input: Json = {
      tenant_id: principal.tenantId,
      user_id: 'u1',
      detection_id: id,
      request: { algorithm: 'zscore' },
    };
    if (stage) {
      input.data_key = `staging/${principal.tenantId}/${id}.json`;
      await blobs.put(String(input.data_key), '[[1],[2]]', { contentType: 'application/json' });
    }
    return { id, input };
  }

  it('fails a queued detection that timed out, with the machine’s timeout, and drops its staged rows', async () => {
    const { id, input } = await runningDetection(true);
    await handler(ended(local.detection_state_machine_arn, 'TIMED_OUT', input, 'States.Timeout'), context);
    expect(await detections.get(principal.tenantId, id)).toMatchObject({
      status: 'failed',
      error_message: 'The detection timed out after 7200 s',
    });
    await expect(blobs.getText(String(input.data_key))).rejects.toThrow();
  });

  /** A large upload of the test's tenant in `status`, its file in the bucket. */
  async function uploadIn(status: PendingUpload['status']) {
    const id = newId();
    const now = new Date().toISOString();
    const upload: PendingUpload = {
      upload_id: id,
      user_id: 'u1',
      key: blobKeys.largeUpload(principal.tenantId, id),
      filename: 'big.csv',
      content_type: 'text/csv',
      size: 7,
      name: 'big',
      description: null,
      separator: null,
      has_header: true,
      status,
      dataset_id: newId(),
      error_message: null,
      created_at: now,
      updated_at: now,
    };
    await uploads.put(principal.tenantId, upload);
    await blobs.put(upload.key, 'a,b\n1,2', { contentType: 'text/csv' });
    const input = {
      tenant_id: principal.tenantId,
      user_id: 'u1',
      upload_id: id,
      dataset_id: upload.dataset_id,
    };
    return { upload, input };
  }

  it('fails an upload whose ingest timed out, with the machine’s timeout, and drops its file', async () => {
    const { upload, input } = await uploadIn('processing');
    await handler(ended(local.ingest_state_machine_arn, 'TIMED_OUT', input, 'States.Timeout'), context);
    expect(await uploads.get(principal.tenantId, upload.upload_id)).toMatchObject({
      status: 'failed',
      error_message: 'The upload timed out after 1800 s',
      completed_at: expect.any(String),
    });
    await expect(blobs.getText(upload.key)).rejects.toThrow();
  });

  it('leaves an upload that completed, or failed already, as it is when its ingest ends badly', async () => {
    const completed = await uploadIn('completed');
    await handler(ended(local.ingest_state_machine_arn, 'ABORTED', completed.input), context);
    expect((await uploads.get(principal.tenantId, completed.upload.upload_id)).status).toBe('completed');

    const failed = await uploadIn('processing');
    await uploads.transition(principal.tenantId, failed.upload.upload_id, ['processing'], {
      status: 'failed',
      error_message: 'Malformed CSV: Invalid Record Length',
    });
    await handler(ended(local.ingest_state_machine_arn, 'FAILED', failed.input, 'IngestFailed'), context);
    expect(await uploads.get(principal.tenantId, failed.upload.upload_id)).toMatchObject({
      status: 'failed',
      error_message: 'Malformed CSV: Invalid Record Length',
    });
  });

  it('fails an analysis whose execution failed outside any Catch: session and dataset', async () => {
    const key = `staging/${principal.tenantId}/gone.xlsx`;
    const dataset = await registerDataset(
      {
        tenantId: principal.tenantId,
        userId: 'u1',
        datasetId: newId(),
        key,
        size: 10,
        originalFilename: 'gone.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        uploadedAt: new Date().toISOString(),
      },
      datasets,
    );
    const input = {
      tenant_id: principal.tenantId,
      dataset_id: dataset.id,
      session_id: dataset.session_id,
      key,
    };
    await handler(ended(local.state_machine_arn, 'FAILED', input, 'States.Runtime'), context);
    const reason = 'The analysis failed: States.Runtime';
    expect(await sessions.get(principal.tenantId, dataset.session_id)).toMatchObject({
      status: 'error',
      error_message: reason,
      completed_at: expect.any(String),
    });
    expect(await datasets.get(principal.tenantId, dataset.id)).toMatchObject({
      status: 'error',
      error_message: reason,
    });
  });

  it('changes nothing for a record that has already ended, nor for a machine not ours', async () => {
    const done = await runningDetection(false);
    await detections.put({ ...(await detections.get(principal.tenantId, done.id)), status: 'completed' });
    await handler(ended(local.detection_state_machine_arn, 'ABORTED', done.input), context);
    expect((await detections.get(principal.tenantId, done.id)).status).toBe('completed');

    const marked = await runningDetection(false);
    const cause = JSON.stringify({ errorType: 'ValidationError', errorMessage: 'No numeric feature' });
    const first = await failQueuedDetection(
      { ...(marked.input as QueuedDetection), error: { Error: 'ValidationError', Cause: cause } },
      { detections, blobs },
    );
    expect(first.recorded).toBe(true);
    await handler(
      ended(local.detection_state_machine_arn, 'FAILED', marked.input, 'DetectionFailed'),
      context,
    );
    expect(await detections.get(principal.tenantId, marked.id)).toMatchObject({
      status: 'failed',
      error_message: 'No numeric feature',
    });

    const foreign = await runningDetection(false);
    const other = local.detection_state_machine_arn.replace('pynomaly-detection', 'someone-else');
    await handler(ended(other, 'FAILED', foreign.input, 'States.Runtime'), context);
    expect((await detections.get(principal.tenantId, foreign.id)).status).toBe('running');
  });

  it('leaves completed analyses and studies alone when failed again', async () => {
    const key = `staging/${principal.tenantId}/done.xlsx`;
    const dataset = await registerDataset(
      {
        tenantId: principal.tenantId,
        userId: 'u1',
        datasetId: newId(),
        key,
        size: 10,
        originalFilename: 'done.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        uploadedAt: new Date().toISOString(),
      },
      datasets,
    );
    await datasets.update(principal.tenantId, dataset.id, { status: 'completed' });
    await sessions.update(principal.tenantId, dataset.session_id, { status: 'completed' });
    const input = {
      tenant_id: principal.tenantId,
      dataset_id: dataset.id,
      session_id: dataset.session_id,
      key,
    };
    await failStep(input, { datasets, sessions }, 'The analysis was stopped before it finished');
    expect((await sessions.get(principal.tenantId, dataset.session_id)).status).toBe('completed');
    expect((await datasets.get(principal.tenantId, dataset.id)).status).toBe('completed');

    const studyId = `exp_${newId()}`;
    const now = new Date().toISOString();
    await studies.put({
      id: studyId,
      tenant_id: principal.tenantId,
      user_id: 'u1',
      kind: 'experiment',
      name: 'done',
      dataset_id: 'ds',
      candidates: [],
      label_column: null,
      validation_split: 0.2,
      criterion: null,
      status: 'completed',
      results: [],
      best: null,
      best_detector_id: null,
      error_message: null,
      created_at: now,
      started_at: now,
      completed_at: now,
    });
    const study = {
      tenant_id: principal.tenantId,
      user_id: 'u1',
      study_id: studyId,
      kind: 'experiment' as const,
    };
    expect(
      (await failQueuedStudy(study, { studies }, 'The experiment timed out after 1800 s')).recorded,
    ).toBe(false);
    expect(await studies.get(principal.tenantId, studyId, 'experiment')).toMatchObject({
      status: 'completed',
      error_message: null,
    });
  });
});
