/**
 * What the security-log triage routes under `/api/anomaly` answer: the shapes of the seed 003
 * API guide (every field it shows), with the fields this service adds beside them. Full
 * documents carry `_id` as the guide shows, and `id` too for clients of either convention.
 */
import { z } from 'zod';

const timestamp = z.string().describe('ISO 8601');
const count = z.number().int().min(0);
const severity = z.enum(['low', 'medium', 'high', 'critical']);
const reportStatus = z.enum(['pending_triage', 'triaged', 'under_review', 'resolved', 'false_positive']);
const verdict = z.enum(['true_positive', 'false_positive', 'benign']);
const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const idFields = {
  _id: z.string().describe('The id, as seed 003 names it'),
  id: z.string().describe('The same id, for clients that expect `id`'),
};

const datasetStatus = z
  .enum(['uploaded', 'parsing', 'parsed', 'analyzing', 'completed', 'error', 'rejected'])
  .describe('`rejected`: never analysed, for the reason in `error_message` (e.g. over the upload quota)');

const suppressedCount = count.describe(
  'Of `anomalies_detected`, how many a suppression rule matched: kept and counted, never triaged',
);

/** An uploaded workbook, with what parsing read of it (`GET /api/anomaly/datasets/{id}`). */
export const workbookAnswer = z
  .object({
    ...idFields,
    user_id: z.string(),
    filename: z.string().describe('The stored file name'),
    original_filename: z.string().describe('The name the file was uploaded with'),
    s3_key: z.string().describe('Where the file is stored'),
    file_size: count.describe('Bytes'),
    content_type: z.string(),
    parsed_data: z
      .object({
        workbookMeta: z.object({
          sheetNames: z.array(z.string()),
          sheetCount: count,
          totalRows: count,
        }),
        sheets: z.array(
          z.object({
            name: z.string(),
            index: count.describe('Position in the workbook, from 0'),
            headers: z.array(z.string()),
            row_count: count,
            formula_columns: z
              .array(z.string())
              .describe('Columns where some cell is formula text (`=…`): the file held no result for it'),
          }),
        ),
      })
      .nullable()
      .describe('What parsing read; null until the workbook is parsed'),
    sheet_count: count,
    total_rows: count,
    status: datasetStatus,
    anomalies_detected: count,
    anomalies_suppressed: suppressedCount,
    session_id: z.string().describe('The analysis session: `GET /api/anomaly/analysis-sessions/{id}`'),
    error_message: z.string().nullable(),
    uploaded_at: timestamp,
    parsed_at: timestamp.nullable(),
  })
  .meta({
    examples: [
      {
        _id: '01JDQ8Z4W6V3K2N5M7P9R1T3X5',
        id: '01JDQ8Z4W6V3K2N5M7P9R1T3X5',
        user_id: '4c1e2f0a-7b7d-4a51-9a43-0f2a1c9e8b11',
        filename: 'admin_20251106_143000_security_logs.xlsx',
        original_filename: 'security_logs.xlsx',
        s3_key: 'datasets/tenant-1/01JDQ8Z4W6V3K2N5M7P9R1T3X5/security_logs.xlsx',
        file_size: 2048576,
        content_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        parsed_data: {
          workbookMeta: { sheetNames: ['Access Logs'], sheetCount: 1, totalRows: 15000 },
          sheets: [
            {
              name: 'Access Logs',
              index: 0,
              headers: ['timestamp', 'user_id', 'source_ip', 'records_accessed'],
              row_count: 15000,
              formula_columns: [],
            },
          ],
        },
        sheet_count: 1,
        total_rows: 15000,
        status: 'completed',
        anomalies_detected: 23,
        anomalies_suppressed: 2,
        session_id: '01JDQ8Z4W6V3K2N5M7P9R1T3X6',
        error_message: null,
        uploaded_at: '2025-11-06T14:30:00.000Z',
        parsed_at: '2025-11-06T14:31:30.000Z',
      },
    ],
  });

