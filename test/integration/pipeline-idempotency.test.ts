import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { detectStep, parseStep, registerDataset, triageStep } from '@pynomaly/analysis';
import { newId } from '@pynomaly/core';
import {
  AnomalyRepository,
  BlobStore,
  DatasetRepository,
  FeedbackRepository,
  ReportRepository,
  SessionRepository,
  SettingsRepository,
  Table,
  ThreatCounter,
} from '@pynomaly/store';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { securityLogsWorkbook } from '../support/security-logs';

/**
 * Step Functions retries a task after a timeout or a Lambda fault, so every step may run
 * twice. Running each step twice against DynamoDB Local and s3rver must leave exactly what
 * one run leaves: the same anomalies, one report each, counts that moved once.
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
const table = new Table(DynamoDBDocumentClient.from(dynamo), local.table_name);
const deps = {
  datasets: new DatasetRepository(table),
  sessions: new SessionRepository(table),
  anomalies: new AnomalyRepository(table),
  reports: new ReportRepository(table),
  threats: new ThreatCounter(table),
  blobs: new BlobStore(s3, local.bucket),
  feedback: new FeedbackRepository(table),
  settings: new SettingsRepository(table),
  // What the triage step announces, by type: each report once, however often its step runs.
  events: {
    published: [] as string[],
    async publish(definition: { detailType: string }) {
      this.published.push(definition.detailType);
    },
  },
};

afterAll(() => {
  dynamo.destroy();
  s3.destroy();
});

describe('pipeline steps run twice', () => {
  it('write the same anomalies and one report per anomaly, counted once', async () => {
    const tenantId = `tenant-${newId()}`;
    const key = `staging/${tenantId}/logs.xlsx`;
    const { file } = securityLogsWorkbook();
    await deps.blobs.put(key, file);
    const dataset = await registerDataset(
      {
        tenantId,
        userId: tenantId,
        datasetId: newId(),
        key,
        size: file.length,
        originalFilename: 'logs.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        uploadedAt: new Date().toISOString(),
      },
      deps.datasets,
    );
    const input = { tenant_id: tenantId, dataset_id: dataset.id, session_id: dataset.session_id, key };

    await parseStep(input, deps);
    await parseStep(input, deps);
    const first = await detectStep(input, deps);
    const second = await detectStep(input, deps);
    expect(second.anomaly_ids).toEqual(first.anomaly_ids);
    expect(first.anomaly_count).toBeGreaterThan(0);

    for (const anomalyId of first.anomaly_ids) {
      const item = { ...input, anomaly_id: anomalyId, anomaly_count: first.anomaly_count };
      const [a, b] = await Promise.all([triageStep(item, deps), triageStep(item, deps)]);
      expect([a.created, b.created].filter(Boolean).length).toBeLessThanOrEqual(1);
      expect(a.report_id).toBe(b.report_id);
    }

    const anomalies = await deps.anomalies.listByDataset(tenantId, dataset.id);
    const reports = await deps.reports.list(tenantId, { datasetId: dataset.id, limit: 10_000 });
    const session = await deps.sessions.get(tenantId, dataset.session_id);
    expect(anomalies).toHaveLength(first.anomaly_count);
    expect(reports).toHaveLength(first.anomaly_count);
    expect(session.reports_generated).toBe(first.anomaly_count);
    expect(anomalies.every((a) => a.status === 'triaged')).toBe(true);
    expect(deps.events.published.filter((type) => type === 'report.triaged')).toHaveLength(
      first.anomaly_count,
    );
  });
});
