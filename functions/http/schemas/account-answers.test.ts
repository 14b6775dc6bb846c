import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import * as admin from './admin';
import * as apiKeys from './api-keys';
import * as auth from './auth';
import * as tableExport from './export';
import * as mfa from './mfa';
import * as operations from './operations';
import * as performance from './performance';

/** The answer schemas of the accounts, administration and operations routes that carry examples. */
const withExamples: Record<string, ZodType> = {
  'auth.tokensAnswer': auth.tokensAnswer,
  'auth.mfaChallengeAnswer': auth.mfaChallengeAnswer,
  'auth.meAnswer': auth.meAnswer,
  'admin.userAnswer': admin.userAnswer,
  'admin.auditEventAnswer': admin.auditEventAnswer,
  'apiKeys.apiKeyAnswer': apiKeys.apiKeyAnswer,
  'apiKeys.apiKeyWithSecretAnswer': apiKeys.apiKeyWithSecretAnswer,
  'mfa.totpSetupAnswer': mfa.totpSetupAnswer,
  'mfa.mfaStatusAnswer': mfa.mfaStatusAnswer,
  'operations.systemStatusAnswer': operations.systemStatusAnswer,
  'export.exportFormatsAnswer': tableExport.exportFormatsAnswer,
  'performance.performanceMetricsAnswer': performance.performanceMetricsAnswer,
  'performance.benchmarkAnswer': performance.benchmarkAnswer,
};

/** A schema's first example. */
const exampleOf = (schema: ZodType) => ((schema.meta()?.examples ?? []) as object[])[0] ?? {};

describe('answer examples', () => {
  it.each(Object.entries(withExamples))(
    '%s: each example is an answer the schema sends as is',
    (_, schema) => {
      const examples = (schema.meta()?.examples ?? []) as unknown[];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(schema.parse(example)).toEqual(example);
    },
  );
});

describe('answer schemas', () => {
  it('tell tokens from the MFA challenge at sign-in', () => {
    const challenge = { mfa_required: true, method: 'sms', challenge: 'SMS_MFA', session: 'sms.x' };
    expect(auth.loginAnswer.parse(challenge)).toEqual(challenge);
    const tokens = { access_token: 'a', token_type: 'bearer', expires_in: 3600, refresh_token: 'r' };
    expect(auth.loginAnswer.parse(tokens)).toEqual(tokens);
  });

  it('send only what they name: a stored key never answers its hash', () => {
    const example = exampleOf(apiKeys.apiKeyAnswer);
    const answered = apiKeys.apiKeyAnswer.parse({
      ...example,
      secret_sha256: 'ab',
      pk: 'APIKEY#1',
    });
    expect(answered).not.toHaveProperty('secret_sha256');
    expect(answered).not.toHaveProperty('pk');
  });

  it('refuse a status the package cannot give', () => {
    const example = exampleOf(operations.systemStatusAnswer);
    expect(operations.systemStatusAnswer.safeParse({ ...example, status: 'ok' }).success).toBe(false);
  });

  it('keep the OpenAPI document open but for its top-level members', () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 't', version: '1', description: 'd' },
      servers: [{ url: '/', description: 'here' }],
      tags: [],
      paths: { '/x': {} },
      webhooks: {},
      components: {},
    };
    expect(operations.openApiAnswer.parse(document)).toEqual(document);
  });
});
