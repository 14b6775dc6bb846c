import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { apiUrl, authed, login, loginAdmin } from '../support/client';
import { totp } from '../support/totp';

const run = promisify(execFile);

/** One curl example of the developer guide (seed 000), as written but for its placeholders. */
async function curl(
  example: string,
  values: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let command = example.replaceAll('http://localhost:8000', apiUrl());
  for (const [placeholder, value] of Object.entries(values)) command = command.replaceAll(placeholder, value);
  const { stdout } = await run('bash', ['-c', `${command} -s -w '\\n%{http_code}'`]);
  const lines = stdout.trim().split('\n');
  const status = Number(lines.pop());
  return { status, body: JSON.parse(lines.join('\n') || '{}') as Record<string, unknown> };
}

describe('seed 000 developer guide examples', () => {
  it('logs in with JWT and calls the API with the token', async () => {
    const loginResult = await curl(
      `curl -X POST http://localhost:8000/api/v1/auth/login \\
  -H "Content-Type: application/json" \\
  -d '{"username": "your_username", "password": "your_password"}'`,
      { your_username: 'admin', your_password: 'password123' },
    );
    expect(loginResult.status).toBe(200);
    const token = String(loginResult.body.access_token);
    const health = await curl(
      `curl -X GET http://localhost:8000/api/v1/health \\
  -H "Authorization: Bearer YOUR_JWT_TOKEN"`,
      { YOUR_JWT_TOKEN: token },
    );
    expect(health).toMatchObject({ status: 200, body: { status: 'healthy' } });
  });

  it("creates an API key (refusing the example's date, already past) and uses it", async () => {
    // API keys are administration: an administrator signed in with a second factor.
    const token = await loginAdmin();
    const create = `curl -X POST http://localhost:8000/api/v1/api-keys \\
  -H "Authorization: Bearer YOUR_JWT_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{
    "name": "My API Key",
    "scopes": ["detection:read", "detection:write"],
    "expires_at": "2024-12-31T23:59:59Z"
  }'`;
    const past = await curl(create, { YOUR_JWT_TOKEN: token });
    expect(past.status).toBe(400);
    expect(past.body.detail).toBe('expires_at must be in the future');
    const created = await curl(create, {
      YOUR_JWT_TOKEN: token,
      '2024-12-31T23:59:59Z': `${new Date().getUTCFullYear() + 1}-12-31T23:59:59Z`,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'My API Key',
      scopes: ['detection:read', 'detection:write'],
      status: 'active',
    });
    const used = await curl(
      `curl -X GET http://localhost:8000/api/v1/health \\
  -H "X-API-Key: YOUR_API_KEY"`,
      { YOUR_API_KEY: String(created.body.key) },
    );
    expect(used.status).toBe(200);
  });

  it("sets up TOTP and SMS MFA with the guide's requests", async () => {
    const admin = authed(await loginAdmin());
    await admin('/api/v1/admin/users', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'guide-reader', password: 'Guide-reader-1', role: 'analyst' }),
    });
    const token = await login('guide-reader', 'Guide-reader-1');
    const setup = await curl(
      `curl -X POST http://localhost:8000/api/v1/mfa/totp/setup \\
  -H "Authorization: Bearer YOUR_JWT_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{
    "app_name": "Pynomaly",
    "issuer": "Pynomaly Security"
  }'`,
      { YOUR_JWT_TOKEN: token },
    );
    expect(setup.status).toBe(200);
    expect(String(setup.body.otpauth_uri)).toContain('issuer=Pynomaly%20Security');
    const verify = await curl(
      `curl -X POST http://localhost:8000/api/v1/mfa/totp/verify \\
  -H "Authorization: Bearer YOUR_JWT_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"totp_code": "123456"}'`,
      { YOUR_JWT_TOKEN: token, '123456': totp(String(setup.body.secret)) },
    );
    expect(verify).toMatchObject({ status: 200, body: { enabled: true } });

    const sms = await curl(
      `curl -X POST http://localhost:8000/api/v1/mfa/sms/setup \\
  -H "Authorization: Bearer YOUR_JWT_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"phone_number": "+1234567890"}'`,
      { YOUR_JWT_TOKEN: token },
    );
    expect(sms.status).toBe(200);
    const texts = readFileSync(inject('local').sms_outbox, 'utf8').trim().split('\n');
    const code = /(\d{6})/.exec(JSON.parse(texts.at(-1) ?? '{}').message ?? '')?.[1] ?? '';
    const smsVerify = await curl(
      `curl -X POST http://localhost:8000/api/v1/mfa/sms/verify \\
  -H "Authorization: Bearer YOUR_JWT_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"sms_code": "123456"}'`,
      { YOUR_JWT_TOKEN: token, '123456': code },
    );
    expect(smsVerify.status).toBe(200);
  });
});
