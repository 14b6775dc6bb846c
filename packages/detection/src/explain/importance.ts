import { ValidationError } from '../../../core/src/errors';
import type { Detector } from '../algorithms/types';
import { IsolationForest } from '../isolation-forest';
import { checkMatrix, type Matrix } from '../matrix';
import { type PermutationOptions, permutationImportance } from './permutation';

/** Global importance per feature, summing to 1 (all 0 when no feature moves the output). */
export interface FeatureImportanceResult {
  importances: Float64Array;
  /** 'depth': the isolation forest's split statistics; 'permutation': {@link permutationImportance}. */
  method: 'depth' | 'permutation';
}

/**
 * Global feature importance, normalized to sum 1. For the registry's isolation forest the
 * forest's own depth-based importances (splits weighted by the share of rows reaching
 * them; no scoring, and `x` only checked for its width); for every other detector — or a
 * model that cannot be read back — permutation importances on `x` with `options`, negative
 * values (shuffling helped) counted as 0 before normalizing.
 */
export function featureImportance(
  detector: Detector,
  x: Matrix,
  options: PermutationOptions = {},
): FeatureImportanceResult {
  const m = checkMatrix(x);
  const forest = isolationForestOf(detector);
  if (forest) {
    const importances = forest.featureImportances();
    if (importances.length !== m.d) {
      throw new ValidationError(`rows have ${m.d} features, the model was fitted on ${importances.length}`, [
        { field: 'data', message: `expected ${importances.length} features per row` },
      ]);
    }
    return { importances: toShares(importances), method: 'depth' };
  }
  const { importances } = permutationImportance(detector, m, options);
  return { importances: toShares(importances), method: 'permutation' };
}

/**
 * The fitted forest behind an 'isolation-forest' detector. The detector keeps it private,
 * but its public JSON snapshot embeds the forest's own serialisation, which restores a
 * forest with identical trees — no reach into private fields that a refactor could rename.
 */
function isolationForestOf(detector: Detector): IsolationForest | undefined {
  if (detector.name !== 'isolation-forest') return undefined;
  // Outside the try: an unfitted detector must fail with its own error, not fall back.
  const snapshot = detector.toJSON() as { model?: unknown } | null;
  try {
    return IsolationForest.fromJSON(snapshot?.model);
  } catch {
    return undefined;
  }
}

function toShares(values: Float64Array): Float64Array {
  const out = values.map((v) => Math.max(v, 0));
  const sum = out.reduce((a, b) => a + b, 0);
  return sum > 0 ? out.map((v) => v / sum) : out;
}
