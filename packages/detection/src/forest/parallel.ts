/**
 * {@link addPathLengths} on worker threads: the rows are cut into one contiguous range per
 * thread, each thread walks the same packed forest (shared, never copied) over its range of a
 * shared copy of the data, and writes its rows' sums into a shared result. Every row's sum is
 * computed by the same code in the same tree order, so the scores are bit-identical to one
 * thread's.
 *
 * Large scorings go to a worker even on one vCPU: once any ArrayBuffer in a V8 isolate has been
 * detached (the AWS SDK and `ws` do it as they load, so every function's main thread has), V8
 * checks for detachment on every typed-array access there, and this loop runs ~1.5× slower
 * (bench/RESULTS.md, "Scoring on worker threads"); a worker's fresh isolate has not.
 *
 * A Lambda function has one vCPU per 1,769 MB of memory, up to 6: more threads than
 * `availableParallelism()` would only take turns. The workers run code built from
 * `addPathLengths`'s own source (`eval`), not a file: a function's bundle is one file, and a
 * worker script would be a second entry point in every bundle that scores. `addPathLengths`
 * reads nothing outside itself, which is what makes that safe (forest/parallel.test.ts checks
 * the scores against one thread's).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { addPathLengths, type PackedForest } from './packed-forest';

/** Below this many rows per thread, starting threads costs more than it saves (bench/RESULTS.md). */
export const MIN_ROWS_PER_THREAD = 20_000;

/** The packed forest's arrays in shared memory, for workers to read without copies. */
type SharedForest = { [K in keyof PackedForest]: PackedForest[K] };

interface Job {
  forest: SharedForest;
  data: Float64Array;
  out: Float64Array;
  start: number;
  end: number;
  d: number;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const addPathLengths = ${addPathLengths.toString()};
parentPort.on('message', ({ forest, data, out, start, end, d }) => {
  addPathLengths(forest, data.subarray(start * d, end * d), end - start, d, out.subarray(start, end));
  parentPort.postMessage(null);
});
`;

/**
 * Workers kept for the life of the process (a warm Lambda container reuses them); they never
 * hold it open. Each runs one job at a time: a second scoring waits for the worker's last job.
 */
const pool: Array<{ worker: Worker; queue: Promise<void> }> = [];

function run(i: number, job: Job): Promise<void> {
  let slot = pool[i];
  if (!slot) {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    slot = { worker, queue: Promise.resolve() };
    pool[i] = slot;
  }
  const { worker } = slot;
  const next = slot.queue.then(() => send(worker, job));
  slot.queue = next.catch(() => undefined);
  return next;
}

function send(w: Worker, job: Job): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      w.off('error', failed);
      resolve();
    };
    const failed = (error: Error) => {
      w.off('message', done);
      reject(error);
    };
    w.once('message', done);
    w.once('error', failed);
    w.postMessage(job);
  });
}

const sharedForests = new WeakMap<PackedForest, SharedForest>();

function shared<T extends Int32Array | Float64Array>(array: T): T {
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(array.byteLength),
  );
  copy.set(array as never);
  return copy;
}

function sharedForest(p: PackedForest): SharedForest {
  let s = sharedForests.get(p);
  if (!s) {
    s = {
      roots: shared(p.roots),
      steps: shared(p.steps),
      child: shared(p.child),
      feature: shared(p.feature),
      threshold: shared(p.threshold),
      leafValue: shared(p.leafValue),
    };
    sharedForests.set(p, s);
  }
  return s;
}

/**
 * Worker threads worth using for `n` rows: none (this thread) below {@link MIN_ROWS_PER_THREAD},
 * else at most the machine's, with at least that many rows each.
 */
export function threadsFor(n: number, available = availableParallelism()): number {
  if (n < MIN_ROWS_PER_THREAD) return 0;
  return Math.max(1, Math.min(available, Math.floor(n / MIN_ROWS_PER_THREAD)));
}

/**
 * Adds each row's path lengths to `out`, as {@link addPathLengths} does, on `threads` worker
 * threads (default: {@link threadsFor} `n`); 0 runs it on this thread.
 */
export async function addPathLengthsParallel(
  p: PackedForest,
  data: Float64Array,
  n: number,
  d: number,
  out: Float64Array,
  threads = threadsFor(n),
): Promise<void> {
  if (threads < 1) return addPathLengths(p, data, n, d, out);
  const forest = sharedForest(p);
  const sharedData = data.buffer instanceof SharedArrayBuffer ? data : shared(data);
  const sharedOut = shared(out);
  const per = Math.ceil(n / threads);
  await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const start = i * per;
      const end = Math.min(n, start + per);
      return start < end ? run(i, { forest, data: sharedData, out: sharedOut, start, end, d }) : undefined;
    }),
  );
  out.set(sharedOut);
}
