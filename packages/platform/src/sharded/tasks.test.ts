import { Readable } from 'node:stream';
import type { DetectionRecord, TabularDatasetRecord } from '@pynomaly/store';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueuedDetection } from '../async-detection';
import { prepareShards } from './prepare';
import { mergeShards, scoreShard } from './shards';

/** The bucket in memory: the calls the tasks make. */
class MemoryBlobs {
  readonly bucket = 'memory';
  readonly objects = new Map<string, Buffer>();
  async put(key: string, body: Buffer | string) {
    this.objects.set(key, Buffer.from(body));
  }
  async getText(key: string) {
    const body = this.objects.get(key);
    if (!body) throw new Error(`no ${key}`);
    return body.toString('utf8');
  }
  async getStream(key: string) {
    // Small chunks, so lines cross chunk boundaries as they do in S3's stream.
    const body = this.objects.get(key) ?? Buffer.alloc(0);
    return Readable.from(
      Array.from({ length: Math.ceil(body.length / 1000) }, (_, i) =>
        body.subarray(i * 1000, (i + 1) * 1000),
      ),
    );
  }
  async deletePrefix(prefix: string) {
    for (const key of [...this.objects.keys()]) if (key.startsWith(prefix)) this.objects.delete(key);
  }
  async deleteKeys(keys: string[]) {
    for (const key of keys) this.objects.delete(key);
  }
}

/** The run's record, with the store's conditional writes and set of shards scored. */
class MemoryDetections {
  record: DetectionRecord;
  scored = new Set<number>();
  total = 0;
  constructor(record: DetectionRecord) {
    this.record = record;
  }
  async get() {
    return {
      ...this.record,
      ...(this.total ? { progress: { shards_done: this.scored.size, shards_total: this.total } } : {}),
    };
  }
  async startShards(_t: string, _id: string, total: number) {
    this.total = total;
    return true;
  }
  async markShardScored(_t: string, _id: string, shard: number) {
    this.scored.add(shard);
  }
  async putFinished(record: DetectionRecord) {
    if (this.record.status !== 'running') return false;
    this.record = record;
    return true;
  }
}

const ROWS = 5000;
/** 1 % of rows far out: enough that the 1,000-row sample holds some and its range covers them. */
const PLANTED = Array.from({ length: ROWS / 100 }, (_, k) => k * 100 + 42);
let runs = 0;
const env = { ...process.env };
afterEach(() => {
  process.env = { ...env };
});

function setup(preprocessing?: QueuedDetection['request']['preprocessing']) {
  // A run of its own: ScoreShard keeps the last model it loaded, by key.
  const id = `det_${++runs}`;
  process.env.DETECTION_SHARD_CELLS = '3000';
  process.env.DETECTION_SAMPLE_ROWS = '1000';
  let state = 5;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.round((state / 2 ** 32) * 1000) / 1000;
  };
  const rows = Array.from({ length: ROWS }, (_, i) =>
    PLANTED.includes(i) ? [9, 9, 'x'] : [noise(), i % 10 === 3 ? null : noise(), 'x'],
  );
  const blobs = new MemoryBlobs();
  blobs.objects.set(
    'tables/t/d/rows.ndjson',
    Buffer.from(`${rows.map((r) => JSON.stringify(r)).join('\n')}\n`),
  );
  const dataset = {
    id: 'd',
    feature_names: ['a', 'b', 'label'],
    size: ROWS,
    s3_key: 'tables/t/d/rows.ndjson',
  } as TabularDatasetRecord;
  const now = new Date().toISOString();
  const detections = new MemoryDetections({
    id,
    tenant_id: 't',
    user_id: 'u',
    dataset_id: 'd',
    algorithm: 'isolation_forest',
    parameters: {},
    status: 'running',
    n_samples: ROWS,
    anomaly_count: 0,
    anomaly_rate: 0,
    threshold: 0,
    expected_false_positives: 0,
    processing_time: 0,
    results_key: `detections/t/${id}.json`,
    batch_id: null,
    created_at: now,
    completed_at: now,
  });
  const announced: unknown[] = [];
  const deps = {
    blobs: blobs as never,
    detections: detections as never,
    datasets: { get: async () => dataset } as never,
    events: { publish: async (_: unknown, detail: unknown) => void announced.push(detail) },
  };
  const input: QueuedDetection = {
    tenant_id: 't',
    user_id: 'u',
    detection_id: id,
    request: {
      dataset_id: 'd',
      algorithm: 'isolation_forest',
      parameters: { contamination: 0.01 },
      preprocessing,
    },
    sharded: true,
  };
  return { blobs, detections, deps, input, announced, id };
}

