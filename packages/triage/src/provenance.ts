import type { Provenance, Severity } from './schema';

/**
 * On-demand list prices in USD per 1,000 tokens (input, output), us-east-1, from the Amazon
 * Bedrock pricing page as of 2025. Keys are model ids without the version suffix; a cross-region
 * profile's `us.`/`eu.`/`apac.` prefix is dropped before the lookup. A model not listed (an
 * imported model, billed per model unit and minute) has no estimate.
 */
export const PRICES_PER_1K_TOKENS: Readonly<Record<string, readonly [number, number]>> = {
  'anthropic.claude-3-haiku': [0.00025, 0.00125],
  'anthropic.claude-3-5-haiku': [0.0008, 0.004],
  'anthropic.claude-haiku-4-5': [0.001, 0.005],
  'anthropic.claude-3-sonnet': [0.003, 0.015],
  'anthropic.claude-3-5-sonnet': [0.003, 0.015],
  'anthropic.claude-3-7-sonnet': [0.003, 0.015],
  'anthropic.claude-sonnet-4': [0.003, 0.015],
  'anthropic.claude-sonnet-4-5': [0.003, 0.015],
  'amazon.nova-micro': [0.000035, 0.00014],
  'amazon.nova-lite': [0.00006, 0.00024],
  'amazon.nova-pro': [0.0008, 0.0032],
  'meta.llama3-1-8b-instruct': [0.00022, 0.00022],
  'meta.llama3-1-70b-instruct': [0.00072, 0.00072],
  'mistral.mistral-large-2402': [0.004, 0.012],
};

/** The price key of a model id or profile: region prefix and `-YYYYMMDD-v1:0` suffix dropped. */
export function priceKey(modelId: string): string {
  const id = modelId.includes('/') ? (modelId.split('/').pop() ?? modelId) : modelId;
  return id
    .replace(/^(us|eu|apac|us-gov|global)\./, '')
    .replace(/(-\d{8})?-v\d+(:\d+)?$/, '')
    .replace(/-v\d+(:\d+)?$/, '');
}

/** Estimated USD cost of the tokens, rounded to a millionth of a dollar; null for an unknown model. */
export function estimateCostUsd(modelId: string, inputTokens: number, outputTokens: number): number | null {
  const price = PRICES_PER_1K_TOKENS[priceKey(modelId)];
  if (!price) return null;
  const cost = (inputTokens / 1000) * price[0] + (outputTokens / 1000) * price[1];
  return Math.round(cost * 1e6) / 1e6;
}

/** Provenance of a report the rules engine wrote with no model configured. */
export function rulesProvenance(floor: Severity): Provenance {
  return {
    engine: 'rules',
    model_id: null,
    inference_profile: null,
    prompt_sha256: null,
    input_tokens: 0,
    output_tokens: 0,
    model_calls: 0,
    latency_ms: 0,
    estimated_cost_usd: null,
    severity_floor: floor,
    model_severity: null,
    model_threat_type: null,
    triage_failed: false,
    failure_reason: null,
  };
}
