import { type Cell, cellText, parseNumber } from './cells';
import type { EncodedColumn } from './encoded-column';
import { formatNumber, roundSensibly } from './format';
import { imputeMedian, quantile, sortedFinite } from './stats';

/** Headers whose numbers are amounts of something, so "+300x usual volume" reads right. */
const VOLUME_HEADER =
  /count|records|rows|bytes|volume|size|amount|total|num|packets|requests|files|events|attempts|qty|quantity|download|upload|transfer/i;

interface Spread {
  median: number;
  q1: number;
  q3: number;
}

/**
 * Numeric column: the value itself, through log1p when the column is non-negative and
 * heavy-tailed (95th percentile over 3× the median), so one huge transfer does not squash
 * every other difference into the first split.
 */
export function encodeNumeric(header: string, cells: readonly (Cell | undefined)[]): EncodedColumn {
  const raw = Float64Array.from(cells, (c) => parseNumber(c) ?? Number.NaN);
  const sorted = sortedFinite(raw);
  const spread = spreadOf(sorted);
  const nonNegative = (sorted[0] ?? 0) >= 0;
  const q95 = quantile(sorted, 0.95);
  const heavy = nonNegative && (spread.median === 0 ? q95 > 0 : q95 / spread.median > 3);
  const integer = sorted.every(Number.isInteger);
  const noun = integer && nonNegative && VOLUME_HEADER.test(header) ? 'volume' : 'value';
  const feature = heavy ? raw.map(Math.log1p) : raw.slice();
  imputeMedian(feature);
  const expected = sorted.length > 0 ? roundSensibly(spread.median, integer) : null;
  return {
    features: [feature],
    weight: 1,
    describe: (row) => {
      const x = raw[row]!;
      if (Number.isNaN(x))
        return { actual_value: null, expected_value: expected, deviation: 'missing value' };
      return { actual_value: x, expected_value: expected, deviation: numericDeviation(x, spread, noun) };
    },
  };
}

/** Free text: judged by its length, the one trait of prose that separates pasted payloads from notes. */
export function encodeTextLength(cells: readonly (Cell | undefined)[]): EncodedColumn {
  const length = Float64Array.from(cells, (c) => cellText(c)?.length ?? Number.NaN);
  const spread = spreadOf(sortedFinite(length));
  const feature = length.map(Math.log1p);
  imputeMedian(feature);
  const expected = Number.isNaN(spread.median) ? null : Math.round(spread.median);
  return {
    features: [feature],
    weight: 1,
    describe: (row) => {
      const x = length[row]!;
      if (Number.isNaN(x)) return { actual_value: null, expected_value: expected, deviation: 'missing text' };
      return {
        actual_value: x,
        expected_value: expected,
        deviation: `${x} characters: ${numericDeviation(x, spread, 'length')}`,
      };
    },
  };
}

/**
 * Words for how far x is from the column's usual values: a ratio to the median when it is
 * large ("+300x usual volume", "-85% of usual"), else distance from the interquartile
 * range in IQRs ("+3.2 IQR above usual range").
 */
export function numericDeviation(x: number, s: Spread, noun: string): string {
  if (s.median > 0 && x >= 0) {
    const ratio = x / s.median;
    if (ratio >= 3) return `+${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}x usual ${noun}`;
    if (ratio <= 1 / 3) return `-${Math.round((1 - ratio) * 100)}% of usual`;
  }
  const iqr = s.q3 - s.q1;
  if (iqr > 0) {
    if (x > s.q3) return `+${((x - s.q3) / iqr).toFixed(1)} IQR above usual range`;
    if (x < s.q1) return `-${((s.q1 - x) / iqr).toFixed(1)} IQR below usual range`;
    return `within usual range ${formatNumber(s.q1)}-${formatNumber(s.q3)}`;
  }
  const diff = x - s.median;
  if (diff === 0) return 'equal to the usual value';
  return `${diff > 0 ? '+' : ''}${formatNumber(diff)} from usual ${formatNumber(s.median)}`;
}

function spreadOf(sorted: Float64Array): Spread {
  return { median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75) };
}