describe('the sharded tasks', () => {
  it('split, score every shard once however often retried, and merge into the run', async () => {
    const { blobs, detections, deps, input, announced, id } = setup();
    const plan = await prepareShards(input, deps);
    // 3,000 cells of 3 columns: shards of 1,000 rows; the sample is 1,000 rows.
    expect(plan).toMatchObject({ bucket: 'memory', count: 5, sample_rows: 1000 });
    const manifest = JSON.parse(await blobs.getText(plan.manifest_key)) as Array<{
      shard: number;
      offset: number;
      rows: number;
    }>;
    expect(manifest.map((s) => [s.offset, s.rows])).toEqual([0, 1, 2, 3, 4].map((i) => [i * 1000, 1000]));
    expect((await detections.get()).progress).toEqual({ shards_done: 0, shards_total: 5 });

    for (const shard of [...manifest, manifest[2]!]) {
      expect(
        await scoreShard(
          {
            tenant_id: 't',
            detection_id: id,
            model_key: plan.model_key,
            shard: {
              ...shard,
              key: `${plan.manifest_key.replace('manifest.json', 'rows/')}${String(shard.shard).padStart(5, '0')}.ndjson`,
            },
          },
          deps,
        ),
      ).toEqual({ shard: shard.shard });
    }
    expect((await detections.get()).progress).toEqual({ shards_done: 5, shards_total: 5 });

    const merged = await mergeShards({ ...input, shards: plan }, deps);
    const run = detections.record;
    expect(run).toMatchObject({
      status: 'completed',
      n_samples: ROWS,
      progress: { shards_done: 5, shards_total: 5 },
    });
    expect(merged.anomaly_count).toBe(run.anomaly_count);
    // 1 % of 5,000 rows, within the rows of one histogram bin.
    expect(Math.abs(run.anomaly_count - 50)).toBeLessThanOrEqual(3);
    const result = JSON.parse(await blobs.getText(run.results_key)) as {
      features: string[];
      ignored_features: string[];
      anomalies: Array<{ index: number; score: number; features: Record<string, unknown> }>;
      sharded: { score_shards: Array<{ key: string; offset: number; rows: number }> };
    };
    expect(result.features).toEqual(['a', 'b']);
    expect(result.ignored_features).toEqual(['label']);
    expect(result.anomalies).toHaveLength(run.anomaly_count);
    const top = result.anomalies.slice(0, PLANTED.length).map((a) => a.index);
    expect(top.filter((i) => PLANTED.includes(i)).length).toBeGreaterThanOrEqual(PLANTED.length - 2);
    expect(result.anomalies[0]?.features).toEqual({ a: 9, b: 9, label: 'x' });
    expect(result.anomalies.every((a) => a.score >= run.threshold)).toBe(true);
    // The scores, shard by shard: one float32 a row.
    expect(result.sharded.score_shards.map((s) => blobs.objects.get(s.key)?.length)).toEqual(
      manifest.map(() => 4000),
    );
    // The working objects are gone; the run is announced once, and a retried merge changes nothing.
    expect([...blobs.objects.keys()].some((k) => k.includes('/work/'))).toBe(false);
    await mergeShards({ ...input, shards: plan }, deps);
    expect(announced).toHaveLength(1);
  });

  it("leaves dropped rows out of the count and NaN in the scores with handle_missing 'drop'", async () => {
    const { blobs, detections, deps, input, id } = setup({ handle_missing: 'drop' });
    const plan = await prepareShards(input, deps);
    const manifest = JSON.parse(await blobs.getText(plan.manifest_key)) as Array<{
      shard: number;
      key: string;
      offset: number;
      rows: number;
    }>;
    for (const shard of manifest)
      await scoreShard({ tenant_id: 't', detection_id: id, model_key: plan.model_key, shard }, deps);
    await mergeShards({ ...input, shards: plan }, deps);
    expect(detections.record.n_samples).toBe(ROWS - ROWS / 10);
    const scores = blobs.objects.get(`detections/t/${id}/scores/00000.f32`)!;
    const first = new Float32Array(scores.buffer, scores.byteOffset, 1000);
    expect(Number.isNaN(first[3]!)).toBe(true);
    expect(Number.isNaN(first[4]!)).toBe(false);
  });
});
