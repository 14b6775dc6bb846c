/**
 * Throughput of a large upload's conversion, the bound of what the complete route converts
 * within the request (SYNC_COMPLETE_BYTES, packages/platform/src/large-uploads.ts):
 *
 *   npx tsx bench/complete-upload.ts                          # in process, in-memory stores
 *   npx tsx bench/complete-upload.ts --api http://127.0.0.1:8000 --rows 700000
 *                                                             # a running stack: PUT, then time complete
 *
 * In process it measures the conversion alone (parse, statistics, NDJSON) on narrow numeric
 * rows (the most rows, so the most work, per byte) and on wide mixed ones; against a stack it
 * times the whole complete request, S3 and DynamoDB included, for files under the bound.
 */
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { completeLargeUpload } from '@pynomaly/platform';
import type { PendingUpload } from '@pynomaly/store';

const { values } = parseArgs({ options: { api: { type: 'string' }, rows: { type: 'string' } } });

let state = 7;
const random = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
};

/** Narrow: host and three numbers (about 23 bytes a row). Wide: ten mixed columns (about 85). */
function csv(rows: number, wide: boolean): Buffer {
  const lines = [wide ? 'ts,host,user,cpu,mem,net,disk,latency,status,note' : 'host,cpu,mem,net'];
  for (let i = 0; i < rows; i++) {
    const minute = String(i % 60).padStart(2, '0');
    lines.push(
      wide
        ? `2024-01-01T00:${minute}:00Z,web-${i % 50},user${i % 300},${(random() * 100).toFixed(2)},${(random() * 100).toFixed(2)},${Math.round(random() * 1e5)},${(random() * 1e3).toFixed(1)},${(random() * 500).toFixed(3)},${i % 7 ? 'ok' : 'warn'},request served`
        : `web-${i % 50},${(30 + random() * 17).toFixed(2)},${(50 + random() * 13).toFixed(2)},${Math.round(1000 + random() * 101)}`,
    );
  }
  return Buffer.from(lines.join('\n'));
}

const mb = (bytes: number) => bytes / 1048576;
const round = (v: number) => Math.round(v * 100) / 100;

/** The conversion alone: the file from memory, the NDJSON into memory, no table. */
async function inProcess(wide: boolean, rows: number) {
  const file = csv(rows, wide);
  const upload: PendingUpload = {
    upload_id: 'bench',
    key: 'uploads/bench',
    filename: 'bench.csv',
    content_type: 'text/csv',
    size: file.length,
    name: 'bench',
    description: null,
    separator: null,
    has_header: true,
    status: 'waiting',
    dataset_id: null,
    error_message: null,
    created_at: '',
    updated_at: '',
  };
  const chunks = Array.from({ length: Math.ceil(file.length / 65536) }, (_, i) =>
    file.subarray(i * 65536, (i + 1) * 65536),
  );
  const deps = {
    uploads: { get: async () => upload, transition: async () => true },
    datasets: { put: async () => undefined },
    detections: {},
    settings: { autonomous: async () => ({ enabled: false }) },
    blobs: {
      head: async () => ({ size: file.length }),
      getStream: async () => Readable.from(chunks),
      putStream: async (_key: string, body: Readable) => {
        for await (const _ of body);
      },
      deleteKeys: async () => undefined,
    },
  } as never;
  const started = performance.now();
  const outcome = await completeLargeUpload({ tenantId: 't', userId: 'u' } as never, 'bench', deps);
  const seconds = (performance.now() - started) / 1000;
  if (outcome.queued) throw new Error('queued: the file is over the synchronous bound');
  return {
    wide,
    rows,
    mb: round(mb(file.length)),
    seconds: round(seconds),
    mb_per_s: round(mb(file.length) / seconds),
  };
}

/** The complete request against a running stack, for a narrow file of `rows` rows. */
async function throughStack(api: string, rows: number) {
  const login = (await (
    await fetch(`${api}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        username: 'admin',
        password: process.env.PYNOMALY_ADMIN_PASSWORD ?? 'password123',
      }),
    })
  ).json()) as { access_token: string };
  const auth = { Authorization: `Bearer ${login.access_token}`, 'Content-Type': 'application/json' };
  const file = csv(rows, false);
  const upload = (await (
    await fetch(`${api}/api/v1/datasets/uploads`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ filename: 'bench.csv', size: file.length, content_type: 'text/csv' }),
    })
  ).json()) as { upload_id: string; url: string };
  await fetch(upload.url, { method: 'PUT', headers: { 'Content-Type': 'text/csv' }, body: file });
  const started = performance.now();
  const done = await fetch(`${api}/api/v1/datasets/uploads/${upload.upload_id}/complete`, {
    method: 'POST',
    headers: auth,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    status: done.status,
    rows,
    mb: round(mb(file.length)),
    seconds: round(seconds),
    mb_per_s: round(mb(file.length) / seconds),
  };
}

if (values.api) {
  console.log(JSON.stringify(await throughStack(values.api, Number(values.rows ?? 700_000))));
} else {
  for (const [wide, rows] of [
    [false, 300_000],
    [false, 700_000],
    [true, 100_000],
    [true, 190_000],
  ] as const)
    console.log(JSON.stringify(await inProcess(wide, rows)));
}
