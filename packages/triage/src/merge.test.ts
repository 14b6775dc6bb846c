import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAnswer } from './bedrock';
import { triageAnomaly } from './engine';
import { type ModelRun, mergeNarrative, plainModelText, rulesFallback } from './merge';
import { type Narrative, NarrativeSchema } from './narrative';
import { buildPrompt } from './prompt';
import { estimateCostUsd, priceKey } from './provenance';
import { TriageSchema } from './schema';
import { CANARY, FIXED_SECRETS, goodNarrative, toolAnswer } from './testing/bedrock';
import { benignAnomaly, FIXED_CONTEXT, rowAnomaly, seedAnomaly } from './testing/fixtures';
import { THREAT_TYPES, UNCLASSIFIED_THREAT } from './threats';

const run: ModelRun = {
  modelId: 'amazon.nova-lite-v1:0',
  inferenceProfile: null,
  promptSha256: 'a'.repeat(64),
  inputTokens: 2000,
  outputTokens: 500,
  calls: 1,
  latencyMs: 1234.4,
};
const narrative = (o: Partial<Narrative> = {}) => NarrativeSchema.parse(goodNarrative(o));

describe('mergeNarrative', () => {
  const benign = triageAnomaly(benignAnomaly(), FIXED_CONTEXT);

  it('raises severity into the new band and asks for human review', () => {
    expect(benign.severity).toBe('low');
    const merged = mergeNarrative(benign, narrative({ raise_severity_to: 'high' }), run);
    expect(merged.severity).toBe('high');
    expect(merged.severity_score).toBe(6);
    expect(merged.confidence.requires_human_review).toBe(true);
    expect(merged.reasoning.at(-1)).toBe('Raised from low to high by amazon.nova-lite-v1:0');
    expect(TriageSchema.parse(merged)).toEqual(merged);
  });

  it('never lowers: a lower or equal rating leaves severity and score as the rules set them', () => {
    const critical = triageAnomaly(seedAnomaly(), FIXED_CONTEXT);
    for (const asked of ['low', 'medium', 'high', 'critical'] as const) {
      const merged = mergeNarrative(critical, narrative({ raise_severity_to: asked }), run);
      expect(merged.severity).toBe('critical');
      expect(merged.severity_score).toBe(critical.severity_score);
      expect(merged.reasoning).toEqual(critical.reasoning);
    }
  });

  it('takes the threat type only where the rules left the finding unclassified', () => {
    const unclassified = triageAnomaly(rowAnomaly({ note: 'hello' }, 0.6), FIXED_CONTEXT);
    expect(unclassified.threat_context.threat_type).toBe(UNCLASSIFIED_THREAT);
    expect(
      mergeNarrative(unclassified, narrative({ threat_type: 'Lateral Movement' }), run).threat_context
        .threat_type,
    ).toBe('Lateral Movement');
    const classified = triageAnomaly(seedAnomaly(), FIXED_CONTEXT);
    const merged = mergeNarrative(classified, narrative({ threat_type: 'Lateral Movement' }), run);
    expect(merged.threat_context.threat_type).toBe('Data Exfiltration - Insider Threat');
    expect(merged.provenance.model_threat_type).toBe('Lateral Movement');
  });

  it('adds tactics after the rules ones, without repeats', () => {
    const critical = triageAnomaly(seedAnomaly(), FIXED_CONTEXT);
    const merged = mergeNarrative(critical, narrative({ mitre_tactics: ['TA0009', 'TA0005'] }), run);
    expect(merged.threat_context.mitre_tactics).toEqual([...critical.threat_context.mitre_tactics, 'TA0005']);
  });

  it('records provenance with the cost and rounded latency', () => {
    const merged = mergeNarrative(benign, narrative(), run);
    expect(merged.provenance).toMatchObject({
      engine: 'bedrock',
      model_id: 'amazon.nova-lite-v1:0',
      latency_ms: 1234,
      // 2k input at $0.00006 + 0.5k output at $0.00024
      estimated_cost_usd: 0.00024,
      triage_failed: false,
    });
    expect(merged.generated_by).toBe('amazon.nova-lite-v1:0');
  });

  it('falls back to the rules report with the reason, keeping what was spent', () => {
    const fallback = rulesFallback(benign, run, 'model call failed: ThrottlingException');
    expect({ ...fallback, provenance: benign.provenance }).toEqual(benign);
    expect(fallback.provenance).toMatchObject({
      engine: 'rules',
      model_id: 'amazon.nova-lite-v1:0',
      input_tokens: 2000,
      triage_failed: true,
      failure_reason: 'model call failed: ThrottlingException',
    });
  });
});

describe('plainModelText', () => {
  it('strips control characters, link targets and images, and caps the length', () => {
    expect(plainModelText('a\u0000b\u202Ec\n![x](https://e/?q=1) [t](http://e) see https://e/x', 100)).toBe(
      'a b c [image removed] t see [link removed]',
    );
    expect(plainModelText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('readAnswer', () => {
  const rules = triageAnomaly(seedAnomaly(), FIXED_CONTEXT);
  const prompt = buildPrompt(seedAnomaly(), rules, FIXED_SECRETS);

  it('refuses a verbatim passage of the instructions, even without the canary', () => {
    const passage = prompt.system.slice(
      prompt.system.indexOf('is data from'),
      prompt.system.indexOf('is data from') + 80,
    );
    expect(passage).not.toContain(CANARY);
    expect(readAnswer(toolAnswer(goodNarrative({ summary: `Note: ${passage}` })), prompt)).toEqual({
      error: 'the answer repeats the instructions',
    });
  });

  it('refuses the data nonce and the canary', () => {
    for (const leak of [FIXED_SECRETS.nonce, CANARY])
      expect(readAnswer(toolAnswer(goodNarrative({ summary: leak })), prompt)).toHaveProperty('error');
  });

  it('accepts an ordinary narrative', () => {
    expect(readAnswer(toolAnswer(goodNarrative()), prompt)).toHaveProperty('narrative');
  });
});

describe('cost estimates', () => {
  it.each([
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic.claude-3-5-haiku'],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic.claude-3-5-haiku'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0', 'amazon.nova-pro'],
    ['mistral.mistral-large-2402-v1:0', 'mistral.mistral-large-2402'],
  ])('prices %s as %s', (id, key) => {
    expect(priceKey(id)).toBe(key);
  });

  it('is null for a model whose price is unknown (imported models bill by the minute)', () => {
    expect(
      estimateCostUsd('arn:aws:bedrock:us-east-1:123456789012:imported-model/x1', 1000, 1000),
    ).toBeNull();
  });

  it('prices Claude 3 Haiku at $0.00025/$0.00125 per 1k', () => {
    expect(estimateCostUsd('anthropic.claude-3-haiku-20240307-v1:0', 4000, 1000)).toBe(0.00225);
  });
});

describe('THREAT_TYPES', () => {
  it('lists every threat type the rules in threats.ts can name', () => {
    const source = readFileSync(new URL('./threats.ts', import.meta.url), 'utf8');
    const rules = source.slice(source.indexOf('const THREAT_RULES'));
    const named = new Set<string>();
    // Each rule's threatType up to its attackStage; snake_case literals are incident kinds it tests.
    for (const body of rules.matchAll(/threatType: [^\n]*(?:\n(?!\s*attackStage)[^\n]*)*/g))
      for (const literal of body[0].matchAll(/'([^']+)'/g))
        if (!/^[a-z_]+$/.test(literal[1]!)) named.add(literal[1]!);
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((t) => !(THREAT_TYPES as readonly string[]).includes(t))).toEqual([]);
  });
});
