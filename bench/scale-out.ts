/**
 * The sharded detection end to end on one machine (docs/adr/0013): `npx tsx bench/scale-out.ts
 * [--rows 10000000] [--features 10] [--workers 2]`.
 *
 * A stored dataset of `rows` × `features` (bench/data.ts `synthetic`'s distribution: N(0, I)
 * with 1 % uniform outliers in [-6, 6], labelled) is written as the product stores one (NDJSON),
 * then detected by the product's own task functions — PrepareShards, ScoreShard per shard,
 * MergeShards — each in a child process of its own, as each would be a Lambda: its wall time and
 * peak RSS are its own. Shards are scored `workers` at a time (the Distributed Map's
 * MaxConcurrency; this machine has 2 cores). The bucket is a directory and the table a file:
 * the emulators' own costs (s3rver's, DynamoDB Local's) are not what this measures. With
 * `--single`, the same data is also detected by one function, for comparison.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { auc } from '../packages/detection/src/index';
import { Random } from '../packages/detection/src/random';
import type { QueuedDetection } from '../packages/platform/src/async-detection';
import { detect, mergeShards, type ShardTask, scoreShard } from '../packages/platform/src/index';
import { prepareShards, type ShardPlan } from '../packages/platform/src/sharded/prepare';
import type { DetectionRecord, TabularDatasetRecord } from '../packages/store/src/index';

const ROOT = resolve(process.env.SCALE_OUT_DIR ?? '/tmp/pynomaly-scale-out');
const TENANT = 'bench';
const DATASET = 'scale';
const RUN = 'det_scale';
const ROWS_KEY = `tables/${TENANT}/${DATASET}/rows.ndjson`;

/** The data bucket as a directory: the BlobStore calls the sharded tasks make. */
class DirectoryBlobs {
  readonly bucket = 'bench';
  private path(key: string) {
    return join(ROOT, 'bucket', key);
  }
  async put(key: string, body: Buffer | string) {
    mkdirSync(dirname(this.path(key)), { recursive: true });
    await writeFile(this.path(key), body);
  }
  async getText(key: string) {
    return readFile(this.path(key), 'utf8');
  }
  async getStream(key: string): Promise<Readable> {
    return createReadStream(this.path(key));
  }
  async deleteKeys(keys: string[]) {
    await Promise.all(keys.map((k) => rm(this.path(k), { force: true })));
  }
  async deletePrefix(prefix: string) {
    await rm(this.path(prefix), { recursive: true, force: true });
  }
}

/** The run's record, in a file the stages share (progress is counted by the driver). */
const recordFile = join(ROOT, 'record.json');
const detections = {
  get: async () => JSON.parse(readFileSync(recordFile, 'utf8')) as DetectionRecord,
  startShards: async () => true,
  markShardScored: async () => undefined,
  putFinished: async (record: DetectionRecord) => {
    writeFileSync(recordFile, JSON.stringify(record));
    return true;
  },
};

function datasetRecord(rows: number, features: number): TabularDatasetRecord {
  const now = new Date().toISOString();
  const feature_names = Array.from({ length: features }, (_, j) => `f${j}`);
  return {
    id: DATASET,
    tenant_id: TENANT,
    user_id: TENANT,
    name: 'scale-out',
    description: null,
    feature_names,
    size: rows,
    metadata: {},
    statistics: { mean: feature_names.map(() => 0), std: feature_names.map(() => 1) },
    s3_key: ROWS_KEY,
    source: 'upload',
    created_at: now,
    updated_at: now,
  };
}

const queued = (): QueuedDetection => ({
  tenant_id: TENANT,
  user_id: TENANT,
  detection_id: RUN,
  request: { dataset_id: DATASET, algorithm: 'isolation_forest', parameters: { contamination: 0.01 } },
  sharded: true,
});

