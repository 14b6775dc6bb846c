/**
 * The Bedrock model of triage (docs/adr/0008-llm-triage.md), from CDK context, and its binding:
 * `bedrock:InvokeModel` on that model only, for the functions that triage, with the variables
 * packages/core/src/config.ts reads. Without `bedrockModelId` nothing is bound and triage is
 * the rules engine's alone.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Node } from 'constructs';
import type { PynomalyFunction } from './lambda-function';
import { acknowledge, wildcardResourceFinding } from './nag';

/** The model triage calls. */
export interface TriageModel {
  /**
   * A foundation-model id (`anthropic.claude-3-5-haiku-20241022-v1:0`), or the ARN of an
   * imported or custom model.
   */
  readonly modelId: string;
  /**
   * An inference profile the model is called through: a system profile id
   * (`us.anthropic.claude-3-5-haiku-20241022-v1:0`) or a profile ARN.
   * @default - none: the model is called in the stack's region
   */
  readonly inferenceProfile?: string;
  /**
   * Tokens one tenant may spend per UTC day.
   * @default - the code's default (TRIAGE_TOKENS_PER_TENANT_PER_DAY, 200,000)
   */
  readonly tokensPerTenantPerDay?: number;
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,2047}$/;

/**
 * The model from context `bedrockModelId`, `bedrockInferenceProfile` and
 * `bedrockTokensPerTenantPerDay`; undefined without a model id. A profile without a model, or
 * a malformed value, fails the synth.
 */
export function triageModelFromContext(node: Node): TriageModel | undefined {
  const modelId = optionalString(node.tryGetContext('bedrockModelId'), 'bedrockModelId');
  const inferenceProfile = optionalString(
    node.tryGetContext('bedrockInferenceProfile'),
    'bedrockInferenceProfile',
  );
  const tokens = node.tryGetContext('bedrockTokensPerTenantPerDay') as unknown;
  if (!modelId) {
    if (inferenceProfile)
      throw new Error(
        'Context bedrockInferenceProfile needs bedrockModelId: the model it routes to, for IAM',
      );
    return undefined;
  }
  let tokensPerTenantPerDay: number | undefined;
  if (tokens !== undefined) {
    tokensPerTenantPerDay = Number(tokens);
    if (!Number.isInteger(tokensPerTenantPerDay) || tokensPerTenantPerDay <= 0)
      throw new Error('Context bedrockTokensPerTenantPerDay must be a positive integer');
  }
  return { modelId, inferenceProfile, tokensPerTenantPerDay };
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !MODEL_ID.test(value))
    throw new Error(`Context ${name} must be a Bedrock model or inference profile id or ARN`);
  return value;
}

/**
 * Lets `fn` call the model and tells it which (`TRIAGE_MODEL_ID`, `TRIAGE_INFERENCE_PROFILE`,
 * `TRIAGE_TOKENS_PER_TENANT_PER_DAY`). Without a profile: InvokeModel (which Converse needs)
 * on the foundation model in the stack's region, or on the model ARN given. With one:
 * InvokeModel on the profile, and on the foundation model in whichever region the profile
 * routes to, only when called through that profile (`bedrock:InferenceProfileArn`).
 */
export function bindTriageModel(fn: PynomalyFunction, model: TriageModel): void {
  const stack = Stack.of(fn);
  const isArn = (id: string) => id.startsWith('arn:');
  const modelArn = (region: string) =>
    isArn(model.modelId)
      ? model.modelId
      : `arn:${stack.partition}:bedrock:${region}::foundation-model/${model.modelId}`;

  if (!model.inferenceProfile) {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [modelArn(stack.region)] }),
    );
  } else {
    const profileArn = isArn(model.inferenceProfile)
      ? model.inferenceProfile
      : stack.formatArn({
          service: 'bedrock',
          resource: 'inference-profile',
          resourceName: model.inferenceProfile,
        });
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [profileArn] }),
    );
    const routed = modelArn('*');
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: [routed],
        conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
      }),
    );
    if (routed.includes(':*:'))
      acknowledge(
        fn,
        wildcardResourceFinding(fn, fn, routed, ''),
        'A cross-region inference profile routes to the model in any of its regions; the grant is this one model, only through this one profile (bedrock:InferenceProfileArn).',
      );
    fn.addEnvironment('TRIAGE_INFERENCE_PROFILE', model.inferenceProfile);
  }
  fn.addEnvironment('TRIAGE_MODEL_ID', model.modelId);
  if (model.tokensPerTenantPerDay !== undefined)
    fn.addEnvironment('TRIAGE_TOKENS_PER_TENANT_PER_DAY', String(model.tokensPerTenantPerDay));
}
