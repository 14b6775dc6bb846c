import { describe, expect, it } from 'vitest';
import { labelledTable, splitRows } from './evaluation';

describe('labels and splits', () => {
  it('takes a binary column with a usual label name as ground truth, and not a feature called y', () => {
    const rows = [
      [0.5, 2.5, 0],
      [0.1, -1.2, 1],
    ];
    const table = labelledTable(['x', 'y', 'label'], rows);
    expect(table).toMatchObject({ labelColumn: 'label', features: ['x', 'y'], labels: [0, 1] });
    expect(
      labelledTable(
        ['x', 'y'],
        rows.map((r) => r.slice(0, 2)),
      ).labels,
    ).toBeNull();
  });

  it('splits the same way for a seed and keeps anomalies in both parts', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i % 20 === 0 ? 1 : 0));
    const split = splitRows(100, 0.2, 'seed', labels);
    expect(splitRows(100, 0.2, 'seed', labels)).toEqual(split);
    expect(split.validation.filter((i) => labels[i] === 1)).toHaveLength(1);
    expect(split.train.filter((i) => labels[i] === 1)).toHaveLength(4);
    expect(new Set([...split.train, ...split.validation]).size).toBe(100);
  });

  it('splits a dataset of hundreds of thousands of rows (autonomous mode on a large upload)', () => {
    const split = splitRows(300_000, 0.3, 'seed');
    expect(split.validation).toHaveLength(90_000);
    expect(split.train).toHaveLength(210_000);
  });
});
