import { readFileSync } from 'node:fs';
import type { Cell, Matrix } from '../packages/detection/src/index';
import { Random } from '../packages/detection/src/random';

/** A benchmark set: features as a row-major matrix and 0/1 labels (1 = anomaly). */
export interface Labelled {
  x: Matrix;
  y: Uint8Array;
}

/**
 * Reads an ADBench CSV: no header, numbers, label in the last column. An empty cell is a
 * missing value (NaN, which the registry's detectors treat as such), not the 0 that
 * `Number('')` would make of it.
 */
export function readLabelledCsv(path: string): Labelled {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const d = lines[0]!.split(',').length - 1;
  const n = lines.length;
  const data = new Float64Array(n * d);
  const y = new Uint8Array(n);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    for (let j = 0; j < d; j++) {
      const cell = cells[j]?.trim() ?? '';
      data[i * d + j] = cell === '' ? Number.NaN : Number(cell);
    }
    y[i] = Number(cells[d]) === 1 ? 1 : 0;
  });
  return { x: { data, n, d }, y };
}

/**
 * The README's scaling set: N(0, I_d) with 1 % of rows replaced by uniform outliers in
 * [-6, 6]^d (labelled 1), seeded so every run times the same data.
 */
export function synthetic(n: number, d: number, seed: number): Labelled {
  const rng = new Random(seed);
  const data = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const outlier = rng.nextFloat() < 0.01;
    y[i] = outlier ? 1 : 0;
    for (let j = 0; j < d; j++) {
      if (outlier) {
        data[i * d + j] = -6 + 12 * rng.nextFloat();
      } else {
        const u = 1 - rng.nextFloat();
        data[i * d + j] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
      }
    }
  }
  return { x: { data, n, d }, y };
}

/**
 * A mixed security-log sheet for timing `analyzeTable`: n rows × 10 columns (identifier,
 * timestamp, heavy-tailed bytes, IP, three categoricals, a float, user-agent text, boolean).
 */
export function accessSheet(n: number, seed: number): { headers: string[]; rows: Cell[][] } {
  const rng = new Random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.nextInt(xs.length)]!;
  const pad = (x: number) => String(x).padStart(2, '0');
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const minute = 8 * 60 + rng.nextInt(600);
    rows.push([
      `u${rng.nextInt(5000)}@example.com`,
      `2025-11-${pad(1 + rng.nextInt(28))} ${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:${pad(rng.nextInt(60))}`,
      Math.round(Math.exp(5 + 3 * rng.nextFloat())),
      `10.${rng.nextInt(4)}.${rng.nextInt(256)}.${rng.nextInt(256)}`,
      pick(['SG', 'MY', 'ID']),
      pick(['get', 'put', 'delete']),
      pick([200, 200, 200, 404, 500]),
      100 * rng.nextFloat(),
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${'x'.repeat(rng.nextInt(20))}`,
      rng.nextFloat() < 0.9,
    ]);
  }
  const headers = [
    'user',
    'timestamp',
    'bytes',
    'source_ip',
    'country',
    'action',
    'status',
    'latency_ms',
    'agent',
    'ok',
  ];
  return { headers, rows };
}

/** An sshd-style auth log as exported to a sheet: month, day, time, host, pid, message. */
export function textLog(n: number, seed: number): { headers: string[]; rows: Cell[][] } {
  const rng = new Random(seed);
  const pad = (x: number) => String(x).padStart(2, '0');
  const ip = () => `${1 + rng.nextInt(223)}.${rng.nextInt(256)}.${rng.nextInt(256)}.${rng.nextInt(256)}`;
  const users = ['alice', 'bob', 'carol', 'deploy', 'root', 'admin', 'oracle', 'test'];
  const messages = [
    () =>
      `Accepted publickey for ${users[rng.nextInt(4)]} from 10.0.${rng.nextInt(4)}.${rng.nextInt(256)} port ${1024 + rng.nextInt(60000)} ssh2`,
    () => `pam_unix(sshd:session): session opened for user ${users[rng.nextInt(4)]} by (uid=0)`,
    () => `Received disconnect from ${ip()}: 11: disconnected by user`,
    () =>
      `Failed password for ${users[rng.nextInt(users.length)]} from ${ip()} port ${1024 + rng.nextInt(60000)} ssh2`,
    () => `Invalid user ${users[4 + rng.nextInt(4)]} from ${ip()}`,
    () => `Connection closed by ${ip()} [preauth]`,
  ];
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const second = Math.floor((i * 86_400 * 7) / n);
    const day = 1 + Math.floor(second / 86_400);
    const clock = second % 86_400;
    rows.push([
      'Dec',
      day,
      `${pad(Math.floor(clock / 3600))}:${pad(Math.floor(clock / 60) % 60)}:${pad(clock % 60)}`,
      'host1',
      10_000 + rng.nextInt(50_000),
      messages[rng.nextInt(messages.length)]!(),
    ]);
  }
  return { headers: ['Month', 'Day', 'Time', 'Component', 'Pid', 'Content'], rows };
}
