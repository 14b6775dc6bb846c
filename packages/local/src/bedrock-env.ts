import { LOCAL_CREDENTIALS } from './settings';

/**
 * What the local stack passes to the Bedrock client of triage when the user configured a model
 * (`TRIAGE_MODEL_ID`, and optionally `TRIAGE_INFERENCE_PROFILE`, which stay as they are). The
 * stack points every AWS client at its emulators by setting the process's AWS_ACCESS_KEY_ID to
 * theirs, so the user's own credentials are handed on by name: their key pair (from the
 * environment), else their profile (`AWS_PROFILE`, or `default`), and their region. Bedrock has
 * no emulator: with `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` unset the calls go to the real service.
 * Variables the user set already (`TRIAGE_AWS_*`, `TRIAGE_REGION`) win.
 */
export function bedrockEnvironment(environment: NodeJS.ProcessEnv): Record<string, string> {
  if (!environment.TRIAGE_MODEL_ID) return {};
  const out: Record<string, string> = {};
  const explicit =
    environment.TRIAGE_AWS_ACCESS_KEY_ID || environment.TRIAGE_AWS_PROFILE ? 'user-set' : undefined;
  const key = environment.AWS_ACCESS_KEY_ID;
  const secret = environment.AWS_SECRET_ACCESS_KEY;
  if (!explicit && key && secret && key !== LOCAL_CREDENTIALS.accessKeyId) {
    out.TRIAGE_AWS_ACCESS_KEY_ID = key;
    out.TRIAGE_AWS_SECRET_ACCESS_KEY = secret;
    if (environment.AWS_SESSION_TOKEN) out.TRIAGE_AWS_SESSION_TOKEN = environment.AWS_SESSION_TOKEN;
  } else if (!explicit) {
    out.TRIAGE_AWS_PROFILE = environment.AWS_PROFILE || environment.AWS_DEFAULT_PROFILE || 'default';
  }
  const region = environment.TRIAGE_REGION || environment.AWS_REGION || environment.AWS_DEFAULT_REGION;
  if (region) out.TRIAGE_REGION = region;
  return out;
}
