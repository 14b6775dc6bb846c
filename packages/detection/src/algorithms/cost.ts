import { KD_TREE_MAX_FEATURES } from './neighbours';
import { resolveParams } from './params';
import { getAlgorithm } from './registry';

/** The size of one detector's work: fitted on `rows` × `features`, then scoring `scored` rows. */
export interface WorkSize {
  rows: number;
  features: number;
  scored: number;
}

const NS = 1e-9;
const log2 = (v: number) => Math.log2(Math.max(v, 2));

/**
 * Seconds of one core a detector takes to fit on `rows` × `features` (which scores the
 * training rows too) and then score `scored` more rows, from throughputs measured on the dev
 * container (bench/RESULTS.md, "Work budget"). For sizing requests before doing them, not a
 * promise: on the measured data it is within about 2× and mostly above. The neighbour
 * searches are rated on Gaussian data, where a k-d tree prunes least; data with structure
 * runs faster. Unknown algorithms and bad parameters raise the registry's ValidationError.
 */
export function estimateSeconds(name: string, params: Record<string, unknown>, size: WorkSize): number {
  const p = resolveParams(name, getAlgorithm(name).parameters, params);
  const { rows, features: d, scored } = size;
  const passes = rows + scored;
  switch (name) {
    case 'isolation-forest':
      return forestSeconds(p.nEstimators as number, p.maxSamples as number | 'auto', size);
    case 'knn':
      return neighbourSeconds(p.k as number, size);
    case 'lof':
      // Reachability densities need the neighbours' own neighbourhoods: measured about 1.5× kNN.
      return 1.5 * neighbourSeconds(p.k as number, size);
    case 'ecod':
    case 'copod':
      // Sorted training columns; every row is ranked per feature by binary search.
      return passes * d * log2(rows) * 100 * NS;
    case 'iqr':
    case 'robust-zscore':
      return (rows * log2(rows) + scored) * d * 20 * NS;
    case 'hbos':
      return passes * d * 100 * NS;
    case 'zscore':
      return passes * d * 40 * NS;
    case 'pca':
      return passes * d * (8 * d + 200) * NS;
    case 'ensemble':
      return (
        forestSeconds(100, 'auto', size) +
        estimateSeconds('ecod', {}, size) +
        estimateSeconds('knn', {}, size)
      );
    default:
      throw new Error(`No cost model for algorithm '${name}'`);
  }
}

/**
 * Growing `trees` trees of ψ rows costs trees·ψ·depth steps; scoring walks every row through
 * every tree to depth ⌈log2 ψ⌉. A walk costs 20 ns at depth 8 and doubles every three
 * levels deeper, as larger trees fall out of the caches (measured ψ = 256 … 100,000).
 */
function forestSeconds(trees: number, maxSamples: number | 'auto', size: WorkSize): number {
  const psi = Math.max(Math.min(maxSamples === 'auto' ? 256 : maxSamples, size.rows), 1);
  const depth = Math.ceil(log2(psi));
  const walk = 20 * 2 ** ((depth - 8) / 3) * NS;
  return trees * psi * depth * 15 * NS + (size.rows + size.scored) * trees * walk;
}

/**
 * Every fitted and scored row is a query of the training rows. Up to 20 features a k-d tree
 * answers it: on Gaussian data a query measured about 100·1.6^d + 50·k rows visited at
 * 4.25 ns per feature, never more than all of them; above, brute force reads every row at
 * 2.2 ns per feature.
 */
function neighbourSeconds(k: number, { rows, features: d, scored }: WorkSize): number {
  const kdTree = d <= KD_TREE_MAX_FEATURES;
  const visited = kdTree ? Math.min(rows, 100 * 1.6 ** d + 50 * k) : rows;
  return (rows + scored) * visited * d * (kdTree ? 4.25 : 2.2) * NS;
}
