import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { env } from '../config';
import { once } from './once';

/**
 * The Bedrock runtime client of model triage. One attempt per call: the triage provider
 * (packages/triage/src/bedrock.ts) owns the retry policy, so the SDK's own retries would
 * multiply it. Region and credentials may differ from the other clients' (see config.ts).
 */
export const bedrockRuntimeClient = /* @__PURE__ */ once(() => {
  const e = env();
  const keys =
    e.TRIAGE_AWS_ACCESS_KEY_ID && e.TRIAGE_AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: e.TRIAGE_AWS_ACCESS_KEY_ID,
            secretAccessKey: e.TRIAGE_AWS_SECRET_ACCESS_KEY,
            sessionToken: e.TRIAGE_AWS_SESSION_TOKEN,
          },
        }
      : e.TRIAGE_AWS_PROFILE
        ? { profile: e.TRIAGE_AWS_PROFILE }
        : {};
  return new BedrockRuntimeClient({
    region: e.TRIAGE_REGION ?? e.AWS_REGION,
    endpoint: e.AWS_ENDPOINT_URL_BEDROCK_RUNTIME,
    maxAttempts: 1,
    ...keys,
  });
});