/** A workbook as `GET /api/anomaly/datasets` lists it. */
export const workbookSummaryAnswer = z.object({
  id: z.string(),
  filename: z.string().describe('The name the file was uploaded with'),
  total_rows: count,
  sheet_count: count,
  status: datasetStatus,
  uploaded_at: timestamp,
  anomalies_detected: count,
  anomalies_suppressed: suppressedCount,
});

export const workbookListAnswer = z.array(workbookSummaryAnswer);

/** An analysis session: where the analysis of a workbook is. */
export const sessionAnswer = z
  .object({
    ...idFields,
    user_id: z.string(),
    dataset_id: z.string(),
    status: z.enum(['pending', 'parsing', 'detecting', 'triaging', 'reporting', 'completed', 'error']),
    progress: z.number().min(0).max(100).describe('Percent done'),
    current_step: z.string().describe('What the analysis is doing, in words'),
    total_rows_analyzed: count,
    anomalies_detected: count,
    anomalies_suppressed: suppressedCount.describe(
      'Of `anomalies_detected`, how many a suppression rule matched: they get no report',
    ),
    reports_generated: count,
    error_message: z.string().nullable(),
    started_at: timestamp,
    completed_at: timestamp.nullable(),
    processing_time_seconds: z.number().min(0).nullable(),
  })
  .meta({
    examples: [
      {
        _id: '01JDQ8Z4W6V3K2N5M7P9R1T3X6',
        id: '01JDQ8Z4W6V3K2N5M7P9R1T3X6',
        user_id: '4c1e2f0a-7b7d-4a51-9a43-0f2a1c9e8b11',
        dataset_id: '01JDQ8Z4W6V3K2N5M7P9R1T3X5',
        status: 'triaging',
        progress: 75,
        current_step: 'Performing triage analysis (15/20 anomalies)...',
        total_rows_analyzed: 15000,
        anomalies_detected: 20,
        anomalies_suppressed: 0,
        reports_generated: 15,
        error_message: null,
        started_at: '2025-11-06T14:30:00.000Z',
        completed_at: null,
        processing_time_seconds: null,
      },
    ],
  });

const addressEvidence = z.object({
  address: z.string(),
  scope: z.enum(['public', 'private', 'reserved']),
  rows_in_sheet: count.describe('Rows of the sheet naming this address (1: seen only here)'),
  public_share: z
    .number()
    .min(0)
    .max(1)
    .describe("Share of the sheet's addressed rows whose address is public"),
});

/** A group of rows that make one incident (a brute force is one, not one per line). */
const incidentEvidence = z.object({
  kind: z
    .string()
    .describe(
      '`brute_force`, `account_probing`, `success_after_failures`, `success_during_attack`, `scan`, `privileged_login`, `anonymous_login`, `known_bad_port`, `destructive` or `unusual_burst`',
    ),
  row_count: count,
  rows: z.array(z.number().int()).describe('Row numbers as Excel shows them (header = 1), the first 100'),
  source_ips: z.array(z.string()),
  source_hosts: z.array(z.string()),
  users: z.array(z.string()),
  failures: count.describe('Failed attempts counted'),
  unknown_accounts: count.describe('Accounts tried that the system said do not exist'),
  failures_before: count.describe('Failures before a success, for `success_after_failures`'),
  ports: z.array(z.number().int()).describe('Destination ports, the first 50'),
  destinations: count.describe('Distinct destination hosts'),
  started_at: timestamp.nullable().describe('Null when the log gives no year (see `duration_seconds`)'),
  ended_at: timestamp.nullable(),
  duration_seconds: z.number().nullable(),
});

