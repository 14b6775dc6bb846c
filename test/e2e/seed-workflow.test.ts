import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { apiUrl, authed, login } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';

const run = promisify(execFile);

/**
 * The "Complete Workflow Example" of seed 003, copied verbatim into seed-workflow.sh, run by
 * bash with curl and jq against the local stack (only its port differs), on a workbook that
 * exceljs did not write.
 */
describe('seed 003 complete workflow', () => {
  it('runs as written to "Report exported successfully", with the planted rows triaged high or critical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-'));
    const { file, planted } = securityLogsWorkbook();
    writeFileSync(join(dir, 'security_logs.xlsx'), file);
    const script = readFileSync(join(import.meta.dirname, 'seed-workflow.sh'), 'utf8').replaceAll(
      'http://localhost:8000',
      apiUrl(),
    );
    const { stdout } = await run('bash', ['-c', script], { cwd: dir, timeout: 120_000 });

    expect(stdout).toContain('Report exported successfully');
    expect(stdout).toMatch(/Status: completed - Progress: 100%/);
    const found = /Found (\d+) reports/.exec(stdout);
    expect(Number(found?.[1])).toBeGreaterThanOrEqual(planted.length);
    const datasetId = /Uploaded dataset: (\S+)/.exec(stdout)?.[1] ?? '';
    expect(datasetId).not.toBe('null');

    const token = await login();
    const call = authed(token);
    const anomalies = (await (await call(`/api/anomaly/datasets/${datasetId}/anomalies`)).json()) as Array<{
      id: string;
      sheet_name: string;
      row_index: number;
      anomaly_score: number;
      anomalous_features: Array<{ feature_name: string; deviation: string }>;
    }>;
    const reports = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${datasetId}&limit=500`)
    ).json()) as Array<{
      id: string;
      severity: string;
    }>;
    expect(reports.length).toBe(anomalies.length);
    const full = await Promise.all(
      reports.map(
        async (r) =>
          (await (await call(`/api/anomaly/anomaly-reports/${r.id}`)).json()) as {
            anomaly_id: string;
            triage: { severity: string };
          },
      ),
    );
    for (const row of planted) {
      const anomaly = anomalies.find((a) => a.sheet_name === row.sheet && a.row_index === row.row);
      expect(anomaly, `planted row ${row.sheet}!${row.row} detected`).toBeDefined();
      expect(anomaly?.anomalous_features.length).toBeGreaterThan(0);
      const report = full.find((r) => r.anomaly_id === anomaly?.id);
      expect(['high', 'critical'], `${row.sheet}!${row.row} severity`).toContain(report?.triage.severity);
    }

    const exportedFile = readdirSync(dir).find((f) => f.startsWith('anomaly_report_')) ?? '';
    const exported = JSON.parse(readFileSync(join(dir, exportedFile), 'utf8')) as {
      status: string;
      triage: unknown;
    };
    expect(exported.status).toBe('under_review');
    expect(exported.triage).toBeTruthy();
    expect(inject('local').drop_prefix).toMatch(/^incoming\/.+\/$/);
  });
});
