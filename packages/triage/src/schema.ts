import { z } from 'zod';

// Bounds keep a malformed or hostile producer (including a future LLM triager) from storing
// unbounded text; the rules engine itself stays far below them.
const text = (max = 1000) => z.string().max(max);
const ratio = z.number().min(0).max(1);

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
  generated_by: text(200),
  generated_at: z.iso.datetime(),
  processing_time_seconds: z.number().min(0),
});

/** The `triage` object of an anomaly report. */
export type Triage = z.infer<typeof TriageSchema>;

/** One entry of `Triage.immediate_actions`. */
export type ImmediateAction = z.infer<typeof ImmediateActionSchema>;
