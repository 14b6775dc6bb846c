/**
 * The ScoreShard and MergeShards tasks of a sharded detection (docs/adr/0013): every shard
 * scored by the sample's model in a child of the Distributed Map, then one merge of the
 * shards' histograms and highest rows into the run's result.
 */
import type { Detector } from '@pynomaly/detection';
import type { Cell } from '@pynomaly/ingest';
import { blobKeys, type DetectionRecord } from '@pynomaly/store';
import { z } from 'zod';
import { type Announces, announceDetection } from '../announce';
import type { QueuedDetection } from '../async-detection';
import { type DetectedAnomaly, detectorParameters } from '../detection';
import { loadModelFile } from '../models';
import { LISTED_ANOMALIES } from './config';
import { encode } from './encoding';
import {
  type Candidate,
  histogram,
  histogramThreshold,
  mergeHistograms,
  mergeTop,
  topPositions,
} from './merge';
import { type ShardDeps, type ShardModel, type ShardPlan, shardItem, summaryKey } from './prepare';

/** A child of the Map: its item, and where the model is (the Map's ItemSelector builds it). */
export const shardTask = z.object({
  tenant_id: z.string().min(1),
  detection_id: z.string().min(1),
  model_key: z.string().min(1),
  shard: shardItem,
});
export type ShardTask = z.infer<typeof shardTask>;

/** What a shard leaves for the merge, in the bucket (a state's output could not hold it). */
interface ShardSummary {
  shard: number;
  rows: number;
  /** Rows scored: all of them, unless `handle_missing: 'drop'` left some out. */
  scored: number;
  histogram: number[];
  top: Candidate[];
}

/** The last model this function instance loaded: the shards of a run mostly reuse a warm worker. */
let loaded: { key: string; model: ShardModel; detector: Detector } | undefined;

async function modelAt(key: string, deps: Pick<ShardDeps, 'blobs'>) {
  if (loaded?.key !== key) {
    const model = JSON.parse(await deps.blobs.getText(key)) as ShardModel;
    loaded = { key, model, detector: loadModelFile(model.model) };
  }
  return loaded;
}

/**
 * Scores one shard: its scores (one float32 per row, NaN for a dropped one) stored as one of the
 * result's shards, its histogram and highest rows as a summary for the merge, and the run's
 * progress counted. Retried, it writes the same objects and counts once.
 */
export async function scoreShard(
  input: ShardTask,
  deps: Pick<ShardDeps, 'detections' | 'blobs'>,
): Promise<{ shard: number }> {
  const { model, detector } = await modelAt(input.model_key, deps);
  const lines = (await deps.blobs.getText(input.shard.key)).split('\n').filter(Boolean);
  const { matrix, rowIndex } = encode(model.encoding, lines.length, (i) => JSON.parse(lines[i]!) as Cell[]);
  // On every core the worker has (a 10 GB Lambda has 6), where the algorithm can use them.
  const scores = await (detector.normalizedScoreAsync?.(matrix) ?? detector.normalizedScore(matrix));
  const perRow = new Float32Array(lines.length).fill(Number.NaN);
  rowIndex.forEach((row, k) => {
    perRow[row] = scores[k]!;
  });
  const counts = histogram(scores);
  const top = topPositions(scores, counts, LISTED_ANOMALIES).map((k) => ({
    index: input.shard.offset + rowIndex[k]!,
    score: scores[k]!,
    cells: JSON.parse(lines[rowIndex[k]!]!) as Cell[],
  }));
  const summary: ShardSummary = {
    shard: input.shard.shard,
    rows: lines.length,
    scored: matrix.n,
    histogram: counts,
    top,
  };
  await deps.blobs.put(
    blobKeys.detectionScores(input.tenant_id, input.detection_id, input.shard.shard),
    Buffer.from(perRow.buffer),
    { contentType: 'application/octet-stream' },
  );
  await deps.blobs.put(summaryKey(input, input.shard.shard), JSON.stringify(summary), {
    contentType: 'application/json',
  });
  await deps.detections.markShardScored(input.tenant_id, input.detection_id, input.shard.shard);
  return { shard: input.shard.shard };
}

/** Summaries read at once by the merge: enough to hide S3's latency, few enough to hold. */
const MERGE_READS = 16;

