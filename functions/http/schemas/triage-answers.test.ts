import {
  anomalyDocument,
  datasetDocument,
  datasetSummary,
  reportSummary,
  reportsByDay,
  sessionDocument,
  suppressionRuleDocument,
  verdictStatistics,
} from '@pynomaly/analysis';
import { analyzeSheet } from '@pynomaly/logs';
import type { AnomalyRecord, DatasetRecord, ReportRecord, SessionRecord } from '@pynomaly/store';
import { triageAnomaly } from '@pynomaly/triage';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { reportBody, reportWithHistoryBody } from '../report-document';
import * as answers from './triage-answers';

const at = '2025-11-06T14:30:00.000Z';

const dataset: DatasetRecord = {
  id: 'ds1',
  tenant_id: 't1',
  user_id: 'u1',
  filename: 'admin_security_logs.xlsx',
  original_filename: 'security_logs.xlsx',
  s3_key: 'datasets/t1/ds1/security_logs.xlsx',
  file_size: 2048,
  content_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  status: 'completed',
  sheet_count: 1,
  total_rows: 30,
  workbook_meta: { sheetNames: ['Auth'], sheetCount: 1, totalRows: 30 },
  sheets: [
    { name: 'Auth', index: 0, headers: ['Time', 'Content'], row_count: 30, s3_key: 'rows/auth.ndjson' },
  ],
  anomalies_detected: 2,
  session_id: 's1',
  error_message: null,
  uploaded_at: at,
  parsed_at: at,
};

const session: SessionRecord = {
  id: 's1',
  tenant_id: 't1',
  user_id: 'u1',
  dataset_id: 'ds1',
  status: 'triaging',
  progress: 50,
  current_step: 'Triage',
  total_rows_analyzed: 30,
  anomalies_detected: 4,
  anomalies_suppressed: 1,
  reports_generated: 2,
  error_message: null,
  started_at: at,
  completed_at: null,
  processing_time_seconds: null,
};

/** A finding of a real log analysis: a brute force, with all the evidence it reads. */
function loggedAnomaly(): AnomalyRecord {
  const rows = Array.from({ length: 40 }, (_, k) => [
    new Date(Date.UTC(2024, 2, 5) + k * 60_000).toISOString(),
    k >= 20
      ? `Failed password for root from 203.0.113.9 port ${41_000 + k} ssh2`
      : `session opened for alice`,
  ]);
  const finding = analyzeSheet(['Time', 'Content'], rows, { seed: 1 }).findings.find(
    (f) => f.evidence.incident,
  );
  if (!finding) throw new Error('the log has no incident');
  return {
    id: 'a1',
    tenant_id: 't1',
    dataset_id: 'ds1',
    user_id: 'u1',
    anomaly_score: finding.score,
    row_index: finding.rowIndex,
    sheet_name: 'Auth',
    raw_data: { Time: rows[finding.rowIndex]?.[0] ?? null, Content: rows[finding.rowIndex]?.[1] ?? null },
    anomalous_features: finding.features,
    evidence: finding.evidence,
    status: 'triaged',
    detected_at: at,
    triaged_at: at,
    signature: {
      id: 'sig1',
      schema_hash: '0123456789abcdef',
      entity: 'ip:203.0.113.9',
      pattern: 'incident:brute_force',
    },
    suppressed: false,
    suppression_rule_id: null,
    seen_before_true_positive: true,
    true_positive_report_id: 'rpt_a0',
  };
}

/** A finding stored before evidence and signatures were kept. */
const olderAnomaly = (): AnomalyRecord => {
  const { evidence: _, signature: __, suppressed: ___, ...rest } = loggedAnomaly();
  return {
    ...rest,
    evidence: null,
    seen_before_true_positive: undefined,
    true_positive_report_id: undefined,
  };
};

function report(anomaly: AnomalyRecord): ReportRecord {
  const triage = triageAnomaly(anomaly, {
    now: new Date(at),
    similarIncidentsCount: 1,
    startedAt: new Date(at),
  });
  return {
    id: 'rpt_a1',
    tenant_id: 't1',
    user_id: 'u1',
    dataset_id: 'ds1',
    dataset_filename: 'security_logs.xlsx',
    anomaly_id: anomaly.id,
    anomaly_score: anomaly.anomaly_score,
    severity: triage.severity,
    threat_type: triage.threat_context.threat_type,
    triage: triage as unknown as Record<string, unknown>,
    status: 'under_review',
    assigned_to: 'soc@example.com',
    resolution_notes: null,
    user_feedback: null,
    created_at: at,
    triaged_at: at,
    reviewed_at: at,
    resolved_at: null,
    verdict: 'true_positive',
    verdict_reason: 'Confirmed',
    verdict_by: 'ana',
    verdict_at: at,
    analyst_severity: 'critical',
  };
}

