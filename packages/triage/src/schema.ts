import { z } from 'zod';

// Bounds keep a malformed or hostile producer (including a future LLM triager) from storing
// unbounded text; the rules engine itself stays far below them.
const text = (max = 1000) => z.string().max(max);
const ratio = z.number().min(0).max(1);

/** Longest model summary a report keeps. */
export const NARRATIVE_LIMIT = 1200;

/** Severity levels, lowest first, so an index comparison orders them. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** Severity level of a triage. */
export type Severity = (typeof SEVERITIES)[number];

const ImmediateActionSchema = z.strictObject({
  priority: z.number().int().min(1),
  action: text(),
  command: text(500).nullable(),
  rationale: text(),
  estimated_time: text(100),
  automation_available: z.boolean(),
  requires_manual_review: z.boolean(),
});

/** Which engine wrote a triage: the rules engine alone, or a Bedrock model on its floor. */
export const TRIAGE_ENGINES = ['rules', 'bedrock'] as const;

/**
 * Where a triage came from and what it cost. `engine: 'rules'` with `triage_failed: true` is
 * the rules engine's report standing in for a model that was asked and did not answer validly
 * (or was not asked: its budget was spent); `failure_reason` says which.
 */
export const ProvenanceSchema = z.strictObject({
  engine: z.enum(TRIAGE_ENGINES),
  /** The configured model (foundation-model id or model ARN); null when none is configured. */
  model_id: text(2048).nullable(),
  /** The inference profile the model was called through, if any. */
  inference_profile: text(2048).nullable(),
  /** SHA-256 (hex) of the system prompt and message of the last call; null without a call. */
  prompt_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  /** Tokens of every call made for this triage, retries included. */
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
  /** Calls made to the model, retries included. */
  model_calls: z.number().int().min(0),
  /** Wall time spent waiting for the model, backoff included. */
  latency_ms: z.number().int().min(0),
  /** On-demand list price of the tokens; null for a model whose price is not known (imported models). */
  estimated_cost_usd: z.number().min(0).nullable(),
  /** The rules engine's severity: the lowest the report may carry. */
  severity_floor: z.enum(SEVERITIES),
  /** What the model rated, when it asked for a severity (ignored below the floor). */
  model_severity: z.enum(SEVERITIES).nullable(),
  /** The model's threat type, taken only when the rules engine left the finding unclassified. */
  model_threat_type: text(200).nullable(),
  triage_failed: z.boolean(),
  failure_reason: text(300).nullable(),
});

/** Provenance of a triage. */
export type Provenance = z.infer<typeof ProvenanceSchema>;

/**
 * The `triage` object of an anomaly report (seed API doc, section 8). Strict: extra keys,
 * bad enums and oversized strings are rejected, so any triager's output can be checked with it.
 */
export const TriageSchema = z.strictObject({
  severity: z.enum(SEVERITIES),
  severity_score: z.number().min(0).max(10),
  reasoning: z.array(text()).max(50),
  threat_context: z.strictObject({
    threat_type: text(200),
    attack_stage: text(200),
    mitre_tactics: z.array(z.string().regex(/^TA\d{4}$/)).max(14),
    indicators_of_compromise: z.array(text()).max(50),
    likely_attribution: text(300).nullable(),
  }),
  impact: z.strictObject({
    affected_records: z.number().int().min(0).nullable(),
    data_type: text(200),
    estimated_cost: text(100).nullable(),
    compliance_violations: z.array(text(50)).max(20),
    regulatory_fine_risk: text().nullable(),
  }),
  immediate_actions: z.array(ImmediateActionSchema).max(20),
  short_term_actions: z
    .array(z.strictObject({ action: text(), timeline: text(100), automation_available: z.boolean() }))
    .max(20),
  long_term_actions: z.array(z.strictObject({ action: text(), timeline: text(100) })).max(20),
  forensic_data: z.strictObject({
    preserve_immediately: z.array(text()).max(20),
    legal_holds: z.array(text()).max(20),
    chain_of_custody: z.strictObject({
      evidence_hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
      collected_by: text(200),
      timestamp: z.iso.datetime(),
    }),
  }),
  confidence: z.strictObject({
    overall_confidence: ratio,
    anomaly_detection_confidence: ratio,
    threat_classification_confidence: ratio,
    contextual_analysis_confidence: ratio,
    false_positive_probability: ratio,
    requires_human_review: z.boolean(),
  }),
  similar_incidents_count: z.number().int().min(0),
  historical_context: text().nullable(),
  generated_by: text(2048),
  generated_at: z.iso.datetime(),
  processing_time_seconds: z.number().min(0),
  /**
   * The model's summary, plain text; null from the rules engine. Optional, like `provenance`,
   * only so that reports stored before model triage existed still read.
   */
  narrative: text(NARRATIVE_LIMIT).nullable().optional(),
  provenance: ProvenanceSchema.optional(),
});

/** The `triage` object of an anomaly report. */
export type Triage = z.infer<typeof TriageSchema>;

/** A triage as this code writes it: narrative and provenance always present. */
export type TriageReport = Triage & { narrative: string | null; provenance: Provenance };

/** One entry of `Triage.immediate_actions`. */
export type ImmediateAction = z.infer<typeof ImmediateActionSchema>;
