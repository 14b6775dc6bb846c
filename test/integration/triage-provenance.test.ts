/**
 * With no model configured (the local stack's default) triage is the rules engine's, and every
 * report says so: provenance `engine: 'rules'`, no model, no tokens, and a processing time that
 * was measured, through the pipeline and on demand alike.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/aws';
import { authed, login, waitForAnalysis } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';

type Json = Record<string, unknown>;
interface Triage {
  generated_by: string;
  processing_time_seconds: number;
  narrative: string | null;
  provenance: Json;
}

const RULES_PROVENANCE = {
  engine: 'rules',
  model_id: null,
  inference_profile: null,
  prompt_sha256: null,
  input_tokens: 0,
  output_tokens: 0,
  model_calls: 0,
  estimated_cost_usd: null,
  model_severity: null,
  triage_failed: false,
  failure_reason: null,
};

describe('triage provenance on the local stack (no model configured)', () => {
  let call: ReturnType<typeof authed>;
  let datasetId: string;

  beforeAll(async () => {
    // A tenant of its own, so the upload quota of the suite's other files is not spent here.
    const name = `provenance-${randomBytes(4).toString('hex')}`;
    const password = `${name}-Password-1`;
    await createUser(name, password, 'analyst');
    call = authed(await login(name, password));
    const data = new FormData();
    data.append('file', new Blob([securityLogsWorkbook().file]), 'provenance.xlsx');
    const upload = await call('/api/anomaly/datasets/upload', { method: 'POST', body: data });
    expect(upload.status).toBe(201);
    datasetId = String(((await upload.json()) as Json)._id);
    const { session } = await waitForAnalysis(await login(name, password), datasetId);
    expect(session.status).toBe('completed');
  });

  it('stores every pipeline report as the rules engine’s, with a measured processing time', async () => {
    const listed = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${datasetId}`)
    ).json()) as Json[];
    expect(listed.length).toBeGreaterThan(0);
    for (const summary of listed.slice(0, 5)) {
      const report = (await (await call(`/api/anomaly/anomaly-reports/${summary.id}`)).json()) as {
        triage: Triage;
      };
      expect(report.triage.provenance).toMatchObject({
        ...RULES_PROVENANCE,
        severity_floor: summary.severity,
      });
      expect(report.triage.generated_by).toBe('pynomaly-rules-engine/1.0');
      expect(report.triage.narrative).toBeNull();
      expect(report.triage.processing_time_seconds).toBeGreaterThan(0);
      expect(report.triage.processing_time_seconds).toBeLessThan(60);
    }
  });

  it('triages on demand the same way once a report is deleted', async () => {
    const [summary] = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${datasetId}&limit=1`)
    ).json()) as Json[];
    const full = (await (await call(`/api/anomaly/anomaly-reports/${summary?.id}`)).json()) as Json;
    expect((await call(`/api/anomaly/anomaly-reports/${summary?.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );

    const created = await call('/api/anomaly/anomaly-reports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ anomaly_id: full.anomaly_id }),
    });

    expect(created.status).toBe(201);
    const report = (await created.json()) as { triage: Triage };
    expect(report.triage.provenance).toMatchObject(RULES_PROVENANCE);
    expect(report.triage.processing_time_seconds).toBeGreaterThan(0);
  });
});