/** What the log analysis read in and around a flagged row. */
const findingEvidence = z.object({
  // Keyed by the sheet's own column names: open by nature.
  columns: z.record(z.string(), z.string()).describe('The kind read from each column’s values'),
  events: z.array(z.string()).describe('What the row records (`auth_failure`, `privilege_change`, …)'),
  template: z
    .object({ text: z.string(), rows_in_sheet: count })
    .nullable()
    .describe('The log line template of the row'),
  source: addressEvidence.nullable(),
  destination: addressEvidence.nullable(),
  ports: z.array(
    z.object({
      port: z.number().int(),
      category: z.enum(['service', 'unusual', 'known_bad']),
      rows_in_sheet: count,
    }),
  ),
  users: z.array(z.string()),
  timing: z
    .object({
      clock: z.string().describe('"HH:MM" as the log writes it'),
      usual_hours: z.string().nullable().describe('"09:00-17:00"; null when the log runs round the clock'),
      outside_minutes: z.number().min(0).describe('Minutes outside the usual hours'),
      basis: z.enum(['user', 'sheet']),
      at: timestamp.nullable(),
      weekday: z.number().int().nullable(),
    })
    .nullable(),
  quantities: z.array(
    z.object({
      column: z.string(),
      value: z.number(),
      median: z.number().describe("The sheet's median of the column"),
      ratio: z.number().nullable(),
    }),
  ),
  attempts: z.object({ column: z.string(), value: z.number() }).nullable(),
  incident: incidentEvidence.nullable(),
});

/** A finding: a flagged row or incident, its score, explained features and evidence. */
export const anomalyAnswer = z
  .object({
    ...idFields,
    dataset_id: z.string(),
    user_id: z.string(),
    anomaly_score: z.number().describe('0 to 1'),
    row_index: z.number().int(),
    sheet_name: z.string(),
    // The log row as the sheet has it, keyed by its own headers: open by nature.
    raw_data: z.record(z.string(), cellValue).describe('The row, by column'),
    anomalous_features: z.array(
      z.object({
        feature_name: z.string(),
        actual_value: cellValue,
        expected_value: z.union([z.string(), z.number(), z.null()]),
        deviation: z.string().describe('In words: "+300x usual volume"'),
        contribution_score: z.number(),
      }),
    ),
    incident: incidentEvidence.nullable().describe('The incident the row stands for, if any'),
    evidence: findingEvidence.nullable().describe('Null on findings detected before evidence was kept'),
    signature: z
      .object({
        id: z.string(),
        schema_hash: z.string().describe("Hex SHA-256 prefix of the sheet's normalized headers, sorted"),
        entity: z.string().nullable().describe('`ip:…`, `host:…` or `user:…`'),
        pattern: z.string().describe('`incident:<kind>`, or `row` with its template and events'),
      })
      .nullable()
      .describe('What verdicts match findings by'),
    suppressed: z.boolean().describe('A suppression rule matched it: never triaged or alerted'),
    suppression_rule_id: z.string().nullable(),
    seen_before_true_positive: z
      .boolean()
      .describe('An analyst called the same signature a true positive: its severity floor is one level up'),
    true_positive_report_id: z.string().nullable(),
    status: z.enum(['detected', 'triaging', 'triaged', 'resolved', 'false_positive']),
    detected_at: timestamp,
    triaged_at: timestamp.nullable(),
  })
  .meta({
    examples: [
      {
        _id: '01JDQ9A1B2C3D4E5F6G7H8J9K0',
        id: '01JDQ9A1B2C3D4E5F6G7H8J9K0',
        dataset_id: '01JDQ8Z4W6V3K2N5M7P9R1T3X5',
        user_id: '4c1e2f0a-7b7d-4a51-9a43-0f2a1c9e8b11',
        anomaly_score: 0.87,
        row_index: 1523,
        sheet_name: 'Access Logs',
        raw_data: {
          user_id: 'john.doe@hospital.sg',
          timestamp: '2025-11-06T03:15:22Z',
          records_accessed: 15000,
          source_ip: '185.220.101.42',
        },
        anomalous_features: [
          {
            feature_name: 'records_accessed',
            actual_value: 15000,
            expected_value: 50,
            deviation: '+300x usual volume',
            contribution_score: 0.35,
          },
        ],
        incident: null,
        evidence: null,
        signature: null,
        suppressed: false,
        suppression_rule_id: null,
        seen_before_true_positive: false,
        true_positive_report_id: null,
        status: 'triaged',
        detected_at: '2025-11-06T14:30:00.000Z',
        triaged_at: '2025-11-06T14:32:00.000Z',
      },
    ],
  });

