import { describe, expect, it } from 'vitest';
import { bedrockEnvironment } from './bedrock-env';

describe('bedrockEnvironment', () => {
  it('passes nothing without a model: the rules engine triages', () => {
    expect(bedrockEnvironment({ AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's' })).toEqual({});
  });

  it("hands the user's key pair and region to the Bedrock client by name", () => {
    expect(
      bedrockEnvironment({
        TRIAGE_MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0',
        AWS_ACCESS_KEY_ID: 'AKIA1',
        AWS_SECRET_ACCESS_KEY: 's',
        AWS_SESSION_TOKEN: 'tok',
        AWS_REGION: 'eu-central-1',
      }),
    ).toEqual({
      TRIAGE_AWS_ACCESS_KEY_ID: 'AKIA1',
      TRIAGE_AWS_SECRET_ACCESS_KEY: 's',
      TRIAGE_AWS_SESSION_TOKEN: 'tok',
      TRIAGE_REGION: 'eu-central-1',
    });
  });

  it("uses the user's profile, or the default one, when no key pair is in the environment", () => {
    expect(bedrockEnvironment({ TRIAGE_MODEL_ID: 'm', AWS_PROFILE: 'work' })).toEqual({
      TRIAGE_AWS_PROFILE: 'work',
    });
    expect(bedrockEnvironment({ TRIAGE_MODEL_ID: 'm' })).toEqual({ TRIAGE_AWS_PROFILE: 'default' });
    // The emulators' own key pair is not the user's.
    expect(
      bedrockEnvironment({
        TRIAGE_MODEL_ID: 'm',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      }),
    ).toEqual({ TRIAGE_AWS_PROFILE: 'default' });
  });

  it('leaves variables the user set for Bedrock alone', () => {
    expect(
      bedrockEnvironment({ TRIAGE_MODEL_ID: 'm', TRIAGE_AWS_PROFILE: 'bedrock', TRIAGE_REGION: 'us-west-2' }),
    ).toEqual({ TRIAGE_REGION: 'us-west-2' });
  });
});
