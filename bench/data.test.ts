import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelledCsv } from './data';

describe('benchmark CSVs', () => {
  it('read an empty cell as missing (NaN), not 0', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bench-')), 'set.csv');
    writeFileSync(path, '1,,0\n, 2.5 ,1\n3,4,0\n');
    const { x, y } = readLabelledCsv(path);
    expect(Array.from(x.data)).toEqual([1, Number.NaN, Number.NaN, 2.5, 3, 4]);
    expect(Array.from(y)).toEqual([0, 1, 0]);
  });
});
