import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LocalDescription } from '../../packages/local/src/stack';
import { enrolSuiteAdmin, type SuiteAdmin } from './accounts';

/**
 * Starts the product the way a user does (`npm start`'s entry point) in a fresh home on its
 * own ports, and hands the tests the contents of its local.json.
 */
const PORT = Number(process.env.PYNOMALY_TEST_PORT ?? 18000);
/**
 * The suite uploads far more than the 10 files an hour a tenant gets by default, mostly as the
 * one admin, so its stack is configured with a larger quota; the quota test spends it all.
 */
const UPLOAD_QUOTA = 60;
/** Browser origins the suite's stack allows (two, so both CORS rules for several apply). */
const CORS_ORIGINS = ['https://app.example.com', 'https://admin.example.com'];
/**
 * Loopback webhook receivers the suite's stack may deliver to (test/integration/webhooks.test.ts
 * listens on the first three, product-events.test.ts on the fourth), on ports beside the stack's
 * own; every other loopback address stays refused.
 */
/** Cells (rows × features) of a stored dataset above which the suite's stack detects in shards. */
const SHARDED_DETECTION_CELLS = 450_000;
const WEBHOOK_RECEIVER_PORTS = [PORT + 950, PORT + 951, PORT + 952, PORT + 953];

declare module 'vitest' {
  export interface ProvidedContext {
    local: LocalDescription;
    localHome: string;
    /** The administrator the suite administers with: TOTP enrolled, signs in with a code. */
    suiteAdmin: SuiteAdmin;
    uploadQuota: number;
    corsOrigins: string[];
    webhookReceiverPorts: number[];
  }
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`local stack exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`local stack not healthy after ${timeoutMs} ms`);
}

export default async function setup(project: TestProject) {
  const home = mkdtempSync(join(tmpdir(), 'pynomaly-test-'));
  const root = resolve(import.meta.dirname, '../..');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', 'packages/local/src/main.ts'],
    {
      cwd: root,
      env: {
        // No model, whatever the developer's shell has: the suite tests the rules engine and never
        // calls a real Bedrock (the model path is tested with a mocked client).
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TRIAGE_'))),
        PYNOMALY_HOME: home,
        PYNOMALY_PORT: String(PORT),
        UPLOADS_PER_TENANT_PER_HOUR: String(UPLOAD_QUOTA),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'ERROR',
        PYNOMALY_CORS_ORIGINS: CORS_ORIGINS.join(','),
        PYNOMALY_WEBHOOK_ALLOWLIST: WEBHOOK_RECEIVER_PORTS.map((port) => `127.0.0.1:${port}`).join(','),
        // Retries after 1, 2 and 1 seconds instead of hours: the failing-receiver test sees four
        // attempts on the webhook state machine's schedule, the delivery fail and its endpoint disabled.
        WEBHOOK_RETRY_SCHEDULE: '1,2,1',
        WEBHOOK_DISABLE_AFTER_FAILURES: '4',
        // Detection in shards from 450,000 cells, just above the largest dataset another test
        // detects in one request (100,000 × 4), in shards of 10,000 rows of 10 features fitted
        // on 20,000 sampled rows (test/integration/sharded-detection.test.ts).
        SHARDED_DETECTION_CELLS: String(SHARDED_DETECTION_CELLS),
        DETECTION_SHARD_CELLS: '100000',
        DETECTION_SAMPLE_ROWS: '20000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitForHealth(`http://127.0.0.1:${PORT}`, child, 120_000);
  const local = JSON.parse(readFileSync(join(home, 'local.json'), 'utf8')) as LocalDescription;
  project.provide('local', local);
  // Administration needs a sign-in with a second factor; the seeded `admin` stays password-only.
  try {
    project.provide('suiteAdmin', await enrolSuiteAdmin(local));
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  project.provide('localHome', home);
  project.provide('uploadQuota', UPLOAD_QUOTA);
  project.provide('corsOrigins', CORS_ORIGINS);
  project.provide('webhookReceiverPorts', WEBHOOK_RECEIVER_PORTS);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(home, { recursive: true, force: true });
  };
}
