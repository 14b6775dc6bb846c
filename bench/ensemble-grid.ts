/**
 * The pieces of the leave-one-dataset-out ensemble study (bench/ensemble-lodo.ts) that are
 * pure functions of cached member scores: the candidate grid, score normalisations, the
 * selection rule, and ROC-AUC / average precision fast enough to judge thousands of
 * candidates on 286k rows (the same values as bench/metrics.ts, by sorted copies and
 * binary search instead of sorting index arrays with a comparator).
 */
import { type Combination, combineScores } from '../packages/detection/src/algorithms/ensemble';

/**
 * How each member's training scores are put on one scale before combining:
 * - 'minmax': the members' own normalized scores (min-max of the training scores), what
 *   the registry's ensemble combines;
 * - 'rank': the empirical CDF of the member's training scores, so every member spreads
 *   evenly over [0, 1] whatever its tail (kNN's extremes no longer squeeze its bulk to 0);
 * - 'standardized': (score − mean) / sd of the training scores, PyOD's standardizer.
 * Each is a monotone map of a member's scores, so members stay AUC-identical alone; they
 * differ only in how members weigh against each other in average, maximum and median.
 */
export type Normalisation = 'minmax' | 'rank' | 'standardized';

/** One fitted member: normalized training scores and its threshold on them (for majority_vote). */
export interface MemberRun {
  scores: Float64Array;
  threshold: number;
}

/** One candidate ensemble. */
export interface Candidate {
  members: readonly string[];
  combination: Combination;
  normalisation: Normalisation;
}

const COMBINATIONS: readonly Combination[] = ['average', 'maximum', 'median'];
const NORMALISATIONS: readonly Normalisation[] = ['minmax', 'rank', 'standardized'];

/**
 * Every member set of 2..maxMembers algorithms from `pool` × average/maximum/median ×
 * each normalisation, and × majority_vote once (a vote compares each member with its own
 * threshold, which a monotone normalisation maps along, so it is the same under all three).
 */
export function candidateGrid(pool: readonly string[], maxMembers: number): Candidate[] {
  const out: Candidate[] = [];
  for (const members of subsets(pool, 2, maxMembers)) {
    for (const combination of COMBINATIONS) {
      for (const normalisation of NORMALISATIONS) out.push({ members, combination, normalisation });
    }
    out.push({ members, combination: 'majority_vote', normalisation: 'minmax' });
  }
  return out;
}

function subsets(pool: readonly string[], min: number, max: number): string[][] {
  const out: string[][] = [];
  const walk = (start: number, chosen: string[]) => {
    if (chosen.length >= min) out.push([...chosen]);
    if (chosen.length === max) return;
    for (let i = start; i < pool.length; i++) walk(i + 1, [...chosen, pool[i]!]);
  };
  walk(0, []);
  return out;
}

/** A short, stable name, e.g. `iforest+ecod+knn (median, minmax)`. */
export function candidateName({ members, combination, normalisation }: Candidate): string {
  const names = members.map((m) => (m === 'isolation-forest' ? 'iforest' : m)).join('+');
  return combination === 'majority_vote'
    ? `${names} (majority_vote)`
    : `${names} (${combination}, ${normalisation})`;
}

/** A member run on another scale; the threshold is mapped along so votes do not change. */
export function normalise(run: MemberRun, normalisation: Normalisation): MemberRun {
  if (normalisation === 'minmax') return run;
  if (normalisation === 'rank') {
    const sorted = Float64Array.from(run.scores).sort();
    const ecdf = (s: number) => upperBound(sorted, s) / sorted.length;
    return { scores: run.scores.map(ecdf), threshold: ecdf(run.threshold) };
  }
  const n = run.scores.length;
  const mean = run.scores.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(run.scores.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const z = (s: number) => (sd > 0 ? (s - mean) / sd : 0);
  return { scores: run.scores.map(z), threshold: z(run.threshold) };
}

/** Combined scores of a candidate from its members' runs (already normalised). */
export function combineRuns(runs: readonly MemberRun[], combination: Combination): Float64Array {
  return combineScores(
    runs.map((r) => r.scores),
    runs.map((r) => r.threshold),
    combination,
  );
}

/** Index of the first element of ascending `sorted` greater than `v`. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of ascending `sorted` not less than `v`. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** ROC-AUC and average precision (scikit-learn's definitions, ties averaged), as bench/metrics.ts. */
export function aucAndAp(scores: Float64Array, labels: Uint8Array): { auc: number; ap: number } {
  const all = Float64Array.from(scores).sort();
  const positives = Float64Array.from(scores.filter((_, i) => labels[i] === 1)).sort();
  const p = positives.length;
  const n = all.length;
  // AUC = (Σ average rank of positives − p(p+1)/2) / (p · negatives); a tie block [lo, hi) ranks (lo + hi + 1) / 2.
  let rankSum = 0;
  // AP = Σ over distinct positive scores t of (positives at t / p) · (positives ≥ t / rows ≥ t).
  let ap = 0;
  for (let k = 0; k < p; ) {
    const t = positives[k]!;
    const lo = lowerBound(all, t);
    const hi = upperBound(all, t);
    const tied = upperBound(positives, t) - k;
    rankSum += (tied * (lo + hi + 1)) / 2;
    ap += (tied / p) * ((p - k) / (n - lo));
    k += tied;
  }
  return { auc: (rankSum - (p * (p + 1)) / 2) / (p * (n - p)), ap };
}

/** A candidate's mean AUC and AP on one dataset (over the seeds it was run with). */
export interface Measured {
  auc: number;
  ap: number;
}

/**
 * The selection rule, applied to the training datasets only. A candidate is admissible when
 * on every training dataset its AUC is at most `tolerance` below the reference (the better
 * of the forest and the single algorithm with the best mean on these datasets) and its
 * mean AUC is at least the reference's mean; admissible candidates rank by mean AUC, and when
 * none is admissible the one with the smallest worst shortfall is taken (and said so).
 */
export function selectCandidate(
  names: readonly string[],
  measured: (name: string, dataset: string) => Measured,
  datasets: readonly string[],
  references: readonly string[],
  tolerance: number,
): { name: string; admissible: boolean; meanAuc: number; worstGap: number } {
  const mean = (name: string) => datasets.reduce((s, d) => s + measured(name, d).auc, 0) / datasets.length;
  const referenceMean = Math.max(...references.map(mean));
  const judged = names.map((name) => {
    const worstGap = Math.min(
      ...datasets.map((d) => measured(name, d).auc - Math.max(...references.map((r) => measured(r, d).auc))),
    );
    const meanAuc = mean(name);
    return { name, meanAuc, worstGap, admissible: worstGap >= -tolerance && meanAuc >= referenceMean };
  });
  judged.sort(
    (a, b) =>
      Number(b.admissible) - Number(a.admissible) ||
      (a.admissible ? b.meanAuc - a.meanAuc : b.worstGap - a.worstGap) ||
      a.name.localeCompare(b.name),
  );
  return judged[0]!;
}

/** The single algorithm with the highest mean AUC over `datasets` (ties: the first named). */
export function bestSingle(
  singles: readonly string[],
  measured: (name: string, dataset: string) => Measured,
  datasets: readonly string[],
): string {
  const mean = (name: string) => datasets.reduce((s, d) => s + measured(name, d).auc, 0);
  return singles.reduce((best, s) => (mean(s) > mean(best) ? s : best));
}
