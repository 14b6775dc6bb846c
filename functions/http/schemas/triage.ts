/** The security-log triage routes under `/api/anomaly`. */
import { z } from 'zod';

/** The workflow fields a new report may start with and a review may change. */
const reportWorkflowFields = z
  .object({
    status: z.enum(['pending_triage', 'triaged', 'under_review', 'resolved', 'false_positive']).optional(),
    assigned_to: z.string().max(256).nullable().optional(),
    resolution_notes: z.string().max(10_000).nullable().optional(),
    user_feedback: z.string().max(10_000).nullable().optional(),
  })
  .strict();

const severity = z.enum(['low', 'medium', 'high', 'critical']);

/**
 * `PATCH /api/anomaly/anomaly-reports/{id}`: what an analyst may change; anything else is
 * refused. A `verdict` needs its `verdict_reason` (and a reason needs its verdict).
 */
export const reportChangesBody = reportWorkflowFields
  .extend({
    verdict: z
      .enum(['true_positive', 'false_positive', 'benign'])
      .optional()
      .describe(
        "The analyst's call. `false_positive` closes the report as false_positive and makes a suppression rule for later analyses; `true_positive` raises the severity floor of later findings with the same signature by one level",
      ),
    verdict_reason: z.string().trim().min(1).max(2000).optional().describe('Why: required with `verdict`'),
    analyst_severity: severity
      .nullable()
      .optional()
      .describe("The analyst's severity, kept beside the engine's (`null` takes it back)"),
    analyst_threat_type: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullable()
      .optional()
      .describe("The analyst's threat type, kept beside the engine's (`null` takes it back)"),
  })
  .superRefine((body, ctx) => {
    if (body.verdict !== undefined && body.verdict_reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['verdict_reason'], message: 'A verdict needs a verdict_reason' });
    if (body.verdict_reason !== undefined && body.verdict === undefined)
      ctx.addIssue({ code: 'custom', path: ['verdict'], message: 'A verdict_reason goes with a verdict' });
  });

/** `POST /api/anomaly/anomaly-reports`: triage one anomaly now, with the optional workflow fields. */
export const newReportBody = reportWorkflowFields.extend({ anomaly_id: z.string().min(1).max(64) });

/** `GET /api/anomaly/anomaly-reports`. */
export const reportsQuery = z.object({
  status: z.enum(['pending_triage', 'triaged', 'under_review', 'resolved', 'false_positive']).optional(),
  dataset_id: z.string().min(1).max(64).optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `GET /api/anomaly/anomaly-reports/{id}/export`. */
export const reportExportQuery = z.object({
  format: z
    .enum(['json', 'excel', 'pdf'])
    .describe(
      '`json`: the report record; `excel`: an .xlsx workbook (Summary, Actions, Indicators, Anomaly sheets); `pdf`: an A4 report (summary, evidence, a chart of the feature deviations, actions, provenance)',
    ),
});

/** `GET /api/anomaly/datasets`. */
export const datasetsQuery = z.object({
  status: z.enum(['uploaded', 'parsing', 'parsed', 'analyzing', 'completed', 'error']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** `GET /api/anomaly/datasets/{id}/anomalies`. */
export const datasetAnomaliesQuery = z.object({
  status: z.enum(['detected', 'triaging', 'triaged', 'resolved', 'false_positive']).optional(),
  min_score: z.coerce.number().min(0).max(1).optional(),
});

/**
 * `POST /api/anomaly/datasets/upload` (multipart/form-data). For the document only: the
 * handler's multipart parser takes the one `file` field and enforces the size limit.
 */
export const workbookUploadForm = z.object({
  file: z.file().describe('The security-log workbook (.xlsx), up to 10 MB'),
});
