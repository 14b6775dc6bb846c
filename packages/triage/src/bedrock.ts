// Rules report → Bedrock (Converse, one forced tool) → validated narrative → merged report, or
// the rules report with the reason the model's answer was not used.
import {
  type BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  InternalServerException,
  ModelNotReadyException,
  ServiceUnavailableException,
  ThrottlingException,
  type ToolChoice,
} from '@aws-sdk/client-bedrock-runtime';
import { RateLimitError } from '../../core/src/errors';
import { type ModelRun, mergeNarrative, rulesFallback } from './merge';
import { NARRATIVE_JSON_SCHEMA, type Narrative, NarrativeSchema, TRIAGE_TOOL_NAME } from './narrative';
import { buildPrompt, newSecrets, type PromptSecrets, type TriagePrompt } from './prompt';
import type { TriageReport } from './schema';
import type { AnomalyEvidence } from './types';

/** Who a triage is for: the tenant whose token budget it spends. */
export interface NarrationContext {
  tenantId: string;
}

/** Writes the model's part of a report on the rules engine's, or returns the rules report. */
export interface TriageNarrator {
  narrate(anomaly: AnomalyEvidence, rules: TriageReport, ctx: NarrationContext): Promise<TriageReport>;
}

/** No model: the rules report as it is. */
export const rulesOnly: TriageNarrator = { narrate: async (_anomaly, rules) => rules };

/** A tenant's daily token budget (packages/core/src/token-budget.ts). */
export interface TokenBudgetPort {
  /** Throws RateLimitError when the tenant's tokens are spent. */
  check(tenantId: string): Promise<unknown>;
  charge(tenantId: string, tokens: number): Promise<void>;
}

/** Options of a {@link BedrockNarrator}. */
export interface BedrockNarratorOptions {
  client: BedrockRuntimeClient;
  /** Foundation-model id or model ARN: provenance, price and the call's target when no profile. */
  modelId: string;
  /** Inference profile id or ARN the call goes through. @default none */
  inferenceProfile?: string | null;
  /** @default none: no budget */
  budget?: TokenBudgetPort | null;
  /**
   * Past the budget: `fallback` returns the rules report noting why (the pipeline), `refuse`
   * throws the budget's RateLimitError (the on-demand route answers 429).
   * @default 'fallback'
   */
  whenBudgetSpent?: 'fallback' | 'refuse';
  /** Calls per answer when Bedrock throttles or is unavailable. @default 3 */
  maxAttempts?: number;
  /** First backoff ceiling, doubled per attempt (full jitter). @default 400 */
  baseDelayMs?: number;
  /** @default 4000 */
  maxDelayMs?: number;
  /** Longest wait for one call. @default 25000 */
  callTimeoutMs?: number;
  /** @default 1024 */
  maxOutputTokens?: number;
  /** @default a fresh canary and nonce per triage */
  secrets?: () => PromptSecrets;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Milliseconds, for latency. @default performance.now */
  clock?: () => number;
}

/** Errors worth another call after a pause (Bedrock's documented retryable errors). */
const RETRYABLE = [
  ThrottlingException,
  ServiceUnavailableException,
  ModelNotReadyException,
  InternalServerException,
];

/** Model families whose Converse accepts `toolChoice: { tool }` (Anthropic Claude 3+, Mistral Large, Amazon Nova). */
const FORCED_TOOL_CHOICE = /(^|[./])(anthropic\.claude-|mistral\.mistral-large|amazon\.nova-)/;

/**
 * `toolChoice` for the model: the one tool, forced, where the model family accepts it; other
 * families (Llama, imported models) get `any` where known to accept it, and are told in the
 * prompt otherwise. Either way an answer without the tool fails validation.
 */
export function toolChoiceFor(modelId: string): ToolChoice | undefined {
  if (FORCED_TOOL_CHOICE.test(modelId)) return { tool: { name: TRIAGE_TOOL_NAME } };
  return undefined;
}

/** The leak check's window: this many characters of the instructions, verbatim, is an echo. */
const ECHO_WINDOW = 48;

/**
 * Reads and checks the model's answer: the tool's input, valid against NarrativeSchema, and
 * free of the canary, the data nonce and any passage of the system prompt.
 */
export function readAnswer(
  output: ConverseCommandOutput,
  prompt: TriagePrompt,
): { narrative: Narrative } | { error: string } {
  const content = output.output?.message?.content ?? [];
  const call = content.find((block) => block.toolUse?.name === TRIAGE_TOOL_NAME)?.toolUse;
  if (!call) return { error: `no call of the tool ${TRIAGE_TOOL_NAME}` };
  const parsed = NarrativeSchema.safeParse(call.input);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 8)
      .map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
      .join('; ');
    return { error: `the tool input does not match its schema: ${issues}` };
  }
  const text = [parsed.data.summary, ...parsed.data.recommended_actions].join('\n');
  if (text.includes(prompt.canary) || text.includes(prompt.nonce) || echoes(text, prompt.system))
    return { error: 'the answer repeats the instructions' };
  return { narrative: parsed.data };
}

