import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sshdAuthLog, toWorkbook } from '../../packages/logs/src/testing/log-fixtures';
import { awsCli } from '../support/aws';
import { authed, login, waitForAnalysis } from '../support/client';

type Json = Record<string, unknown>;
interface Anomaly {
  id: string;
  sheet_name: string;
  row_index: number;
  anomaly_score: number;
  anomalous_features: Json[];
  evidence: Json | null;
  incident: { kind: string; source_ips: string[]; row_count: number } | null;
}
interface Report {
  id: string;
  anomaly_id: string;
  triage: {
    severity: string;
    threat_context: { mitre_tactics: string[]; indicators_of_compromise: string[] };
  };
}

/**
 * A generated sshd auth log (a brute force from three addresses and one accepted login after
 * it) sent in by upload under two names and dropped in the S3 folder under a third: the same
 * bytes give the same findings and reports by every way in.
 */
describe('a real-looking sshd log through the triage pipeline', () => {
  const log = sshdAuthLog();
  const file = toWorkbook(log);
  let call: ReturnType<typeof authed>;
  const results: Array<{ anomalies: Anomaly[]; reports: Report[] }> = [];

  async function findings(datasetId: string) {
    const { session } = await waitForAnalysis(await login(), datasetId, 120_000);
    expect(session.status).toBe('completed');
    const anomalies = (await (
      await call(`/api/anomaly/datasets/${datasetId}/anomalies`)
    ).json()) as Anomaly[];
    const summaries = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${datasetId}&limit=500`)
    ).json()) as Array<{ id: string }>;
    const reports = await Promise.all(
      summaries.map(
        async (r) => (await (await call(`/api/anomaly/anomaly-reports/${r.id}`)).json()) as Report,
      ),
    );
    return { anomalies, reports };
  }

  async function upload(name: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([file]), name);
    const response = await call('/api/anomaly/datasets/upload', { method: 'POST', body: form });
    expect(response.status).toBe(201);
    return String(((await response.json()) as Json)._id);
  }

  async function drop(name: string): Promise<string> {
    const path = join(mkdtempSync(join(tmpdir(), 'drop-')), name);
    writeFileSync(path, file);
    await awsCli(['s3', 'cp', path, `s3://${inject('local').bucket}/${inject('local').drop_prefix}${name}`]);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const list = (await (await call('/api/anomaly/datasets?limit=100')).json()) as Json[];
      const found = list.find((d) => d.filename === name);
      if (found) return String(found.id);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${name} never appeared`);
  }

  beforeAll(async () => {
    call = authed(await login());
    for (const id of [
      await upload('auth.xlsx'),
      await upload('renamed copy.xlsx'),
      await drop('dropped-auth.xlsx'),
    ])
      results.push(await findings(id));
  }, 400_000);

  it('flags the login after the brute force high or critical, as Initial Access after Credential Access', () => {
    const { anomalies, reports } = results[0]!;
    const login = anomalies.find((a) => a.row_index === log.truth.acceptedAfterBruteForceRow + 2);
    expect(login?.incident?.kind).toBe('success_after_failures');
    const report = reports.find((r) => r.anomaly_id === login?.id);
    expect(['high', 'critical']).toContain(report?.triage.severity);
    expect(report?.triage.threat_context.mitre_tactics).toEqual(expect.arrayContaining(['TA0001', 'TA0006']));
  });

  it('shows the brute force as incidents with the attacking addresses, and flags at most 5 % of lines', () => {
    const { anomalies, reports } = results[0]!;
    const incidents = anomalies.filter((a) => a.incident?.kind === 'brute_force');
    expect(incidents.length).toBeGreaterThan(0);
    expect(incidents.flatMap((a) => a.incident!.source_ips).sort()).toEqual(
      [...log.truth.attackerIps].sort(),
    );
    const indicators = reports.flatMap((r) => r.triage.threat_context.indicators_of_compromise).join('\n');
    for (const ip of log.truth.attackerIps) expect(indicators).toContain(ip);
    expect(anomalies.length).toBeLessThanOrEqual(0.05 * log.rows.length);
  });

  it('gives identical findings and severities for the same bytes, whatever the name or the way in', () => {
    const shape = ({ anomalies, reports }: (typeof results)[number]) => {
      const byAnomaly = new Map(reports.map((r) => [r.anomaly_id, r]));
      return anomalies
        .map((a) => ({
          sheet: a.sheet_name,
          row: a.row_index,
          score: a.anomaly_score,
          features: a.anomalous_features,
          evidence: a.evidence,
          severity: byAnomaly.get(a.id)?.triage.severity,
          tactics: byAnomaly.get(a.id)?.triage.threat_context.mitre_tactics,
        }))
        .sort((x, y) => x.row - y.row);
    };
    const [first, ...others] = results.map(shape);
    expect(first!.length).toBeGreaterThan(0);
    for (const other of others) expect(other).toEqual(first);
  });
});
