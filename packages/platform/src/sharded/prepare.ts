/**
 * The PrepareShards task of a sharded detection (docs/adr/0013): one pass over the stored
 * dataset that copies its rows into S3 shards, draws the sample, fits the model on it and
 * stores the model and the shard manifest the Distributed Map reads.
 */
import { InternalError, ValidationError } from '@pynomaly/core';
import { createDetector } from '@pynomaly/detection';
import type { Cell } from '@pynomaly/ingest';
import {
  type BlobStore,
  blobKeys,
  type DetectionRepository,
  type TabularDatasetRepository,
} from '@pynomaly/store';
import { z } from 'zod';
import type { QueuedDetection } from '../async-detection';
import { algorithmName, detectorParameters } from '../detection';
import { type ModelFile, saveModel } from '../models';
import { shardingConfig, shardRows } from './config';
import { type Encoding, fitEncoding } from './encoding';
import { forEachLine, joinLines } from './lines';
import { ContentSample } from './sample';

export interface ShardDeps {
  detections: DetectionRepository;
  datasets: TabularDatasetRepository;
  blobs: BlobStore;
}

/** One entry of the manifest: a Distributed Map item, so a few dozen bytes, never rows. */
export const shardItem = z.object({
  shard: z.number().int().min(0),
  key: z.string().min(1),
  /** Position in the dataset of the shard's first row. */
  offset: z.number().int().min(0),
  rows: z.number().int().min(1),
});
export type ShardItem = z.infer<typeof shardItem>;

/** What PrepareShards hands on (at `$.shards`): where things are, never the data. */
export const shardPlan = z.object({
  bucket: z.string().min(1),
  manifest_key: z.string().min(1),
  model_key: z.string().min(1),
  count: z.number().int().min(1),
  sample_rows: z.number().int().min(1),
});
export type ShardPlan = z.infer<typeof shardPlan>;

/** The stored model of a sharded run: the fitted detector (as a model file) and the encoding. */
export interface ShardModel {
  model: ModelFile;
  encoding: Encoding;
  /** The dataset's columns, to name the cells of listed anomalies. */
  columns: string[];
}

const workKey = (input: QueuedDetection, name: string) =>
  `${blobKeys.detectionWork(input.tenant_id, input.detection_id)}${name}`;

export const modelKey = (input: QueuedDetection) => workKey(input, 'model.json');
export const summaryKey = (input: Pick<QueuedDetection, 'tenant_id' | 'detection_id'>, shard: number) =>
  `${blobKeys.detectionWork(input.tenant_id, input.detection_id)}summaries/${String(shard).padStart(5, '0')}.json`;

/**
 * Splits, samples and fits. The rows are copied as they are (bytes, neither decoded nor
 * parsed: only sampled rows are), so the pass costs little more than reading and writing the
 * object. Run again after a retry it writes the same shards, sample and model.
 */
export async function prepareShards(input: QueuedDetection, deps: ShardDeps): Promise<ShardPlan> {
  const config = shardingConfig();
  const datasetId = input.request.dataset_id;
  // Only detectOrQueue marks a run sharded, and only for a stored dataset.
  if (!datasetId) throw new InternalError('A sharded detection without a dataset_id');
  const dataset = await deps.datasets.get(input.tenant_id, datasetId);
  const perShard = shardRows(config, dataset.feature_names.length);
  const sample = new ContentSample(config.DETECTION_SAMPLE_ROWS);
  const manifest: ShardItem[] = [];
  let pending: Buffer[] = [];
  let index = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const shard = manifest.length;
    const key = workKey(input, `rows/${String(shard).padStart(5, '0')}.ndjson`);
    await deps.blobs.put(key, joinLines(pending), { contentType: 'application/x-ndjson' });
    manifest.push({ shard, key, offset: index - pending.length, rows: pending.length });
    pending = [];
  };
  await forEachLine(await deps.blobs.getStream(dataset.s3_key), (line) => {
    sample.offer(line, index++);
    pending.push(line);
    return pending.length === perShard ? flush() : undefined;
  });
  await flush();
  if (manifest.length === 0)
    throw new ValidationError('The dataset has no rows', [{ field: 'dataset_id', message: 'no rows' }]);

  const sampled = sample.rows().map((r) => JSON.parse(r.text) as Cell[]);
  const { encoding, matrix } = fitEncoding(dataset.feature_names, sampled, input.request.preprocessing);
  const { algorithm, parameters = {} } = input.request;
  const detector = createDetector(algorithmName(algorithm), detectorParameters(parameters)).fit(matrix);
  const stored: ShardModel = {
    model: saveModel(algorithm, parameters, matrix, detector),
    encoding,
    columns: dataset.feature_names,
  };
  await deps.blobs.put(modelKey(input), JSON.stringify(stored), { contentType: 'application/json' });
  const manifestKey = workKey(input, 'manifest.json');
  await deps.blobs.put(manifestKey, JSON.stringify(manifest), { contentType: 'application/json' });
  await deps.detections.startShards(input.tenant_id, input.detection_id, manifest.length);
  return {
    bucket: deps.blobs.bucket,
    manifest_key: manifestKey,
    model_key: modelKey(input),
    count: manifest.length,
    sample_rows: matrix.n,
  };
}
