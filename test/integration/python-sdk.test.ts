import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUser } from '../support/aws';
import { apiUrl, newAdmin } from '../support/client';

const root = resolve(import.meta.dirname, '../..');

/** Runs a command to its end: exit code and everything it printed. */
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<{ code: number | null; output: string }>((done, fail) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/**
 * The Python SDK (clients/python, issue #13) against the local stack: its pytest suite, the
 * unit tests and the live ones, which run the seed guides' SDK examples (seed 001's namespaces,
 * seed 002's methods, AsyncClient and typed errors) as an analyst and with an API key.
 */
describe('Python SDK (clients/python)', () => {
  it('passes its pytest suite against the local stack', async () => {
    const suffix = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const analyst = { username: `py-sdk-${suffix}`, password: 'Py-Sdk-Password-1' };
    await createUser(analyst.username, analyst.password, 'analyst');

    // API keys are made by an administrator signed in with a second factor: one of its own
    // (its own tenant), so the key's datasets stay out of the suite administrator's.
    const admin = await newAdmin(`py-sdk-admin-${suffix}`, 'Py-Sdk-Admin-Password-1');
    const created = await fetch(`${apiUrl()}/api/v1/api-keys`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'python-sdk',
        scopes: ['datasets:read', 'datasets:write', 'detection:read', 'detection:write'],
      }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };

    const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, '127.0.0.1', 'localhost']
      .filter(Boolean)
      .join(',');
    const { code, output } = await runCommand(
      'python3',
      ['-m', 'pytest', 'clients/python/tests', '-q', '-p', 'no:cacheprovider', '-rs'],
      {
        ...process.env,
        PYTHONPATH: 'clients/python',
        PYTHONDONTWRITEBYTECODE: '1',
        PYNOMALY_API_URL: apiUrl(),
        PYNOMALY_USERNAME: analyst.username,
        PYNOMALY_PASSWORD: analyst.password,
        PYNOMALY_API_KEY: key,
        // urllib honours proxy variables: the stack is on loopback, never behind one.
        NO_PROXY: noProxy,
        no_proxy: noProxy,
      },
      150_000,
    );
    if (code !== 0) console.error(output);
    expect(code, output).toBe(0);
    // Every live test ran: nothing skipped for want of the stack or the key.
    expect(output).not.toMatch(/skipped/);
  }, 180_000);
});
