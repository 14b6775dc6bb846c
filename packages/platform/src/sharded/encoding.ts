import type { Matrix } from '@pynomaly/detection';
import type { Cell } from '@pynomaly/ingest';
import { MatrixBuilder, observedMeanStd, type Preprocessing } from '../preprocess';

/**
 * How every shard turns rows into the model's matrix, learnt once from the sample: which
 * columns are features, what fills a missing cell (NaN: left to the algorithm, as
 * `handle_missing: 'auto'` does), and (with `normalize`) each feature's mean and standard
 * deviation. A single-function detection learns these from all the rows; here the sample
 * stands for them, so every shard is encoded alike.
 */
export interface Encoding {
  /** Positions in the row of the features, in matrix column order. */
  columns: number[];
  features: string[];
  ignored: string[];
  fill: number[];
  center: number[];
  scale: number[];
  /** `handle_missing: 'drop'`: a row with a missing feature is not scored. */
  drop: boolean;
  /** Missing values left to the algorithm: a row with no value at all is not scored, as in one function. */
  skipEmpty: boolean;
}

/** A number, a boolean as 0/1, else missing: text in a feature column is missing, not an error. */
const numeric = (cell: Cell | undefined): number =>
  typeof cell === 'number' ? cell : typeof cell === 'boolean' ? Number(cell) : Number.NaN;

const FILLS = ['mean', 'median', 'zero'] as const;
type Fill = (typeof FILLS)[number];

function fillOf(strategy: Fill, values: number[]): number {
  if (strategy === 'zero') return 0;
  if (strategy === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/**
 * The encoding of the sample's rows and their matrix. Which columns are features, and the
 * errors (no numeric feature, every row dropped), are the single-function detection's own
 * (MatrixBuilder), so that a sample it would refuse is refused here alike.
 */
export function fitEncoding(
  featureNames: string[],
  rows: Cell[][],
  preprocessing: Preprocessing = {},
): { encoding: Encoding; matrix: Matrix; rowIndex: number[] } {
  const builder = new MatrixBuilder(featureNames);
  for (const row of rows) builder.add(row);
  const built = builder.build({ ...preprocessing, normalize: false });
  const columns = built.features.map((f) => featureNames.indexOf(f));
  const strategy = preprocessing.handle_missing;
  const filled = FILLS.find((f) => f === strategy);
  const fill = columns.map((j) =>
    filled
      ? fillOf(
          filled,
          rows.map((r) => numeric(r[j])).filter((v) => !Number.isNaN(v)),
        )
      : Number.NaN,
  );
  const d = columns.length;
  const encoding: Encoding = {
    columns,
    features: built.features,
    ignored: built.ignored,
    fill: strategy === 'drop' ? fill.map(() => 0) : fill,
    center: new Array<number>(d).fill(0),
    scale: new Array<number>(d).fill(1),
    drop: strategy === 'drop',
    skipEmpty: !filled && strategy !== 'drop',
  };
  if (preprocessing.normalize) {
    // Each feature's mean and deviation over the sample as encoded, its gaps (if left) aside.
    const { data, n } = encode(encoding, rows.length, (i) => rows[i]!).matrix;
    for (let c = 0; c < d; c++) {
      const { mean, std } = observedMeanStd(data, n, d, c);
      encoding.center[c] = mean;
      encoding.scale[c] = std;
    }
  }
  return { encoding, ...encode(encoding, rows.length, (i) => rows[i]!) };
}

/**
 * `count` rows as the model's matrix, and the row (from 0) of each matrix row. Rows are asked
 * for one at a time (`rowAt`), so a shard's parsed rows need never be held all at once.
 */
export function encode(
  encoding: Encoding,
  count: number,
  rowAt: (i: number) => readonly Cell[],
): { matrix: Matrix; rowIndex: number[] } {
  const { columns, fill, center, scale, drop, skipEmpty } = encoding;
  const d = columns.length;
  const data = new Float64Array(count * d);
  const rowIndex: number[] = [];
  let n = 0;
  rows: for (let i = 0; i < count; i++) {
    const row = rowAt(i);
    const at = n * d;
    let present = 0;
    for (let c = 0; c < d; c++) {
      let v = numeric(row[columns[c]!]);
      if (Number.isNaN(v)) {
        if (drop) continue rows;
        v = fill[c]!;
      } else present++;
      data[at + c] = (v - center[c]!) / scale[c]!;
    }
    if (skipEmpty && present === 0) continue;
    rowIndex.push(i);
    n++;
  }
  return { matrix: { data: data.subarray(0, n * d), n, d }, rowIndex };
}
