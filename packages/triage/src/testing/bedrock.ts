import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { TRIAGE_TOOL_NAME } from '../narrative';
import type { PromptSecrets } from '../prompt';

/** A canary planted in every test's system prompt; no output may ever contain it. */
export const CANARY = 'pyn-CANARY-7c1e9a4b2d';

/** Fixed prompt secrets, so requests and hashes are reproducible. */
export const FIXED_SECRETS: PromptSecrets = { canary: CANARY, nonce: '0123456789abcdef' };

/** A Converse answer that calls the triage tool with `input`. */
export function toolAnswer(
  input: unknown,
  usage = { inputTokens: 1500, outputTokens: 250 },
): ConverseCommandOutput {
  return {
    $metadata: {},
    output: {
      message: {
        role: 'assistant',
        content: [{ toolUse: { toolUseId: 'tooluse_1', name: TRIAGE_TOOL_NAME, input: input as never } }],
      },
    },
    stopReason: 'tool_use',
    usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
    metrics: { latencyMs: 900 },
  };
}

/** A Converse answer of plain text, no tool call. */
export function textAnswer(text: string): ConverseCommandOutput {
  return {
    $metadata: {},
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: 1500, outputTokens: 80, totalTokens: 1580 },
    metrics: { latencyMs: 700 },
  };
}

/** A well-formed narrative. */
export function goodNarrative(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    summary:
      'Bulk read of patient records at 03:15 from a public address abroad; consistent with exfiltration.',
    threat_type: 'Data Exfiltration - Insider Threat',
    mitre_tactics: ['TA0010', 'TA0009'],
    recommended_actions: ['Confirm with the account owner whether the export was authorised.'],
    ...overrides,
  };
}
