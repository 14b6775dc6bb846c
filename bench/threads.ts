/**
 * Scoring on worker threads against one thread (`npm run bench -- --threads [--repeat K]`):
 * the isolation forest (default parameters) fitted on synthetic N(0, I10) with 1 % outliers,
 * then all rows scored on this thread, on one worker thread and on a worker per core, at 100k,
 * 1M and 4M rows; median seconds of K alternating runs after one unmeasured run of each (JIT
 * warm-up), and whether the scores are identical. The workers' time includes copying the rows
 * into shared memory. This process has loaded `ws` and the AWS SDK, as a function has: V8's
 * typed-array accesses on this thread are then the slower, detach-checked kind.
 */
import 'ws';
import '@aws-sdk/client-s3';
import { availableParallelism } from 'node:os';
import { IsolationForest } from '../packages/detection/src/index';
import { synthetic } from './data';

const ROWS = [100_000, 1_000_000, 4_000_000];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function seconds(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

export async function threadsBench(repeat: number): Promise<void> {
  const threads = availableParallelism();
  console.log(`| rows | this thread s | 1 worker s | ${threads} workers s | speed-up | identical |`);
  console.log('|---|---|---|---|---|---|');
  for (const n of ROWS) {
    const { x } = synthetic(n, 10, 1);
    const forest = new IsolationForest({ randomState: 0 });
    forest.fit(x);
    forest.scoreSamples(x);
    await forest.scoreSamplesParallel(x, threads);
    const here: number[] = [];
    const oneWorker: number[] = [];
    const workers: number[] = [];
    let identical = true;
    for (let k = 0; k < repeat; k++) {
      let a: Float64Array = new Float64Array(0);
      let b: Float64Array = new Float64Array(0);
      let c: Float64Array = new Float64Array(0);
      here.push(await seconds(() => (a = forest.scoreSamples(x))));
      oneWorker.push(await seconds(async () => (b = await forest.scoreSamplesParallel(x, 1))));
      workers.push(await seconds(async () => (c = await forest.scoreSamplesParallel(x, threads))));
      identical &&= [b, c].every((s) => Buffer.from(s.buffer).equals(Buffer.from(a.buffer)));
    }
    const [s0, s1, sN] = [median(here), median(oneWorker), median(workers)];
    const cells = [s0, s1, sN].map((s) => s.toFixed(2)).join(' | ');
    console.log(`| ${n.toLocaleString('en')} | ${cells} | ${(s0 / sN).toFixed(2)}× | ${identical} |`);
  }
}
