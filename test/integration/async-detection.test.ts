import { describe, expect, it } from 'vitest';
import { authed, login } from '../support/client';

type Json = Record<string, unknown>;
const jsonBody = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

async function poll(call: ReturnType<typeof authed>, url: string): Promise<Json> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const result = (await (await call(url)).json()) as Json;
    if (result.status !== 'running') return result;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the run did not finish');
}

describe('detections queued on the detection state machine', () => {
  it('answers 202 and a result to poll, which completes with the anomalies', async () => {
    const call = authed(await login());
    let state = 3;
    const noise = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    const rows = Array.from({ length: 2000 }, (_, i) =>
      i === 1234 ? [9, 9, 9] : [noise(), noise(), noise()],
    );
    const dataset = (await (
      await call('/api/v1/datasets', jsonBody({ name: 'queued', data: rows, features: ['a', 'b', 'c'] }))
    ).json()) as Json;
    const queued = await call(
      '/api/v1/detection/detect',
      jsonBody({ dataset_id: dataset.dataset_id, algorithm: 'isolation_forest', async: true }),
    );
    expect(queued.status).toBe(202);
    const body = (await queued.json()) as Json;
    expect(body).toMatchObject({
      status: 'running',
      result_url: `/api/v1/detection/results/${body.detection_id}`,
    });
    const done = (await poll(call, String(body.result_url))) as Json & { anomalies: Json[] };
    expect(done.status).toBe('completed');
    expect(done.anomalies.map((a) => a.index)).toContain(1234);

    expect(
      (
        await call(
          '/api/v1/detection/detect',
          jsonBody({ dataset_id: dataset.dataset_id, algorithm: 'magic', async: true }),
        )
      ).status,
    ).toBe(400);
    const text = (await (
      await call(
        '/api/v1/datasets',
        jsonBody({ name: 'words', data: [['a'], ['b'], ['c']], features: ['w'] }),
      )
    ).json()) as Json;
    const failing = (await (
      await call('/api/v1/detection/detect', jsonBody({ dataset_id: text.dataset_id, async: true }))
    ).json()) as Json;
    const failed = await poll(call, String(failing.result_url));
    expect(failed).toMatchObject({ status: 'failed', error_message: 'No numeric feature to detect on' });
  });
});