/** Writes the dataset as NDJSON, rows of 4-decimal numbers; the labels go to `labels.bin`. */
async function writeDataset(rows: number, features: number): Promise<void> {
  const path = join(ROOT, 'bucket', ROWS_KEY);
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const labels = new Uint8Array(rows);
  const rng = new Random(0);
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    const outlier = rng.nextFloat() < 0.01;
    labels[i] = outlier ? 1 : 0;
    const row = new Array<number>(features);
    for (let j = 0; j < features; j++) {
      if (outlier) row[j] = round(-6 + 12 * rng.nextFloat());
      else {
        const u = 1 - rng.nextFloat();
        row[j] = round(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat()));
      }
    }
    chunk.push(JSON.stringify(row));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  out.end(chunk.length ? `${chunk.join('\n')}\n` : '');
  await new Promise<void>((r) => out.once('finish', () => r()));
  writeFileSync(join(ROOT, 'labels.bin'), labels);
}

interface StageResult {
  stage: string;
  seconds: number;
  peak_rss_mb: number;
  output: unknown;
}

/** One task in this process (the child's side): runs it and prints its time and peak RSS. */
async function runStage(stage: string, argument: string): Promise<void> {
  const started = performance.now();
  const blobs = new DirectoryBlobs() as never;
  const datasets = { get: async () => JSON.parse(readFileSync(join(ROOT, 'dataset.json'), 'utf8')) };
  const deps = { blobs, detections: detections as never, datasets: datasets as never };
  let output: unknown;
  if (stage === 'single') {
    // The same detection in one function, as the detection task runs it below the threshold.
    const single = { ...detections, putFinished: async () => true };
    const events = { publish: async () => undefined };
    const { record } = await detect(
      {
        tenantId: TENANT,
        userId: TENANT,
        username: TENANT,
        role: 'analyst',
        scopes: [],
        tier: 'user',
        via: 'jwt',
      },
      queued().request,
      { ...deps, detections: single as never, events },
      { id: 'det_single' },
    );
    output = { anomaly_count: record.anomaly_count, results_key: record.results_key };
  } else if (stage === 'prepare') output = await prepareShards(queued(), deps);
  else if (stage === 'score') output = await scoreShard(JSON.parse(argument) as ShardTask, deps);
  else {
    const events = { publish: async () => undefined };
    output = await mergeShards(
      { ...queued(), shards: JSON.parse(argument) as ShardPlan },
      { ...deps, events },
    );
  }
  const result: StageResult = {
    stage,
    seconds: (performance.now() - started) / 1000,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    output,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs a stage in a child process, as its own Lambda. */
function child(stage: string, argument = ''): Promise<StageResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((done, fail) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', script, '--stage', stage, '--argument', argument],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let text = '';
    proc.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    proc.on('exit', (code) =>
      code === 0
        ? done(JSON.parse(text.trim().split('\n').at(-1)!) as StageResult)
        : fail(new Error(`${stage} exited ${code}`)),
    );
  });
}

/**
 * The same data detected by one function (the path below the threshold): its time and peak
 * RSS, its count and AUC, and the share of the rows it flags that the sharded run flags too
 * (`flagged` is the sharded run's flag per row).
 */
async function singleFunction(flagged: Uint8Array, labels: Uint8Array) {
  const run = await child('single');
  const { anomaly_count, results_key } = run.output as { anomaly_count: number; results_key: string };
  const stored = JSON.parse(readFileSync(join(ROOT, 'bucket', results_key), 'utf8')) as {
    anomalies: Array<{ index: number }>;
    scores: number[];
  };
  const shared = stored.anomalies.filter((a) => flagged[a.index] === 1).length;
  const labelled = stored.anomalies.filter((a) => labels[a.index] === 1).length;
  return {
    seconds: round(run.seconds),
    peak_rss_mb: run.peak_rss_mb,
    anomaly_count,
    auc: round(auc(stored.scores, labels), 4),
    precision: round(labelled / anomaly_count, 4),
    flagged_by_both: round(shared / anomaly_count, 4),
  };
}