/** The contamination a run asked for, as its detector took it. */
function contaminationOf(parameters: Record<string, unknown> | undefined): 'auto' | number {
  const value = detectorParameters(parameters).contamination;
  const share = typeof value === 'string' && value !== 'auto' ? Number(value) : value;
  return typeof share === 'number' && Number.isFinite(share) ? share : 'auto';
}

/**
 * Merges the shards into the run's result: the threshold from every row's score (histogram),
 * the count at or above it, the highest rows listed (up to LISTED_ANOMALIES), the scores left
 * in their shards; the run completed and announced once, the working objects removed.
 */
export async function mergeShards(
  input: QueuedDetection & { shards: ShardPlan },
  deps: Pick<ShardDeps, 'detections' | 'blobs'> & Announces,
): Promise<{ detection_id: string; anomaly_count: number }> {
  const record = await deps.detections.get(input.tenant_id, input.detection_id);
  const work = blobKeys.detectionWork(input.tenant_id, input.detection_id);
  // A retried merge after the run ended (completed, or failed elsewhere) leaves it as it is.
  if (record.status !== 'running') {
    await deps.blobs.deletePrefix(work);
    return { detection_id: record.id, anomaly_count: record.anomaly_count };
  }
  const model = JSON.parse(await deps.blobs.getText(input.shards.model_key)) as ShardModel;
  const manifest = z.array(shardItem).parse(JSON.parse(await deps.blobs.getText(input.shards.manifest_key)));
  const histograms: number[][] = [];
  let top: Candidate[] = [];
  let scored = 0;
  for (let from = 0; from < manifest.length; from += MERGE_READS) {
    const batch = await Promise.all(
      manifest
        .slice(from, from + MERGE_READS)
        .map(async (s) => JSON.parse(await deps.blobs.getText(summaryKey(input, s.shard))) as ShardSummary),
    );
    histograms.push(mergeHistograms(batch.map((b) => b.histogram)));
    top = mergeTop([top, ...batch.map((b) => b.top)], LISTED_ANOMALIES);
    scored += batch.reduce((sum, b) => sum + b.scored, 0);
  }
  const counts = mergeHistograms(histograms);
  const { threshold, flagged } = histogramThreshold(counts, contaminationOf(input.request.parameters));
  const anomalies: DetectedAnomaly[] = top
    .filter((c) => c.score >= threshold)
    .map((c) => ({
      id: `${record.id}_${c.index}`,
      score: Math.round(c.score * 1e6) / 1e6,
      index: c.index,
      features: Object.fromEntries(model.columns.map((f, j) => [f, (c.cells[j] ?? null) as Cell])),
    }));
  const completedAt = new Date();
  const finished: DetectionRecord = {
    ...record,
    status: 'completed',
    n_samples: scored,
    anomaly_count: flagged,
    anomaly_rate: Math.round((flagged / scored) * 1e6) / 1e6,
    threshold: Math.round(threshold * 1e6) / 1e6,
    // Every row is scored by the model fitted on the sample: all of them are its "training" rows.
    expected_false_positives: flagged,
    processing_time: (completedAt.getTime() - Date.parse(record.created_at)) / 1000,
    completed_at: completedAt.toISOString(),
    progress: { shards_done: manifest.length, shards_total: manifest.length },
  };
  await deps.blobs.put(
    record.results_key,
    JSON.stringify({
      features: model.encoding.features,
      ignored_features: model.encoding.ignored,
      anomalies,
      sharded: {
        shards: manifest.length,
        sample_rows: input.shards.sample_rows,
        listed_at_most: LISTED_ANOMALIES,
        // Flagged means score >= threshold here (a grid point of the histogram), docs/adr/0013.
        flagged_when: 'score >= threshold',
        score_shards: manifest.map((s) => ({
          key: blobKeys.detectionScores(input.tenant_id, input.detection_id, s.shard),
          offset: s.offset,
          rows: s.rows,
        })),
      },
    }),
    { contentType: 'application/json' },
  );
  if (await deps.detections.putFinished(finished)) await announceDetection(finished, deps);
  await deps.blobs.deletePrefix(work);
  return { detection_id: record.id, anomaly_count: flagged };
}
