import { describe, expect, it } from 'vitest';
import { ContentSample, rowPriority } from './sample';

const lines = (n: number, text = (i: number) => `[${i},${(i * 7919) % 1000}]`) =>
  Array.from({ length: n }, (_, i) => text(i));

const sampleOf = (rows: string[], size: number) => {
  const sample = new ContentSample(size);
  rows.forEach((row, i) => {
    sample.offer(Buffer.from(row), i);
  });
  return sample.rows();
};

describe('ContentSample', () => {
  it('keeps every row, in order, when there are no more than its size', () => {
    const rows = lines(50);
    expect(sampleOf(rows, 50).map((r) => r.text)).toEqual(rows);
    expect(sampleOf(rows, 80)).toHaveLength(50);
  });

  it('is a function of the data: the same rows give the same sample, other rows another', () => {
    const rows = lines(20_000);
    const first = sampleOf(rows, 500).map((r) => r.index);
    expect(sampleOf(rows, 500).map((r) => r.index)).toEqual(first);
    expect(first).toEqual([...first].sort((a, b) => a - b));
    const changed = rows.map((r) => `${r} `);
    const other = sampleOf(changed, 500).map((r) => r.index);
    expect(other.filter((i) => first.includes(i)).length).toBeLessThan(40);
  });

  it('is uniform: each row is kept about size/n of the time, across datasets', () => {
    // 400 datasets of 1,000 rows, 100 kept each: every position's rate should be near 0.1.
    const kept = new Array<number>(1000).fill(0);
    for (let d = 0; d < 400; d++)
      for (const { index } of sampleOf(
        lines(1000, (i) => `[${d},${i}]`),
        100,
      ))
        kept[index]!++;
    const rates = kept.map((k) => k / 400);
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(mean).toBeCloseTo(0.1, 10);
    // Binomial(400, 0.1): sd 0.015 per position; halves of the dataset agree within 0.01.
    const half = (from: number) => rates.slice(from, from + 500).reduce((a, b) => a + b, 0) / 500;
    expect(Math.abs(half(0) - half(500))).toBeLessThan(0.01);
    expect(Math.max(...rates)).toBeLessThan(0.2);
  });

  it('samples duplicate rows independently of one another', () => {
    const rows = lines(10_000, (i) => (i % 2 ? '[1,1]' : `[${i},0]`));
    const duplicates = sampleOf(rows, 1000).filter((r) => r.text === '[1,1]').length;
    expect(duplicates).toBeGreaterThan(430);
    expect(duplicates).toBeLessThan(570);
  });

  it('gives priorities spread over [0, 1)', () => {
    const p = lines(10_000).map((r, i) => rowPriority(Buffer.from(r), i));
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...p)).toBeLessThan(1);
    expect(p.filter((x) => x < 0.5).length / p.length).toBeCloseTo(0.5, 1);
    expect(() => new ContentSample(0)).toThrow(RangeError);
  });
});
