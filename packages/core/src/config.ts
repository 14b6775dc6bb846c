import { z } from 'zod';
import { type Tier, tiers, usagePlanIdVariable } from './access';

/**
 * Configuration, read from the environment once per cold start. Each value is checked when
 * first asked for, so a function that needs the table fails its cold start loudly when
 * TABLE_NAME is missing, while a function that never touches the table does not care.
 * Endpoints (`AWS_ENDPOINT_URL_<SERVICE>`) are how the local stack points the same code at
 * its emulators; in AWS they are unset and the SDK's defaults apply.
 */
const schema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TABLE_NAME: z.string().min(1).optional(),
  BUCKET_NAME: z.string().min(1).optional(),
  STATE_MACHINE_ARN: z.string().min(1).optional(),
  DETECTION_STATE_MACHINE_ARN: z.string().min(1).optional(),
  STUDY_STATE_MACHINE_ARN: z.string().min(1).optional(),
  INGEST_STATE_MACHINE_ARN: z.string().min(1).optional(),
  WEBHOOK_STATE_MACHINE_ARN: z.string().min(1).optional(),
  EVENT_BUS_NAME: z.string().min(1).optional(),
  USER_POOL_ID: z.string().min(1).optional(),
  USER_POOL_CLIENT_ID: z.string().min(1).optional(),
  JWT_ISSUER: z.url().optional(),
  JWKS_URI: z.url().optional(),
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  AWS_ENDPOINT_URL_SFN: z.url().optional(),
  AWS_ENDPOINT_URL_EVENTBRIDGE: z.url().optional(),
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: z.url().optional(),
  AWS_ENDPOINT_URL_SNS: z.url().optional(),
  AWS_ENDPOINT_URL_API_GATEWAY: z.url().optional(),
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: z.url().optional(),
  /** Where PostToConnection goes instead of the WebSocket API's own endpoint (the local gateway). */
  AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: z.url().optional(),
  /**
   * The live WebSocket API's connections endpoint (`https://{api id}.execute-api.{region}.{suffix}/{stage}`),
   * for functions outside that API that post to its connections (alert broadcasts).
   */
  LIVE_CONNECTIONS_URL: z.url().optional(),
  /** Open live-detection WebSocket connections one tenant may hold. */
  LIVE_CONNECTIONS_PER_TENANT: z.coerce.number().int().positive().default(100),
  /** Messages one live-detection connection may send per minute. */
  LIVE_MESSAGES_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** GraphQL subscriptions one live connection may hold at once. */
  LIVE_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().positive().default(20),
  /**
   * The Bedrock model that writes triage narratives (a foundation-model id, or the ARN of an
   * imported or custom model); unset, triage is the rules engine's alone.
   */
  TRIAGE_MODEL_ID: z.string().min(1).max(2048).optional(),
  /** An inference profile (id or ARN) the model is called through, e.g. a cross-region one. */
  TRIAGE_INFERENCE_PROFILE: z.string().min(1).max(2048).optional(),
  /** Tokens (input and output) one tenant may spend on model triage per UTC day. */
  TRIAGE_TOKENS_PER_TENANT_PER_DAY: z.coerce.number().int().positive().default(200_000),
  /** Where Bedrock is called, when not AWS_REGION (the local stack passes the user's region on). */
  TRIAGE_REGION: z.string().min(1).optional(),
  /**
   * Credentials the Bedrock client signs with instead of the process's own: a named profile, or
   * a key pair. The local stack sets them from the user's environment, whose AWS_ACCESS_KEY_ID
   * it points at its emulators; in Lambda they are unset and the function's role signs.
   */
  TRIAGE_AWS_PROFILE: z.string().min(1).optional(),
  TRIAGE_AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  TRIAGE_AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  TRIAGE_AWS_SESSION_TOKEN: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  MAX_ANOMALIES_PER_DATASET: z.coerce.number().int().positive().default(500),
  /** Uploads per tenant per hour, by every way in (seed 003: 10). */
  UPLOADS_PER_TENANT_PER_HOUR: z.coerce.number().int().positive().default(10),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
});

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {}

let cached: Env | undefined;

/** The parsed environment. Throws ConfigError naming every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${names}`);
  }
  cached = parsed.data;
  return cached;
}

type RequiredKey =
  | 'TABLE_NAME'
  | 'BUCKET_NAME'
  | 'STATE_MACHINE_ARN'
  | 'DETECTION_STATE_MACHINE_ARN'
  | 'STUDY_STATE_MACHINE_ARN'
  | 'INGEST_STATE_MACHINE_ARN'
  | 'WEBHOOK_STATE_MACHINE_ARN'
  | 'EVENT_BUS_NAME'
  | 'LIVE_CONNECTIONS_URL'
  | 'USER_POOL_ID'
  | 'USER_POOL_CLIENT_ID';

/** A variable this code cannot run without. */
export function required(name: RequiredKey): string {
  const value = env()[name];
  if (!value) throw new ConfigError(`Missing required environment variable ${name}`);
  return value;
}

/** The issuer whose tokens the authorizer accepts: JWT_ISSUER, or the Cognito pool's. */
export function jwtIssuer(): string {
  const { JWT_ISSUER, AWS_REGION } = env();
  return JWT_ISSUER ?? `https://cognito-idp.${AWS_REGION}.amazonaws.com/${required('USER_POOL_ID')}`;
}

/**
 * The usage plan id of every rate tier (`USAGE_PLAN_ID_<TIER>`, set by the CDK stack on the
 * authorizer). Throws ConfigError naming every missing one.
 */
export function usagePlanIds(environment: NodeJS.ProcessEnv = process.env): Record<Tier, string> {
  const names = Object.keys(tiers) as Tier[];
  const missing = names.map(usagePlanIdVariable).filter((name) => !environment[name]);
  if (missing.length > 0)
    throw new ConfigError(`Missing required environment variable ${missing.join(', ')}`);
  return Object.fromEntries(names.map((tier) => [tier, environment[usagePlanIdVariable(tier)]])) as Record<
    Tier,
    string
  >;
}
