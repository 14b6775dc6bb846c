import { readFileSync } from 'node:fs';
import type { Matrix } from '../packages/detection/src/index';
import { Random } from '../packages/detection/src/random';

/** A benchmark set: features as a row-major matrix and 0/1 labels (1 = anomaly). */
export interface Labelled {
  x: Matrix;
  y: Uint8Array;
}

/** Reads an ADBench CSV: no header, numbers, label in the last column. */
export function readLabelledCsv(path: string): Labelled {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const d = lines[0]!.split(',').length - 1;
  const n = lines.length;
  const data = new Float64Array(n * d);
  const y = new Uint8Array(n);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    for (let j = 0; j < d; j++) data[i * d + j] = Number(cells[j]);
    y[i] = Number(cells[d]) === 1 ? 1 : 0;
  });
  return { x: { data, n, d }, y };
}

/**
 * The README's scaling set: N(0, I_d) with 1 % of rows replaced by uniform outliers in
 * [-6, 6]^d (labelled 1), seeded so every run times the same data.
 */
export function synthetic(n: number, d: number, seed: number): Labelled {
  const rng = new Random(seed);
  const data = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const outlier = rng.nextFloat() < 0.01;
    y[i] = outlier ? 1 : 0;
    for (let j = 0; j < d; j++) {
      if (outlier) {
        data[i * d + j] = -6 + 12 * rng.nextFloat();
      } else {
        const u = 1 - rng.nextFloat();
        data[i * d + j] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
      }
    }
  }
  return { x: { data, n, d }, y };
}
