import { z } from 'zod';
import { SEVERITIES } from './schema';
import { THREAT_TYPES } from './threats';

/** The MITRE ATT&CK Enterprise tactics, the only ones a model may name. */
export const MITRE_TACTICS: Readonly<Record<string, string>> = {
  TA0043: 'Reconnaissance',
  TA0042: 'Resource Development',
  TA0001: 'Initial Access',
  TA0002: 'Execution',
  TA0003: 'Persistence',
  TA0004: 'Privilege Escalation',
  TA0005: 'Defense Evasion',
  TA0006: 'Credential Access',
  TA0007: 'Discovery',
  TA0008: 'Lateral Movement',
  TA0009: 'Collection',
  TA0011: 'Command and Control',
  TA0010: 'Exfiltration',
  TA0040: 'Impact',
};

const TACTIC_IDS = Object.keys(MITRE_TACTICS) as [string, ...string[]];

/** Bounds of what the model may write; the tool's JSON schema and the zod check share them. */
export const NARRATIVE_BOUNDS = { summary: 1200, actions: 5, action: 300, tactics: 14 } as const;

/** The one tool the model is made to call; its input is all the model may contribute. */
export const TRIAGE_TOOL_NAME = 'record_triage_narrative';

/**
 * The part of a report the model writes. Severity may only be raised (the rules engine's is a
 * floor); there is no field to suppress, dismiss or edit a finding, its indicators or evidence.
 */
export const NarrativeSchema = z.strictObject({
  summary: z.string().min(1).max(NARRATIVE_BOUNDS.summary),
  threat_type: z.enum(THREAT_TYPES),
  raise_severity_to: z.enum(SEVERITIES).optional(),
  mitre_tactics: z.array(z.enum(TACTIC_IDS)).max(NARRATIVE_BOUNDS.tactics),
  recommended_actions: z.array(z.string().min(1).max(NARRATIVE_BOUNDS.action)).max(NARRATIVE_BOUNDS.actions),
});

/** What the model answered, once validated. */
export type Narrative = z.infer<typeof NarrativeSchema>;

/** The tool's input schema, as Bedrock's `toolSpec.inputSchema.json` takes it (JSON Schema draft 2020-12 subset). */
export const NARRATIVE_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'threat_type', 'mitre_tactics', 'recommended_actions'],
  properties: {
    summary: {
      type: 'string',
      maxLength: NARRATIVE_BOUNDS.summary,
      description:
        'Plain-text assessment for an analyst: what happened, why it matters, what is uncertain. No links, no markdown.',
    },
    threat_type: {
      type: 'string',
      enum: [...THREAT_TYPES],
      description: 'The threat type that best fits the evidence.',
    },
    raise_severity_to: {
      type: 'string',
      enum: [...SEVERITIES],
      description:
        "Only when the evidence warrants a higher severity than the rules engine's; a lower value is ignored.",
    },
    mitre_tactics: {
      type: 'array',
      maxItems: NARRATIVE_BOUNDS.tactics,
      items: { type: 'string', enum: TACTIC_IDS },
      description: 'MITRE ATT&CK tactic ids the evidence supports.',
    },
    recommended_actions: {
      type: 'array',
      maxItems: NARRATIVE_BOUNDS.actions,
      items: { type: 'string', maxLength: NARRATIVE_BOUNDS.action },
      description: 'Investigation or response steps for an analyst, in plain words. No commands, no links.',
    },
  },
};
