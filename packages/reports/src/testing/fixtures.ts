import { type AnomalyEvidence, type Triage, triageAnomaly } from '../../../triage/src';
import { FIXED_CONTEXT, seedAnomaly } from '../../../triage/src/testing/fixtures';
import { pdfFont } from '../pdf-font';
import type { ReportDocument } from '../types';

/** The seed's section-8 report, triaged by the rules engine from the seed example row. */
export function sampleReport(): ReportDocument {
  return {
    _id: '673xyz1234567890abcdef3',
    user_id: '673abc1234567890abcdef1',
    dataset_id: '673abcd1234567890abcdef0',
    anomaly_id: '673def1234567890abcdef2',
    triage: triageAnomaly(seedAnomaly(), FIXED_CONTEXT),
    status: 'triaged',
    assigned_to: null,
    resolution_notes: null,
    user_feedback: null,
    created_at: '2025-11-06T14:30:00Z',
    triaged_at: '2025-11-06T14:32:42Z',
    reviewed_at: null,
    resolved_at: null,
  };
}

/** Every character the PDF's font draws, for text that makes its embedded subset as large as it gets. */
function drawableCharacters(): string[] {
  const { covers } = pdfFont();
  const found: string[] = [];
  for (let cp = 0x21; cp <= 0xffff; cp += 1)
    if (
      !(cp >= 0xd800 && cp <= 0xdfff) &&
      covers(cp) &&
      /\p{L}|\p{N}|\p{P}|\p{S}/u.test(String.fromCodePoint(cp))
    )
      found.push(String.fromCodePoint(cp));
  return found;
}

/**
 * The largest report an export can meet: a triage with every list and string at its schema's
 * limit, a hand-written note at the PATCH limit, and an anomaly whose row fills a DynamoDB item
 * (400 KB) with every character the PDF font has.
 */
export function largestReport(): { report: ReportDocument; anomaly: AnomalyEvidence } {
  const pool = drawableCharacters();
  let next = 0;
  const text = (length: number) => {
    let out = '';
    for (let i = 0; i < length; i += 1) {
      out += i % 12 === 11 ? ' ' : pool[next % pool.length];
      next += 1;
    }
    return out;
  };
  const many = <T>(count: number, make: (i: number) => T) => Array.from({ length: count }, (_, i) => make(i));
  const base = triageAnomaly(seedAnomaly(), FIXED_CONTEXT);
  const triage: Triage = {
    ...base,
    reasoning: many(50, () => text(1000)),
    threat_context: {
      threat_type: text(200),
      attack_stage: text(200),
      mitre_tactics: many(14, (i) => `TA${String(i + 1).padStart(4, '0')}`),
      indicators_of_compromise: many(50, () => text(1000)),
      likely_attribution: text(300),
    },
    impact: {
      affected_records: 1_000_000,
      data_type: text(200),
      estimated_cost: text(100),
      compliance_violations: many(20, () => text(50)),
      regulatory_fine_risk: text(1000),
    },
    immediate_actions: many(20, (i) => ({
      priority: i + 1,
      action: text(1000),
      command: text(500),
      rationale: text(1000),
      estimated_time: text(100),
      automation_available: true,
      requires_manual_review: true,
    })),
    short_term_actions: many(20, () => ({
      action: text(1000),
      timeline: text(100),
      automation_available: false,
    })),
    long_term_actions: many(20, () => ({ action: text(1000), timeline: text(100) })),
    historical_context: text(1000),
    generated_by: text(200),
  };
  const anomaly: AnomalyEvidence = {
    ...seedAnomaly(),
    raw_data: Object.fromEntries(many(80, (i) => [`column ${i} ${text(40)}`, text(1000)])),
    anomalous_features: many(50, () => ({
      feature_name: text(100),
      actual_value: text(200),
      expected_value: text(200),
      deviation: text(200),
      contribution_score: 0.5,
    })),
  };
  const report: ReportDocument = {
    ...sampleReport(),
    triage,
    assigned_to: text(256),
    resolution_notes: text(10_000),
    user_feedback: text(10_000),
  };
  return { report, anomaly };
}