/** Parses like `answer()` does, and checks nothing the presenter sent was dropped. */
function keepsEverything(schema: ZodType, body: unknown) {
  const sent = JSON.parse(JSON.stringify(body)) as unknown;
  expect(JSON.parse(JSON.stringify(schema.parse(body)))).toEqual(sent);
}

describe('triage answers', () => {
  it.each(
    Object.entries({
      workbookAnswer: answers.workbookAnswer,
      sessionAnswer: answers.sessionAnswer,
      anomalyAnswer: answers.anomalyAnswer,
      reportAnswer: answers.reportAnswer,
      reportWithHistoryAnswer: answers.reportWithHistoryAnswer,
      statisticsAnswer: answers.statisticsAnswer,
      suppressionRuleAnswer: answers.suppressionRuleAnswer,
    }),
  )('%s: its example fits it whole', (_, schema) => {
    const examples = (schema.meta()?.examples ?? []) as unknown[];
    expect(examples).toHaveLength(1);
    for (const example of examples) expect(schema.parse(example)).toEqual(example);
  });

  it('keep every field of a workbook, parsed or not yet, and of its listing', () => {
    keepsEverything(answers.workbookAnswer, datasetDocument(dataset));
    keepsEverything(
      answers.workbookAnswer,
      datasetDocument({ ...dataset, status: 'uploaded', workbook_meta: null, sheets: [], parsed_at: null }),
    );
    keepsEverything(answers.workbookListAnswer, [datasetSummary(dataset)]);
  });

  it('keep every field of a session', () => {
    keepsEverything(answers.sessionAnswer, sessionDocument(session));
    keepsEverything(answers.sessionAnswer, sessionDocument({ ...session, anomalies_suppressed: undefined }));
  });

  it('keep every field of a finding, with its evidence or from before evidence was kept', () => {
    const anomaly = anomalyDocument(loggedAnomaly());
    expect(anomaly.evidence?.incident).not.toBeNull();
    keepsEverything(answers.anomalyAnswer, anomaly);
    keepsEverything(answers.anomalyListAnswer, [anomalyDocument(olderAnomaly())]);
  });

  it('keep every field of a report, its triage and history, and of its listing', () => {
    const record = report(loggedAnomaly());
    keepsEverything(answers.reportAnswer, reportBody(record));
    keepsEverything(answers.reportAnswer, reportBody({ ...record, triage: null, verdict: undefined }));
    const history = [
      {
        seq: 1,
        at,
        by: 'ana',
        by_user_id: 'u-ana',
        field: 'status',
        from: 'triaged',
        to: 'under_review',
        reason: null,
      },
    ];
    const withHistory = reportWithHistoryBody(record, history);
    expect(withHistory.history).toEqual([
      { seq: 1, at, by: 'ana', field: 'status', from: 'triaged', to: 'under_review', reason: null },
    ]);
    keepsEverything(answers.reportWithHistoryAnswer, withHistory);
    keepsEverything(answers.reportListAnswer, [reportSummary(record)]);
    // A report answer from before provenance and narrative were kept still reads.
    const { narrative: _, provenance: __, ...older } = record.triage ?? {};
    keepsEverything(answers.reportAnswer, reportBody({ ...record, triage: older }));
  });

  it('keep every statistic', () => {
    const record = report(loggedAnomaly());
    keepsEverything(answers.statisticsAnswer, {
      total_datasets: 1,
      total_anomalies: 2,
      total_reports: 1,
      by_severity: { critical: 0, high: 1, medium: 0, low: 0 },
      by_status: { pending_triage: 0, triaged: 0, under_review: 1, resolved: 0, false_positive: 0 },
      ...verdictStatistics([record]),
      suppressions_applied: 0,
      reports_by_day: reportsByDay([record], new Date(record.created_at), 2),
    });
  });

  it('keep every field of a suppression rule', () => {
    keepsEverything(answers.suppressionRuleListAnswer, [
      suppressionRuleDocument({
        id: 'sr1',
        tenant_id: 't1',
        signature: { id: 'sig1', schema_hash: '0123456789abcdef', entity: null, pattern: 'row' },
        sheet_headers: ['content', 'time'],
        sheet_name: 'Auth',
        report_id: 'rpt_a1',
        anomaly_id: null,
        dataset_id: 'ds1',
        reason: 'Backup job',
        created_by: 'ana',
        created_by_user_id: 'u-ana',
        created_at: at,
        matches: 2,
      }),
    ]);
  });

  it('refuse what the document does not promise', () => {
    expect(answers.sessionAnswer.safeParse({ ...sessionDocument(session), progress: 'half' }).success).toBe(
      false,
    );
    expect(answers.workbookAnswer.parse({ ...datasetDocument(dataset), tenant_id: 't1' })).not.toHaveProperty(
      'tenant_id',
    );
  });
});
