import { bedrockRuntimeClient } from '../../core/src/aws/bedrock';
import { env } from '../../core/src/config';
import { TokenBudget } from '../../core/src/token-budget';
import { BedrockNarrator, rulesOnly, type TriageNarrator } from './bedrock';

/**
 * The narrator the configuration asks for, built once at cold start: Bedrock on the rules
 * floor when `TRIAGE_MODEL_ID` is set (through `TRIAGE_INFERENCE_PROFILE` if set, within the
 * tenant's `TRIAGE_TOKENS_PER_TENANT_PER_DAY`), else the rules engine alone.
 * @param whenBudgetSpent `fallback` for the pipeline, `refuse` (429) for the on-demand route.
 */
export function configuredNarrator(whenBudgetSpent: 'fallback' | 'refuse'): TriageNarrator {
  const { TRIAGE_MODEL_ID: modelId, TRIAGE_INFERENCE_PROFILE: inferenceProfile } = env();
  if (!modelId) return rulesOnly;
  return new BedrockNarrator({
    client: bedrockRuntimeClient(),
    modelId,
    inferenceProfile: inferenceProfile ?? null,
    budget: new TokenBudget(),
    whenBudgetSpent,
  });
}
