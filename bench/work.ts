/**
 * The work estimates of packages/detection/src/algorithms/cost.ts against the clock
 * (`npx tsx bench/work.ts [--quick]`): each case fits a detector on Gaussian rows and scores
 * them again, as a detection does, and prints the measured and the estimated seconds. Run it
 * after changing an algorithm, and recalibrate the cost model if the ratio leaves 0.5–2.
 */
import { parseArgs } from 'node:util';
import { estimateSeconds } from '../packages/detection/src/algorithms/cost';
import { createDetector } from '../packages/detection/src/algorithms/registry';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });

type Case = [name: string, rows: number, features: number, params?: Record<string, unknown>];
const CASES: Case[] = [
  ['isolation-forest', 200_000, 3, { nEstimators: 100 }],
  ['isolation-forest', 200_000, 3, { nEstimators: 1500 }],
  ['isolation-forest', 100_000, 10, { nEstimators: 200, maxSamples: 4096 }],
  ['isolation-forest', 100_000, 10, { nEstimators: 200, maxSamples: 100_000 }],
  ['knn', 100_000, 3],
  ['knn', 20_000, 10],
  ['knn', 10_000, 30],
  ['lof', 50_000, 3],
  ['ecod', 200_000, 10],
  ['copod', 200_000, 10],
  ['hbos', 200_000, 50],
  ['iqr', 200_000, 50],
  ['robust-zscore', 200_000, 50],
  ['zscore', 200_000, 50],
  ['pca', 200_000, 50],
  ['ensemble', 50_000, 5],
];
const SLOW: Case[] = [
  ['knn', 50_000, 10],
  ['knn', 20_000, 20],
  ['lof', 50_000, 10],
  ['ecod', 200_000, 50],
];

/** Rows of N(0, I) from a seeded generator, row-major. */
function gaussian(n: number, d: number) {
  let state = 1;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
  return { data, n, d };
}

console.log('| algorithm | parameters | rows × features | measured s | estimated s | estimate / measured |');
console.log('|---|---|---|---|---|---|');
for (const [name, rows, features, params = {}] of args.quick ? CASES : [...CASES, ...SLOW]) {
  const matrix = gaussian(rows, features);
  const started = performance.now();
  const detector = createDetector(name, params).fit(matrix);
  detector.normalizedScore(matrix);
  const measured = (performance.now() - started) / 1000;
  const estimated = estimateSeconds(name, params, { rows, features, scored: rows });
  console.log(
    `| ${name} | ${JSON.stringify(params)} | ${rows} × ${features} | ${measured.toFixed(2)} | ${estimated.toFixed(2)} | ${(estimated / measured).toFixed(2)} |`,
  );
}
