/**
 * Memory of the large-data path (`npx tsx bench/streaming.ts [--rows 100000]`): starts the
 * product as `npm start` does (fresh home, its own port), then presigned upload → complete →
 * detect → CSV export of a generated CSV, and reports the stack process's resident-memory
 * high-water mark (VmHWM) after start-up and after the flow. Every handler runs in that one
 * process locally, so the growth bounds what any one Lambda of the path holds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, port: { type: 'string', default: '19500' } },
});
const rows = Number(values.rows);
const port = Number(values.port);
const api = `http://127.0.0.1:${port}`;
const home = mkdtempSync(join(tmpdir(), 'pynomaly-bench-'));
const root = resolve(import.meta.dirname, '..');
const stack = spawn(
  process.execPath,
  ['--openssl-legacy-provider', '--import', 'tsx', 'packages/local/src/main.ts'],
  {
    cwd: root,
    env: { ...process.env, PYNOMALY_HOME: home, PYNOMALY_PORT: String(port), LOG_LEVEL: 'ERROR' },
    stdio: 'ignore',
  },
);
const highWater = () =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${stack.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

try {
  for (let i = 0; ; i++) {
    if (i > 240) throw new Error('the stack did not start');
    if (
      await fetch(`${api}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const afterStart = highWater();
  const login = (await (
    await fetch(`${api}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'password123' }),
    })
  ).json()) as { access_token: string };
  const auth = { Authorization: `Bearer ${login.access_token}`, 'Content-Type': 'application/json' };
  const lines = ['host,cpu,mem,net'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `web-${i % 50},${30 + (i % 17)},${50 + (i % 13)},${i % 20_000 === 17 ? 90_000 : 1000 + (i % 101)}`,
    );
  const file = Buffer.from(lines.join('\n'));
  const started = performance.now();
  const upload = (await (
    await fetch(`${api}/api/v1/datasets/uploads`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ filename: 'bench.csv', size: file.length, content_type: 'text/csv' }),
    })
  ).json()) as { upload_id: string; url: string };
  await fetch(upload.url, { method: 'PUT', headers: { 'Content-Type': 'text/csv' }, body: file });
  const dataset = (await (
    await fetch(`${api}/api/v1/datasets/uploads/${upload.upload_id}/complete`, {
      method: 'POST',
      headers: auth,
    })
  ).json()) as { id: string; rows: number };
  type Run = { detection_id: string; anomaly_count: number; status: string; error_message?: string };
  const call = async (path: string, body?: unknown) =>
    (await (
      await fetch(
        `${api}${path}`,
        body ? { method: 'POST', headers: auth, body: JSON.stringify(body) } : { headers: auth },
      )
    ).json()) as Run;
  // Over the synchronous cap the run is queued: poll its result.
  let detection = await call('/api/v1/detection/detect', { dataset_id: dataset.id, async: rows > 200_000 });
  while (detection.status === 'running') {
    await new Promise((r) => setTimeout(r, 500));
    detection = await call(`/api/v1/detection/results/${detection.detection_id}`);
  }
  const exported = await (
    await fetch(`${api}/api/v1/export/csv`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ detection_id: detection.detection_id }),
    })
  ).arrayBuffer();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      rows: dataset.rows,
      file_mb: Math.round((file.length / 1048576) * 10) / 10,
      status: detection.status,
      anomalies: detection.anomaly_count,
      export_kb: Math.round(exported.byteLength / 1024),
      seconds: Math.round(seconds * 10) / 10,
      stack_rss_after_start_mb: Math.round(afterStart),
      stack_rss_peak_mb: Math.round(highWater()),
    }),
  );
} finally {
  stack.kill('SIGTERM');
  await new Promise((r) => stack.once('exit', r));
  rmSync(home, { recursive: true, force: true });
}
