// Model answer + rules report → report. The rules engine's report is the floor the answer is
// laid on: severity only rises, tactics and actions are only added, facts are never touched.
import { NARRATIVE_BOUNDS, type Narrative } from './narrative';
import { stripUnsafe } from './prompt';
import { estimateCostUsd } from './provenance';
import {
  type ImmediateAction,
  NARRATIVE_LIMIT,
  type Provenance,
  SEVERITIES,
  type TriageReport,
} from './schema';
import { BANDS } from './scoring';
import { UNCLASSIFIED_THREAT } from './threats';

/** What the calls for one triage cost and which model made them. */
export interface ModelRun {
  modelId: string;
  inferenceProfile: string | null;
  promptSha256: string | null;
  inputTokens: number;
  outputTokens: number;
  calls: number;
  latencyMs: number;
}

const MAX_TACTICS = 14;
const MAX_ACTIONS = 20;

/**
 * Model text as the report keeps it: plain, one line, bounded. Markdown images and links lose
 * their targets and bare URLs are removed, so nothing the model writes points a reader (or a
 * renderer fetching an image) anywhere.
 */
export function plainModelText(text: string, limit: number): string {
  const plain = stripUnsafe(text)
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '[image removed]')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\b(?:https?|ftp|file|data|javascript|vbscript):\S*/gi, '[link removed]')
    .replace(/\bwww\.\S+/gi, '[link removed]');
  const chars = Array.from(plain);
  return chars.length > limit ? `${chars.slice(0, limit - 1).join('')}…` : plain;
}

function provenanceOf(rules: TriageReport, run: ModelRun): Provenance {
  return {
    engine: 'bedrock',
    model_id: run.modelId,
    inference_profile: run.inferenceProfile,
    prompt_sha256: run.promptSha256,
    input_tokens: run.inputTokens,
    output_tokens: run.outputTokens,
    model_calls: run.calls,
    latency_ms: Math.round(run.latencyMs),
    estimated_cost_usd:
      estimateCostUsd(run.modelId, run.inputTokens, run.outputTokens) ??
      (run.inferenceProfile
        ? estimateCostUsd(run.inferenceProfile, run.inputTokens, run.outputTokens)
        : null),
    severity_floor: rules.severity,
    model_severity: null,
    model_threat_type: null,
    triage_failed: false,
    failure_reason: null,
  };
}

/**
 * The rules report standing in for a model that did not answer validly (or was not asked),
 * with what was spent and why.
 */
export function rulesFallback(rules: TriageReport, run: ModelRun, reason: string): TriageReport {
  return {
    ...rules,
    provenance: {
      ...provenanceOf(rules, run),
      engine: 'rules',
      triage_failed: true,
      failure_reason: plainModelText(reason, 300),
    },
  };
}

/**
 * Lays a validated narrative on the rules report. Severity is the higher of the two (the score
 * moves to the new band's floor when raised); tactics are the rules' plus the model's; the
 * model's actions follow the rules' as suggestions for review, with no command; indicators,
 * evidence, impact, forensic data and confidence stay the rules engine's. The threat type is
 * the model's only where the rules left the finding unclassified.
 */
export function mergeNarrative(rules: TriageReport, narrative: Narrative, run: ModelRun): TriageReport {
  const floor = SEVERITIES.indexOf(rules.severity);
  const asked = narrative.raise_severity_to ?? null;
  const raised = asked !== null && SEVERITIES.indexOf(asked) > floor ? asked : null;
  const severity = raised ?? rules.severity;
  const severityScore = raised ? Math.max(rules.severity_score, BANDS[raised][0]) : rules.severity_score;
  const threatType =
    rules.threat_context.threat_type === UNCLASSIFIED_THREAT
      ? narrative.threat_type
      : rules.threat_context.threat_type;
  const tactics = [...rules.threat_context.mitre_tactics];
  for (const id of narrative.mitre_tactics) if (!tactics.includes(id)) tactics.push(id);

  const suggested: ImmediateAction[] = narrative.recommended_actions
    .map((text) => plainModelText(text, NARRATIVE_BOUNDS.action))
    .filter((text) => text.length > 0)
    .map((action, i) => ({
      priority: rules.immediate_actions.length + i + 1,
      action,
      command: null,
      rationale: `Suggested by ${run.modelId}; not checked by the rules engine: review before acting.`,
      estimated_time: 'unknown',
      automation_available: false,
      requires_manual_review: true,
    }));

  return {
    ...rules,
    severity,
    severity_score: severityScore,
    reasoning:
      raised && rules.reasoning.length < 50
        ? [...rules.reasoning, `Raised from ${rules.severity} to ${raised} by ${run.modelId}`]
        : rules.reasoning,
    threat_context: {
      ...rules.threat_context,
      threat_type: threatType,
      mitre_tactics: tactics.slice(0, MAX_TACTICS),
    },
    immediate_actions: [...rules.immediate_actions, ...suggested].slice(0, MAX_ACTIONS),
    confidence: raised ? { ...rules.confidence, requires_human_review: true } : rules.confidence,
    generated_by: run.modelId,
    narrative: plainModelText(narrative.summary, NARRATIVE_LIMIT) || null,
    provenance: {
      ...provenanceOf(rules, run),
      model_severity: asked,
      model_threat_type: narrative.threat_type,
    },
  };
}
