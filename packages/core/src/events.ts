import { z } from 'zod';

/**
 * The event catalogue: every event the product publishes on its bus (`pynomaly`), each a
 * versioned contract. The JSON Schemas under `events/schemas/<type>.v<N>.json` are generated
 * from these definitions and a contract test keeps them equal; a new version of an event may
 * only add optional fields (functions/events/contracts.test.ts checks it). Webhook subscribers
 * receive the detail of these events as the `data` of a delivery.
 */
export interface ProductEventDefinition<Schema extends z.ZodType = z.ZodType> {
  /** EventBridge `source`. */
  readonly source: string;
  /** EventBridge `detail-type`, also the webhook event type. */
  readonly detailType: string;
  readonly version: number;
  readonly schema: Schema;
}

const timestamp = z.iso.datetime();

/** Version 1 of an event: its fields after `version` and `tenant_id`, and no others. */
function firstVersion<const DetailType extends string, const Fields extends z.ZodRawShape>(
  source: string,
  detailType: DetailType,
  fields: Fields,
) {
  return {
    source,
    detailType,
    version: 1,
    schema: z.object({ version: z.literal(1), tenant_id: z.string().min(1), ...fields }).strict(),
  } as const satisfies ProductEventDefinition;
}

export const analysisCompleted = firstVersion('pynomaly.analysis', 'analysis.completed', {
  dataset_id: z.string().min(1),
  session_id: z.string().min(1),
  anomalies_detected: z.number().int().min(0),
  reports_generated: z.number().int().min(0),
  processing_time_seconds: z.number().min(0),
  completed_at: timestamp,
});

export const detectionCompleted = firstVersion('pynomaly.detection', 'detection.completed', {
  result_id: z.string().min(1),
  detector_id: z.string().min(1).nullable(),
  dataset_id: z.string().min(1).nullable(),
  n_samples: z.number().int().min(0),
  n_anomalies: z.number().int().min(0),
  completed_at: timestamp,
});

export const trainingCompleted = firstVersion('pynomaly.detection', 'training.completed', {
  detector_id: z.string().min(1),
  model_id: z.string().min(1).nullable(),
  dataset_id: z.string().min(1).nullable(),
  algorithm: z.string().min(1),
  completed_at: timestamp,
});

/** Finding severities, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type SeverityLevel = (typeof SEVERITIES)[number];
/** A severity's rank, 1 (low) to 4 (critical): what `alert.triggered` compares and carries. */
export const severityRank = (severity: SeverityLevel): number => SEVERITIES.indexOf(severity) + 1;

const severity = z.enum(SEVERITIES);

export const alertTriggered = firstVersion('pynomaly.analysis', 'alert.triggered', {
  dataset_id: z.string().min(1),
  anomaly_id: z.string().min(1),
  report_id: z.string().min(1).nullable(),
  severity,
  score: z.number(),
  threshold: z
    .number()
    .describe(
      "The rank of the tenant's alert threshold (1 low, 2 medium, 3 high, 4 critical): the finding's severity ranks at or above it",
    ),
  triggered_at: timestamp,
});

export const reportTriaged = firstVersion('pynomaly.analysis', 'report.triaged', {
  dataset_id: z.string().min(1),
  report_id: z.string().min(1),
  anomaly_id: z.string().min(1).nullable(),
  severity,
  threat_type: z.string(),
  triaged_at: timestamp,
});

export const reportStatusChanged = firstVersion('pynomaly.analysis', 'report.status_changed', {
  report_id: z.string().min(1),
  dataset_id: z.string().min(1).nullable(),
  previous_status: z.string().min(1),
  status: z.string().min(1),
  changed_by: z.string().min(1),
  changed_at: timestamp,
});

export const datasetFailed = firstVersion('pynomaly.analysis', 'dataset.failed', {
  dataset_id: z.string().min(1),
  session_id: z.string().min(1).nullable(),
  error_message: z.string(),
  failed_at: timestamp,
});

export type AnalysisCompletedDetail = z.infer<typeof analysisCompleted.schema>;
export type AlertTriggeredDetail = z.infer<typeof alertTriggered.schema>;
export type DetectionCompletedDetail = z.infer<typeof detectionCompleted.schema>;
export type TrainingCompletedDetail = z.infer<typeof trainingCompleted.schema>;
export type ReportStatusChangedDetail = z.infer<typeof reportStatusChanged.schema>;
export type DatasetFailedDetail = z.infer<typeof datasetFailed.schema>;

/** Every catalogued event, newest version of each type. */
export const productEvents = [
  analysisCompleted,
  detectionCompleted,
  trainingCompleted,
  alertTriggered,
  reportTriaged,
  reportStatusChanged,
  datasetFailed,
] as const satisfies readonly ProductEventDefinition[];

/** The event types a webhook may subscribe to. */
export const productEventTypes = productEvents.map((e) => e.detailType) as [
  (typeof productEvents)[number]['detailType'],
  ...(typeof productEvents)[number]['detailType'][],
];
export type ProductEventType = (typeof productEvents)[number]['detailType'];

/** Every version of every event, by the file name of its schema under `events/schemas/`. */
export const eventSchemaFiles: Readonly<Record<string, z.ZodType>> = Object.fromEntries(
  productEvents.map((e) => [`${e.detailType}.v${e.version}.json`, e.schema]),
);

/** The sources the catalogued events come from (the webhook fan-out rule matches these). */
export const productEventSources = [...new Set(productEvents.map((e) => e.source))];