export const anomalyListAnswer = z.array(anomalyAnswer);

/** Where a triage came from and what it cost (absent on reports triaged before it was kept). */
const provenanceAnswer = z.object({
  engine: z.enum(['rules', 'bedrock']),
  model_id: z.string().nullable(),
  inference_profile: z.string().nullable(),
  prompt_sha256: z.string().nullable(),
  input_tokens: count,
  output_tokens: count,
  model_calls: count,
  latency_ms: count,
  estimated_cost_usd: z.number().min(0).nullable(),
  severity_floor: severity.describe("The rules engine's severity: the lowest the report may carry"),
  model_severity: severity.nullable(),
  model_threat_type: z.string().nullable(),
  triage_failed: z
    .boolean()
    .describe("The rules engine's report stands in for a model that did not answer validly"),
  failure_reason: z.string().nullable(),
});

/** The `triage` object of a report (seed 003, section 8). */
const triageAnswer = z.object({
  severity,
  severity_score: z.number().min(0).max(10),
  reasoning: z.array(z.string()),
  threat_context: z.object({
    threat_type: z.string(),
    attack_stage: z.string(),
    mitre_tactics: z.array(z.string()).describe('MITRE ATT&CK tactic ids (`TA0010`)'),
    indicators_of_compromise: z.array(z.string()),
    likely_attribution: z.string().nullable(),
  }),
  impact: z.object({
    affected_records: count.nullable(),
    data_type: z.string(),
    estimated_cost: z.string().nullable(),
    compliance_violations: z.array(z.string()),
    regulatory_fine_risk: z.string().nullable(),
  }),
  immediate_actions: z.array(
    z.object({
      priority: z.number().int().min(1),
      action: z.string(),
      command: z.string().nullable(),
      rationale: z.string(),
      estimated_time: z.string(),
      automation_available: z.boolean(),
      requires_manual_review: z.boolean(),
    }),
  ),
  short_term_actions: z.array(
    z.object({ action: z.string(), timeline: z.string(), automation_available: z.boolean() }),
  ),
  long_term_actions: z.array(z.object({ action: z.string(), timeline: z.string() })),
  forensic_data: z.object({
    preserve_immediately: z.array(z.string()),
    legal_holds: z.array(z.string()),
    chain_of_custody: z.object({
      evidence_hash: z.string().describe('`sha256:` and 64 hex digits'),
      collected_by: z.string(),
      timestamp,
    }),
  }),
  confidence: z.object({
    overall_confidence: z.number(),
    anomaly_detection_confidence: z.number(),
    threat_classification_confidence: z.number(),
    contextual_analysis_confidence: z.number(),
    false_positive_probability: z.number(),
    requires_human_review: z.boolean(),
  }),
  similar_incidents_count: count,
  historical_context: z.string().nullable(),
  generated_by: z.string(),
  generated_at: timestamp,
  processing_time_seconds: z.number().min(0),
  narrative: z
    .string()
    .nullable()
    .optional()
    .describe("The model's summary, plain text; null from the rules engine"),
  provenance: provenanceAnswer.optional(),
});

const reportFields = {
  severity: severity.describe("The engine's severity"),
  threat_type: z.string().describe("The engine's threat type"),
  verdict: verdict.nullable().describe("The analyst's call"),
  analyst_severity: severity.nullable().describe("The analyst's severity, beside the engine's"),
  effective_severity: severity.describe("The analyst's severity, else the engine's"),
};

