import { ValidationError } from '../../../core/src/errors';
import { checkMatrix } from '../matrix';
import {
  contaminationThreshold,
  countAbove,
  fitScoreScale,
  normalizeScores,
  type ScoreScale,
} from './score-scale';
import type { AlgorithmName, Contamination, Detector, Matrix } from './types';

/** Serialised form shared by every single-algorithm detector ({@link BaseDetector.toJSON}). */
export interface DetectorJSON {
  format: 'pynomaly.detector';
  version: 1;
  name: AlgorithmName;
  params: Record<string, unknown>;
  nFeatures: number;
  scoreScale: ScoreScale;
  threshold: number;
  model: unknown;
}

interface Fitted {
  d: number;
  scale: ScoreScale;
  training: Float64Array;
  threshold: number;
}

/**
 * What every single algorithm shares: input checks, the fitted score scale, thresholds
 * and the JSON envelope. Subclasses provide the model — training raw scores from
 * `fitModel`, raw scores of new rows from `rawScores` and per-feature blame from
 * `explainRow` — and may assume `fitModel` ran before the others.
 */
export abstract class BaseDetector implements Detector {
  abstract readonly name: AlgorithmName;
  private fitted: Fitted | undefined;

  protected constructor(
    protected readonly contamination: Contamination,
    private readonly params: Record<string, unknown>,
  ) {}

  fit(x: Matrix): this {
    // A failed refit leaves the detector unfitted, not half old model, half new.
    this.fitted = undefined;
    const m = checkMatrix(x);
    const raw = this.fitModel(m);
    const scale = fitScoreScale(raw);
    const training = normalizeScores(raw, scale);
    this.fitted = {
      d: m.d,
      scale,
      training,
      threshold: contaminationThreshold(training, this.contamination),
    };
    return this;
  }

  score(x: Matrix): Float64Array {
    const { d } = this.state();
    return this.rawScores(checkMatrix(x, d));
  }

  normalizedScore(x: Matrix): Float64Array {
    return normalizeScores(this.score(x), this.state().scale);
  }

  threshold(): number {
    return this.state().threshold;
  }

  expectedFalsePositives(threshold = this.threshold()): number {
    return countAbove(this.state().training, threshold);
  }

  trainingScores(): Float64Array {
    return this.state().training.slice();
  }

  explain(x: Matrix, row: number): Float64Array {
    const { d } = this.state();
    const m = checkMatrix(x, d);
    if (!Number.isInteger(row) || row < 0 || row >= m.n) {
      throw new ValidationError(`row ${row} is not in 0..${m.n - 1}`, [
        { field: 'row', message: `an integer in 0..${m.n - 1}` },
      ]);
    }
    return this.explainRow(m.data.subarray(row * d, row * d + d));
  }

  toJSON(): DetectorJSON {
    const { d, scale, threshold } = this.state();
    return {
      format: 'pynomaly.detector',
      version: 1,
      name: this.name,
      params: { ...this.params },
      nFeatures: d,
      scoreScale: { ...scale },
      threshold,
      model: this.modelJSON(),
    };
  }

  /** Learns the model and returns the raw scores of the training rows. */
  protected abstract fitModel(m: Matrix): Float64Array;
  /** Raw scores of checked rows with the fitted number of features. */
  protected abstract rawScores(m: Matrix): Float64Array;
  /** Per-feature contribution for one row. */
  protected abstract explainRow(row: Float64Array): Float64Array;
  /** JSON-safe fitted state. */
  protected abstract modelJSON(): unknown;

  private state(): Fitted {
    if (!this.fitted) {
      throw new ValidationError(`the ${this.name} detector is not fitted`, [
        { field: 'model', message: 'call fit() first' },
      ]);
    }
    return this.fitted;
  }
}

/** Base64 of a typed array's bytes, for fitted arrays too long for plain JSON numbers. */
export function encodeFloat64(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}
