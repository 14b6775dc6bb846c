import { AdditiveDetector } from './additive';
import { CONTAMINATION, resolveParams } from './params';
import { TailModel } from './tails';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link Copod}. */
export type CopodOptions = { contamination?: Contamination };

const PARAMETERS = [CONTAMINATION];

/**
 * COPOD (Li et al. 2020, ICDM), copula-based: per feature, the empirical copula's left and
 * right tail probabilities. The paper's aggregate coincides with ECOD's, so this follows
 * the authors' reference implementation (PyOD), which decides per feature: each feature
 * adds max(−ln p on its skewness side, mean of the two sides' −ln p). A row extreme on
 * the "wrong" side of a skewed feature thus still counts, at half weight. A missing value
 * adds the feature's mean term over the training rows (see AdditiveDetector).
 */
export class Copod extends AdditiveDetector {
  readonly name = 'copod';
  private tails: TailModel | undefined;

  constructor(options: CopodOptions = {}) {
    const p = resolveParams('copod', PARAMETERS, options);
    super(p.contamination as Contamination, p);
  }

  protected fitTerms(m: Matrix): void {
    this.tails = new TailModel(m);
  }

  protected modelJSON(): unknown {
    return this.tails!.toJSON();
  }

  protected term(j: number, v: number): number {
    const t = this.tails!;
    const left = t.left(j, v);
    const right = t.right(j, v);
    const sign = t.skewSign[j]!;
    // Unskewed features count both tails on the skewness side, as the reference code does.
    const skewed = sign < 0 ? left : sign > 0 ? right : left + right;
    return Math.max(skewed, (left + right) / 2);
  }
}

/** Registry entry of {@link Copod}. */
export const copodSpec: AlgorithmSpec = {
  name: 'copod',
  label: 'COPOD',
  description:
    'Copula-based outlier detection: empirical tail probabilities per feature, combined per feature ' +
    'between the skewness side and both tails. Parameter-free.',
  family: 'statistical',
  parameters: PARAMETERS,
  scoreRange: '[0, 2·d·ln(n + 1)]: a sum over features of −ln(tail probability) terms',
  complexity: 'O(n·d·log n) fit and score; O(n·d) memory (sorted training columns)',
  create: (params) => new Copod(params),
};