/** A report as `GET /api/anomaly/anomaly-reports` lists it. */
export const reportSummaryAnswer = z.object({
  id: z.string(),
  dataset_id: z.string(),
  dataset_filename: z.string(),
  anomaly_score: z.number(),
  status: reportStatus,
  created_at: timestamp,
  ...reportFields,
});

export const reportListAnswer = z.array(reportSummaryAnswer);

/** The report of the examples. */
const reportExample = {
  _id: 'rpt_01JDQ9A1B2C3D4E5F6G7H8J9K0',
  id: 'rpt_01JDQ9A1B2C3D4E5F6G7H8J9K0',
  user_id: '4c1e2f0a-7b7d-4a51-9a43-0f2a1c9e8b11',
  dataset_id: '01JDQ8Z4W6V3K2N5M7P9R1T3X5',
  anomaly_id: '01JDQ9A1B2C3D4E5F6G7H8J9K0',
  triage: null,
  status: 'under_review',
  assigned_to: 'security-team@hospital.sg',
  resolution_notes: 'Investigating with IT forensics',
  user_feedback: null,
  created_at: '2025-11-06T14:30:00.000Z',
  triaged_at: '2025-11-06T14:32:42.000Z',
  reviewed_at: '2025-11-06T15:00:00.000Z',
  resolved_at: null,
  severity: 'critical',
  threat_type: 'Data Exfiltration - Insider Threat',
  verdict: 'true_positive',
  analyst_severity: null,
  effective_severity: 'critical',
  analyst_threat_type: null,
  effective_threat_type: 'Data Exfiltration - Insider Threat',
  verdict_reason: 'Confirmed with the account owner',
  verdict_by: 'analyst',
  verdict_at: '2025-11-06T15:10:00.000Z',
};

/** A full report: the seed's fields, the engine's and the analyst's ratings, the verdict. */
export const reportAnswer = z
  .object({
    ...idFields,
    user_id: z.string(),
    dataset_id: z.string(),
    anomaly_id: z.string().nullable(),
    triage: triageAnswer.nullable(),
    status: reportStatus,
    assigned_to: z.string().nullable(),
    resolution_notes: z.string().nullable(),
    user_feedback: z.string().nullable(),
    created_at: timestamp,
    triaged_at: timestamp.nullable(),
    reviewed_at: timestamp.nullable(),
    resolved_at: timestamp.nullable(),
    ...reportFields,
    analyst_threat_type: z.string().nullable().describe("The analyst's threat type, beside the engine's"),
    effective_threat_type: z.string().describe("The analyst's threat type, else the engine's"),
    verdict_reason: z.string().nullable(),
    verdict_by: z.string().nullable().describe('Who gave the verdict'),
    verdict_at: timestamp.nullable(),
  })
  .meta({ examples: [reportExample] });

/** One change to a report. */
const reportChangeAnswer = z.object({
  seq: z.number().int().min(1).describe('1, 2, … in the order the changes were made'),
  at: timestamp,
  by: z.string().describe('Who made it'),
  field: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  reason: z.string().nullable(),
});

/** A full report with its history, oldest change first (`GET` and `PATCH` of one report). */
export const reportWithHistoryAnswer = reportAnswer.extend({ history: z.array(reportChangeAnswer) }).meta({
  examples: [
    {
      ...reportExample,
      history: [
        {
          seq: 1,
          at: '2025-11-06T15:00:00.000Z',
          by: 'analyst',
          field: 'status',
          from: 'triaged',
          to: 'under_review',
          reason: null,
        },
        {
          seq: 2,
          at: '2025-11-06T15:10:00.000Z',
          by: 'analyst',
          field: 'verdict',
          from: null,
          to: 'true_positive',
          reason: 'Confirmed with the account owner',
        },
      ],
    },
  ],
});

