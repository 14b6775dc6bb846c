import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/src/errors';
import type { Cell } from './cells';
import { Random } from './random';
import { analyzeTable } from './tabular';
import { accessLog, gaussian } from './test-data';

describe('analyzeTable on an office access log with planted exfiltration', () => {
  const log = accessLog();
  const result = analyzeTable(log, { seed: 0 });

  it('flags every planted row, with the highest scores', () => {
    const top = result.flagged.slice(0, 3).map((f) => f.rowIndex);
    expect(top.sort((a, b) => a - b)).toEqual(log.planted);
    const bestNormal = Math.max(...[...result.scores].filter((_, i) => !log.planted.includes(i)));
    for (const i of log.planted) expect(result.scores[i]).toBeGreaterThan(bestNormal);
    // 'auto' keeps to rows extreme for this sheet: the planted ones, and few ordinary rows.
    expect(result.threshold).toBeGreaterThan(0.5);
    expect(result.flagged.length).toBeLessThanOrEqual(log.planted.length + 10);
  });

  it('explains them by volume, time of day and origin', () => {
    for (const row of result.flagged.slice(0, 3)) {
      const byName = new Map(row.features.map((f) => [f.feature_name, f]));
      expect(byName.get('records_accessed')?.actual_value).toBe(15000);
      expect(byName.get('records_accessed')?.expected_value).toBeCloseTo(50, -1);
      expect(byName.get('records_accessed')?.deviation).toMatch(/^\+\d+x usual volume$/);
      expect(byName.get('timestamp')).toMatchObject({
        actual_value: '03:15',
        expected_value: '09:00-17:00',
        deviation: expect.stringContaining('03:15, outside usual 09:00-17:00'),
      });
      expect(byName.has('source_ip') || byName.has('location')).toBe(true);
      expect(byName.get('source_ip')?.deviation ?? '').toMatch(/185\.220\.0\.0\/16|public address/);
      expect(byName.get('location')).toMatchObject({
        actual_value: 'Moscow, Russia',
        expected_value: 'Singapore',
      });
      const shares = row.features.map((f) => f.contribution_score);
      expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
      expect([...shares].sort((a, b) => b - a)).toEqual(shares);
    }
  });

  it('reports the inferred column kinds', () => {
    expect(result.columns.map((c) => c.kind)).toEqual([
      'categorical',
      'timestamp',
      'numeric',
      'ip',
      'categorical',
      'categorical',
    ]);
  });

  it('is deterministic for a seed', () => {
    const again = analyzeTable(log, { seed: 0 });
    expect(again.flagged).toEqual(result.flagged);
    expect(Array.from(again.scores)).toEqual(Array.from(result.scores));
    expect(Array.from(analyzeTable(log, { seed: 1 }).scores)).not.toEqual(Array.from(result.scores));
  });

  it('honours contamination and maxAnomalies', () => {
    const five = analyzeTable(log, { seed: 0, contamination: 0.05 });
    // The threshold is the interpolated 95th percentile, so 15 or 16 of 303 rows lie above it.
    expect(five.flagged.length).toBeGreaterThanOrEqual(15);
    expect(five.flagged.length).toBeLessThanOrEqual(16);
    const capped = analyzeTable(log, { seed: 0, maxAnomalies: 2 });
    expect(capped.flagged.map((f) => f.rowIndex)).toEqual(result.flagged.slice(0, 2).map((f) => f.rowIndex));
  });
});

describe('analyzeTable explanations', () => {
  it('names the column that carries the anomaly', () => {
    const rng = new Random(3);
    const rows: Cell[][] = Array.from({ length: 400 }, () => [
      100 + 10 * gaussian(rng),
      20 + 2 * gaussian(rng),
      ['a', 'b', 'c'][rng.nextInt(3)]!,
    ]);
    rows[123] = [101, 95, 'b'];
    rows[321] = [99, 20, 'zzz'];
    const { flagged } = analyzeTable({ headers: ['load', 'latency_ms', 'zone'], rows }, { seed: 5 });
    const find = (i: number) => flagged.find((f) => f.rowIndex === i);
    expect(find(123)?.features[0]).toMatchObject({ feature_name: 'latency_ms', actual_value: 95 });
    expect(find(123)?.features[0]?.deviation).toMatch(/^\+4\.\dx usual value$/);
    expect(find(321)?.features[0]).toMatchObject({
      feature_name: 'zone',
      actual_value: 'zzz',
      deviation: 'value not seen in any other row',
    });
    expect(
      flagged
        .slice(0, 2)
        .map((f) => f.rowIndex)
        .sort(),
    ).toEqual([123, 321]);
  });

  it('describes low volumes, odd weekdays and rare networks', () => {
    const rows: Cell[][] = Array.from({ length: 200 }, (_, i) => [
      1000 + (i % 7) * 10,
      new Date(Date.UTC(2025, 10, 3 + (i % 5), 10 + (i % 6), 0)),
      `fd00::${(i % 50).toString(16)}`,
    ]);
    rows[77] = [120, new Date(Date.UTC(2025, 10, 9, 12, 0)), '2001:db8::1'];
    const { flagged } = analyzeTable({ headers: ['bytes', 'when', 'peer'], rows }, { seed: 2 });
    const row = flagged[0]!;
    expect(row.rowIndex).toBe(77);
    const byName = new Map(row.features.map((f) => [f.feature_name, f]));
    expect(byName.get('bytes')?.deviation).toBe('-88% of usual');
    expect(byName.get('when')).toMatchObject({ actual_value: 'Sunday 12:00', expected_value: 'Mon-Fri' });
    expect(byName.get('peer')?.deviation).toContain('public address');
  });
});

describe('analyzeTable edge cases', () => {
  it('refuses an empty sheet and rows longer than the headers', () => {
    expect(() => analyzeTable({ headers: ['a'], rows: [] })).toThrow(ValidationError);
    expect(() => analyzeTable({ headers: ['a'], rows: [[1, 2]] })).toThrow(ValidationError);
    expect(() => analyzeTable({ headers: ['a'], rows: [[1]] }, { maxAnomalies: -1 })).toThrow(
      ValidationError,
    );
  });

  it('copes with one and two rows, constant and empty columns, duplicates and gaps', () => {
    const one = analyzeTable({ headers: ['a', 'b'], rows: [[1, 'x']] });
    expect(Array.from(one.scores)).toEqual([0.5]);
    expect(one.flagged).toEqual([]);
    const two = analyzeTable({ headers: ['a'], rows: [[1], [5]] });
    expect(two.scores.every((s) => s > 0 && s <= 1)).toBe(true);
    const dup = analyzeTable({ headers: ['a', 'b'], rows: Array.from({ length: 30 }, () => [3, 'same']) });
    expect(dup.flagged).toEqual([]);
    expect(dup.columns.every((c) => !c.used)).toBe(true);

    const rows: Cell[][] = Array.from({ length: 60 }, (_, i) => [i % 10, 'k', null, i % 2 === 0 ? null : i]);
    rows[5] = [Number.NaN, 'k', '', 'n/a'];
    rows.push([]);
    const mixed = analyzeTable({ headers: ['n', 'const', 'empty', 'sparse'], rows });
    expect(mixed.columns).toEqual([
      { name: 'n', kind: 'numeric', used: true },
      { name: 'const', kind: 'categorical', used: false },
      { name: 'empty', kind: 'empty', used: false },
      { name: 'sparse', kind: 'numeric', used: true },
    ]);
    expect(mixed.scores.every((s) => Number.isFinite(s))).toBe(true);
  });
});
