import { ValidationError } from '../../../core/src/errors';
import { checkMatrix } from '../matrix';
import { distinctRows } from './distinct';
import { columnMedians, countMissing, fillMissing, type MissingHandling } from './missing';
import {
  contaminationThreshold,
  countAbove,
  fitScoreScale,
  normalizeScores,
  type ScoreScale,
} from './score-scale';
import type { AlgorithmName, Contamination, Detector, FitReport, Matrix, ParameterAdjustment } from './types';

/** Serialised form shared by every single-algorithm detector ({@link BaseDetector.toJSON}). */
export interface DetectorJSON {
  format: 'pynomaly.detector';
  version: 1;
  name: AlgorithmName;
  params: Record<string, unknown>;
  nFeatures: number;
  scoreScale: ScoreScale;
  threshold: number;
  /** How missing values are treated, and the training medians that replace them under 'median'. */
  missing: { handling: MissingHandling; fill?: number[] };
  model: unknown;
}

/** The training rows as the model sees them, what was missing in them and the fill used. */
interface TrainingRows {
  rows: Matrix;
  missing: FitReport['missing'];
  fill: Float64Array | undefined;
}

interface Fitted {
  d: number;
  scale: ScoreScale;
  training: Float64Array;
  threshold: number;
  /** Training medians that replace missing values, under 'median' handling. */
  fill: Float64Array | undefined;
  report: FitReport;
}

/**
 * What every single algorithm shares: input checks, missing values, the fitted score scale,
 * thresholds, the fit report and the JSON envelope. Subclasses provide the model — training
 * raw scores from `fitModel`, raw scores of new rows from `rawScores` and per-feature blame
 * from `explainRow` — and may assume `fitModel` ran before the others. Under 'median'
 * handling they never see a missing value (it is replaced once, before the model's own
 * arrays are built); otherwise NaN reaches them and they treat it as documented.
 */
export abstract class BaseDetector implements Detector {
  abstract readonly name: AlgorithmName;
  /** How this algorithm treats missing values (see missing.ts). */
  protected abstract readonly missingHandling: MissingHandling;
  private fitted: Fitted | undefined;
  private adjusted: ParameterAdjustment[] = [];

  protected constructor(
    protected readonly contamination: Contamination,
    private readonly params: Record<string, unknown>,
  ) {}

  fit(x: Matrix): this {
    const training = this.startFit(x);
    return this.finishFit(training, this.fitModel(training.rows));
  }

  /** {@link fit} with the training rows scored on every core the machine has: the same model. */
  async fitAsync(x: Matrix): Promise<this> {
    const training = this.startFit(x);
    return this.finishFit(training, await this.fitModelAsync(training.rows));
  }

  score(x: Matrix): Float64Array {
    return this.rawScores(this.checked(x));
  }

  normalizedScore(x: Matrix): Float64Array {
    return normalizeScores(this.score(x), this.state().scale);
  }

  /** {@link normalizedScore} on every core the machine has: the same scores. */
  async normalizedScoreAsync(x: Matrix): Promise<Float64Array> {
    return normalizeScores(await this.rawScoresAsync(this.checked(x)), this.state().scale);
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

  report(): FitReport {
    const { missing, adjusted } = this.state().report;
    return { missing: { ...missing, perFeature: [...missing.perFeature] }, adjusted: [...adjusted] };
  }

  explain(x: Matrix, row: number): Float64Array {
    const { d } = this.state();
    const m = this.checked(x);
    if (!Number.isInteger(row) || row < 0 || row >= m.n) {
      throw new ValidationError(`row ${row} is not in 0..${m.n - 1}`, [
        { field: 'row', message: `an integer in 0..${m.n - 1}` },
      ]);
    }
    return this.explainRow(m.data.subarray(row * d, row * d + d));
  }

  toJSON(): DetectorJSON {
    const { d, scale, threshold, fill } = this.state();
    return {
      format: 'pynomaly.detector',
      version: 1,
      name: this.name,
      params: { ...this.params },
      nFeatures: d,
      scoreScale: { ...scale },
      threshold,
      missing: { handling: this.missingHandling, ...(fill ? { fill: Array.from(fill) } : {}) },
      model: this.modelJSON(),
    };
  }

  /** Records, while fitting, a parameter the training rows did not allow as given; see {@link report}. */
  protected adjust(adjustment: ParameterAdjustment): void {
    this.adjusted.push(adjustment);
  }

  /** Learns the model and returns the raw scores of the training rows. */
  protected abstract fitModel(m: Matrix): Float64Array;
  /** {@link fitModel} on worker threads where the algorithm can; on this thread otherwise. */
  protected async fitModelAsync(m: Matrix): Promise<Float64Array> {
    return this.fitModel(m);
  }
  /** Raw scores of checked rows with the fitted number of features. */
  protected abstract rawScores(m: Matrix): Float64Array;
  /** {@link rawScores} on worker threads where the algorithm can; on this thread otherwise. */
  protected async rawScoresAsync(m: Matrix): Promise<Float64Array> {
    return this.rawScores(m);
  }
  /** Per-feature contribution for one row. */
  protected abstract explainRow(row: Float64Array): Float64Array;
  /** JSON-safe fitted state. */
  protected abstract modelJSON(): unknown;

  /** Forgets the last fit (a failed refit leaves no half-old model) and prepares the training rows. */
  private startFit(x: Matrix): TrainingRows {
    this.fitted = undefined;
    this.adjusted = [];
    const m = checkMatrix(x, undefined, true);
    const missing = { handling: this.missingHandling, ...countMissing(m, true) };
    const fill = this.missingHandling === 'median' ? columnMedians(m) : undefined;
    return { rows: fill ? fillMissing(m, fill) : m, missing, fill };
  }

  private finishFit({ rows, missing, fill }: TrainingRows, raw: Float64Array): this {
    const scale = fitScoreScale(raw);
    const training = normalizeScores(raw, scale);
    this.fitted = {
      d: rows.d,
      scale,
      training,
      threshold: contaminationThreshold(training, this.contamination, () => distinctRows(rows)),
      fill,
      report: { missing, adjusted: this.adjusted },
    };
    return this;
  }

  /** Rows to score: checked against the fit, missing values filled under 'median' handling. */
  private checked(x: Matrix): Matrix {
    const { d, fill } = this.state();
    const m = checkMatrix(x, d, true);
    countMissing(m, false);
    return fill ? fillMissing(m, fill) : m;
  }

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