function echoes(text: string, system: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
  const haystack = norm(text);
  const source = norm(system);
  for (let i = 0; i + ECHO_WINDOW <= source.length; i += 8) {
    if (haystack.includes(source.slice(i, i + ECHO_WINDOW))) return true;
  }
  return false;
}

/**
 * Bedrock triage on the rules floor (docs/adr/0008-llm-triage.md). One Converse call with a
 * forced tool; throttling and unavailability retried with exponential backoff and full jitter;
 * an invalid answer retried once with the validation error; anything else, and a spent budget,
 * gives the rules report with `triage_failed` and the reason.
 */
export class BedrockNarrator implements TriageNarrator {
  private readonly o: Required<Omit<BedrockNarratorOptions, 'inferenceProfile' | 'budget'>> & {
    inferenceProfile: string | null;
    budget: TokenBudgetPort | null;
  };

  constructor(options: BedrockNarratorOptions) {
    this.o = {
      inferenceProfile: null,
      budget: null,
      whenBudgetSpent: 'fallback',
      maxAttempts: 3,
      baseDelayMs: 400,
      maxDelayMs: 4000,
      callTimeoutMs: 25_000,
      maxOutputTokens: 1024,
      secrets: newSecrets,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      clock: () => performance.now(),
      ...options,
    };
  }

  async narrate(anomaly: AnomalyEvidence, rules: TriageReport, ctx: NarrationContext): Promise<TriageReport> {
    const run: ModelRun = {
      modelId: this.o.modelId,
      inferenceProfile: this.o.inferenceProfile,
      promptSha256: null,
      inputTokens: 0,
      outputTokens: 0,
      calls: 0,
      latencyMs: 0,
    };
    if (this.o.budget) {
      try {
        await this.o.budget.check(ctx.tenantId);
      } catch (error) {
        if (!(error instanceof RateLimitError) || this.o.whenBudgetSpent === 'refuse') throw error;
        return rulesFallback(rules, run, 'token budget exhausted');
      }
    }
    const prompt = buildPrompt(anomaly, rules, this.o.secrets());
    run.promptSha256 = prompt.sha256;
    const started = this.o.clock();
    let rejection: string | null = null;
    try {
      for (let round = 0; round < 2; round++) {
        const output = await this.call(this.request(prompt, rejection), run, ctx.tenantId);
        const answer = readAnswer(output, prompt);
        if ('narrative' in answer) {
          run.latencyMs = this.o.clock() - started;
          return mergeNarrative(rules, answer.narrative, run);
        }
        rejection = answer.error;
      }
    } catch (error) {
      run.latencyMs = this.o.clock() - started;
      return rulesFallback(rules, run, `model call failed: ${errorName(error)}`);
    }
    run.latencyMs = this.o.clock() - started;
    return rulesFallback(rules, run, `invalid model output after one retry: ${rejection}`);
  }

  /**
   * The Converse request. A retry after an invalid answer resends the prompt with the reason
   * the answer was refused; the refused answer itself is never sent back.
   */
  request(prompt: TriagePrompt, rejection: string | null): ConverseCommandInput {
    const text = rejection
      ? `${prompt.user}\n\nA previous answer was refused (${rejection}). Call ${TRIAGE_TOOL_NAME} again with input that matches its schema.`
      : prompt.user;
    const toolChoice = toolChoiceFor(this.o.modelId);
    return {
      modelId: this.o.inferenceProfile ?? this.o.modelId,
      system: [{ text: prompt.system }],
      messages: [{ role: 'user', content: [{ text }] }],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: TRIAGE_TOOL_NAME,
              description: 'Record the narrative part of the triage report for this finding.',
              inputSchema: { json: structuredClone(NARRATIVE_JSON_SCHEMA) },
            },
          },
        ],
        ...(toolChoice ? { toolChoice } : {}),
      },
      inferenceConfig: { maxTokens: this.o.maxOutputTokens, temperature: 0 },
    };
  }

  /** One answer: calls until one succeeds, retrying only what may succeed later. */
  private async call(
    input: ConverseCommandInput,
    run: ModelRun,
    tenantId: string,
  ): Promise<ConverseCommandOutput> {
    for (let attempt = 1; ; attempt++) {
      try {
        run.calls++;
        const output = await this.o.client.send(new ConverseCommand(input), {
          abortSignal: AbortSignal.timeout(this.o.callTimeoutMs),
        });
        const used = { input: output.usage?.inputTokens ?? 0, output: output.usage?.outputTokens ?? 0 };
        run.inputTokens += used.input;
        run.outputTokens += used.output;
        await this.o.budget?.charge(tenantId, used.input + used.output);
        return output;
      } catch (error) {
        const retryable = RETRYABLE.some((type) => error instanceof type);
        if (!retryable || attempt >= this.o.maxAttempts) throw error;
        const ceiling = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
        await this.o.sleep(Math.floor(this.o.random() * ceiling));
      }
    }
  }
}

/** An error's class name, for the failure reason; never its message, which may quote the prompt. */
function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z]{1,64}$/.test(name) ? name : 'Error';
}
