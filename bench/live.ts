/**
 * Live detection at scale (`npm run bench -- --live [--connections 1000] [--messages 3]`): starts
 * the product as `npm start` does (fresh home, its own port, the per-tenant connection limit
 * raised to fit), signs in once, opens that many concurrent WebSocket connections to
 * /ws/detection/live with the token, then every connection sends `--messages` detect messages
 * one after another, all connections at once. Reports handshake and message round-trip
 * (send → `anomaly_result` received) p50/p99/max in ms. Every handler, DynamoDB Local included,
 * runs on this one machine, so the figures bound the local twin, not API Gateway.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';

export interface LiveBenchOptions {
  connections: number;
  /** Handshakes in flight at once while the connections are opened. */
  ramp: number;
  messages: number;
  port: number;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    n: sorted.length,
    p50_ms: round(percentile(sorted, 0.5)),
    p99_ms: round(percentile(sorted, 0.99)),
    max_ms: round(sorted.at(-1) ?? Number.NaN),
  };
}

function open(url: string): Promise<WebSocket> {
  return new Promise((ok, fail) => {
    const socket = new WebSocket(url);
    socket.once('open', () => ok(socket));
    socket.once('unexpected-response', (_req, res) => fail(new Error(`handshake ${res.statusCode}`)));
    socket.once('error', fail);
  });
}

/** Sends one message and resolves with the ms until the next answer. */
function roundTrip(socket: WebSocket, message: string): Promise<number> {
  return new Promise((ok, fail) => {
    const started = performance.now();
    socket.once('message', (data) => {
      const answer = JSON.parse(String(data)) as { type: string };
      if (answer.type !== 'anomaly_result') fail(new Error(`answer ${String(data)}`));
      else ok(performance.now() - started);
    });
    socket.send(message);
  });
}

export async function liveBench({ connections, ramp, messages, port }: LiveBenchOptions): Promise<void> {
  const api = `http://127.0.0.1:${port}`;
  const home = mkdtempSync(join(tmpdir(), 'pynomaly-bench-'));
  const stack = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', 'packages/local/src/main.ts'],
    {
      cwd: resolve(import.meta.dirname, '..'),
      env: {
        ...process.env,
        PYNOMALY_HOME: home,
        PYNOMALY_PORT: String(port),
        LOG_LEVEL: 'ERROR',
        LIVE_CONNECTIONS_PER_TENANT: String(connections + 10),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const sockets: WebSocket[] = [];
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
    const { access_token: token } = (await (
      await fetch(`${api}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'password123' }),
      })
    ).json()) as { access_token: string };
    const url = `ws://127.0.0.1:${port}/ws/detection/live?token=${encodeURIComponent(token)}`;

    // Clients ramp up: `ramp` handshakes in flight at once (all 1,000 at once queue every
    // $connect behind DynamoDB Local past the function's 10 s timeout).
    const handshakes: number[] = [];
    const startedAll = performance.now();
    let started = 0;
    await Promise.all(
      Array.from({ length: ramp }, async () => {
        while (started < connections) {
          started++;
          const t0 = performance.now();
          sockets.push(await open(url));
          handshakes.push(performance.now() - t0);
        }
      }),
    );
    const openSeconds = (performance.now() - startedAll) / 1000;

    const trips: number[] = [];
    const sendStarted = performance.now();
    await Promise.all(
      sockets.map(async (socket, c) => {
        for (let m = 0; m < messages; m++)
          trips.push(
            await roundTrip(
              socket,
              JSON.stringify({ type: 'detect', data: { sample: [20 + (c % 7), 1 + m] } }),
            ),
          );
      }),
    );
    const sendSeconds = (performance.now() - sendStarted) / 1000;
    console.log(
      JSON.stringify(
        {
          connections: sockets.length,
          handshakes_in_flight: ramp,
          messages_per_connection: messages,
          open_all_s: Math.round(openSeconds * 100) / 100,
          handshake: summary(handshakes),
          round_trip: summary(trips),
          messages_per_s: Math.round(trips.length / sendSeconds),
        },
        null,
        2,
      ),
    );
  } finally {
    for (const socket of sockets) socket.terminate();
    stack.kill('SIGTERM');
    await new Promise((r) => stack.once('exit', r));
    rmSync(home, { recursive: true, force: true });
  }
}