/** The tenant's totals (seed 003, section 13), with the verdict statistics. */
export const statisticsAnswer = z
  .object({
    total_datasets: count,
    total_anomalies: count,
    total_reports: count,
    by_severity: z.object({ critical: count, high: count, medium: count, low: count }),
    by_status: z.object({
      pending_triage: count,
      triaged: count,
      under_review: count,
      resolved: count,
      false_positive: count,
    }),
    by_verdict: z
      .object({ true_positive: count, false_positive: count, benign: count, none: count })
      .describe('Reports by verdict; `none`: no verdict yet'),
    analyst_agreement_rate: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe(
        'Of the reports with a verdict, the share where the analyst agrees with the engine (a true positive at its severity); null with no verdict yet',
      ),
    precision_by_severity: z
      .object({
        critical: z.number().nullable(),
        high: z.number().nullable(),
        medium: z.number().nullable(),
        low: z.number().nullable(),
      })
      .describe(
        'Per engine severity, true positives / (true positives + false positives); null for a severity with neither',
      ),
    suppressions_applied: count.describe('Findings a suppression rule matched'),
    reports_by_day: z
      .array(
        z.object({
          date: z.string().describe('A UTC day, YYYY-MM-DD'),
          critical: count,
          high: count,
          medium: count,
          low: count,
        }),
      )
      .describe(
        "Reports created on each of the last 30 UTC days (today's included), oldest first, by engine severity",
      ),
  })
  .meta({
    examples: [
      {
        total_datasets: 15,
        total_anomalies: 234,
        total_reports: 234,
        by_severity: { critical: 12, high: 45, medium: 89, low: 88 },
        by_status: { pending_triage: 5, triaged: 150, under_review: 32, resolved: 45, false_positive: 2 },
        by_verdict: { true_positive: 30, false_positive: 2, benign: 4, none: 198 },
        analyst_agreement_rate: 0.7778,
        precision_by_severity: { critical: 1, high: 0.9, medium: null, low: null },
        suppressions_applied: 6,
        reports_by_day: [{ date: '2025-11-06', critical: 1, high: 3, medium: 5, low: 2 }],
      },
    ],
  });

/** A suppression rule, made by a false-positive verdict. */
export const suppressionRuleAnswer = z
  .object({
    id: z.string(),
    report_id: z.string().describe('The report whose verdict made it (it may since have been deleted)'),
    anomaly_id: z.string().nullable(),
    dataset_id: z.string(),
    sheet_name: z.string(),
    schema_hash: z.string().describe("Hex SHA-256 prefix of the sheet's normalized headers, sorted"),
    sheet_headers: z.array(z.string()).describe('The normalized, sorted headers (the first 100)'),
    entity: z.string().nullable().describe('`ip:…`, `host:…` or `user:…`; null when the evidence names none'),
    pattern: z.string(),
    reason: z.string(),
    created_by: z.string(),
    created_at: timestamp,
    matches: count.describe('Findings it has suppressed since'),
  })
  .meta({
    examples: [
      {
        id: 'sr_3f9a1c2b4d5e6f70',
        report_id: 'rpt_01JDQ9A1B2C3D4E5F6G7H8J9K0',
        anomaly_id: '01JDQ9A1B2C3D4E5F6G7H8J9K0',
        dataset_id: '01JDQ8Z4W6V3K2N5M7P9R1T3X5',
        sheet_name: 'Access Logs',
        schema_hash: '3f9a1c2b4d5e6f70',
        sheet_headers: ['records_accessed', 'source_ip', 'timestamp', 'user_id'],
        entity: 'ip:10.0.0.5',
        pattern: 'incident:brute_force',
        reason: 'Nightly backup job',
        created_by: 'analyst',
        created_at: '2025-11-06T15:10:00.000Z',
        matches: 3,
      },
    ],
  });

export const suppressionRuleListAnswer = z.array(suppressionRuleAnswer);