export async function scaleOutBench(options: {
  rows: number;
  features: number;
  workers: number;
  single: boolean;
}) {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ROOT, { recursive: true });
  const generated = performance.now();
  await writeDataset(options.rows, options.features);
  const generateSeconds = (performance.now() - generated) / 1000;
  writeFileSync(join(ROOT, 'dataset.json'), JSON.stringify(datasetRecord(options.rows, options.features)));
  const created = new Date().toISOString();
  const record: DetectionRecord = {
    id: RUN,
    tenant_id: TENANT,
    user_id: TENANT,
    dataset_id: DATASET,
    algorithm: 'isolation_forest',
    parameters: { contamination: 0.01 },
    status: 'running',
    n_samples: options.rows,
    anomaly_count: 0,
    anomaly_rate: 0,
    threshold: 0,
    expected_false_positives: 0,
    processing_time: 0,
    results_key: `detections/${TENANT}/${RUN}.json`,
    batch_id: null,
    created_at: created,
    completed_at: created,
  };
  writeFileSync(recordFile, JSON.stringify(record));

  const started = performance.now();
  const prepare = await child('prepare');
  const plan = prepare.output as ShardPlan;
  const manifest = JSON.parse(
    readFileSync(join(ROOT, 'bucket', plan.manifest_key), 'utf8'),
  ) as ShardTask['shard'][];
  const shards: StageResult[] = [];
  const queue = [...manifest];
  const scoring = performance.now();
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const task: ShardTask = {
          tenant_id: TENANT,
          detection_id: RUN,
          model_key: plan.model_key,
          shard: item,
        };
        shards.push(await child('score', JSON.stringify(task)));
      }
    }),
  );
  const scoringSeconds = (performance.now() - scoring) / 1000;
  const merge = await child('merge', JSON.stringify(plan));
  const totalSeconds = (performance.now() - started) / 1000;

  // Quality: every row's score from the result's shards against the labels.
  const labels = readFileSync(join(ROOT, 'labels.bin'));
  const scores = new Float64Array(options.rows);
  const scoreDir = join(ROOT, 'bucket', `detections/${TENANT}/${RUN}/scores`);
  for (const file of (await readdir(scoreDir)).sort()) {
    const item = manifest[Number(file.slice(0, 5))]!;
    const bytes = readFileSync(join(scoreDir, file));
    scores.set(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), item.offset);
  }
  const finished = JSON.parse(readFileSync(recordFile, 'utf8')) as DetectionRecord;
  const flagged = Uint8Array.from(scores, (score) => (score >= finished.threshold ? 1 : 0));
  let labelled = 0;
  for (let i = 0; i < options.rows; i++) if (flagged[i] && labels[i]) labelled++;
  const single = options.single ? await singleFunction(flagged, labels) : undefined;
  const per = (key: 'seconds' | 'peak_rss_mb') => shards.map((s) => s[key]);
  const summary = {
    rows: options.rows,
    features: options.features,
    workers: options.workers,
    shards: manifest.length,
    generate_seconds: round(generateSeconds),
    total_seconds: round(totalSeconds),
    prepare: { seconds: round(prepare.seconds), peak_rss_mb: prepare.peak_rss_mb },
    score: {
      wall_seconds: round(scoringSeconds),
      shard_seconds: { min: round(Math.min(...per('seconds'))), max: round(Math.max(...per('seconds'))) },
      shard_peak_rss_mb: { min: Math.min(...per('peak_rss_mb')), max: Math.max(...per('peak_rss_mb')) },
    },
    merge: { seconds: round(merge.seconds), peak_rss_mb: merge.peak_rss_mb },
    result: {
      anomaly_count: finished.anomaly_count,
      threshold: finished.threshold,
      auc: round(auc(scores, labels), 4),
      precision: round(labelled / finished.anomaly_count, 4),
    },
    single_function: single,
  };
  console.log(JSON.stringify(summary, null, 2));
  rmSync(ROOT, { recursive: true, force: true });
  return summary;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string' },
      argument: { type: 'string', default: '' },
      rows: { type: 'string', default: '10000000' },
      features: { type: 'string', default: '10' },
      workers: { type: 'string', default: '2' },
      single: { type: 'boolean', default: false },
    },
  });
  if (values.stage) await runStage(values.stage, values.argument);
  else
    await scaleOutBench({
      rows: Number(values.rows),
      features: Number(values.features),
      workers: Number(values.workers),
      single: values.single,
    });
}
