import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Random } from '../packages/detection/src/random';
import { lodoBench, lodoSectionAndNotes } from './ensemble-lodo';

/** A labelled CSV: 80 Gaussian rows of 3 features and 4 rows far out, labelled 1. */
function labelledCsv(dir: string, name: string, seed: number): void {
  const rng = new Random(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const rows = Array.from({ length: 84 }, (_, i) => {
    const out = i >= 80;
    const features = [gauss(), gauss(), gauss()].map((v) => (out ? v + 6 : v));
    return `${features.join(',')},${out ? 1 : 0}`;
  });
  writeFileSync(join(dir, `${name}.csv`), `${rows.join('\n')}\n`);
}

describe('lodoBench', { timeout: 60_000 }, () => {
  it('chooses on the other sets, reports every held-out set, and keeps the notes after its section', () => {
    // The study reports progress and its section on the console.
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const data = mkdtempSync(join(tmpdir(), 'pynomaly-lodo-test-'));
    for (const [k, name] of ['a', 'b', 'c'].entries()) labelledCsv(data, name, k);
    const out = join(data, 'report.md');
    writeFileSync(out, '# Report\n\nkept above\n');
    const options = { data, seeds: 1, maxMembers: 2, out };
    const section = lodoBench(options);
    for (const name of ['a', 'b', 'c']) expect(section).toMatch(new RegExp(`^\\| ${name} \\| `, 'm'));
    expect(section).toContain('| **mean** |');

    writeFileSync(out, `${readFileSync(out, 'utf8')}\nnotes below\n`);
    lodoBench(options);
    const report = readFileSync(out, 'utf8');
    expect(report.startsWith('# Report\n\nkept above\n')).toBe(true);
    expect(report.match(/ensemble-lodo:start/g)).toHaveLength(1);
    expect(lodoSectionAndNotes(out)).toMatch(/ensemble-lodo:end -->\s+notes below$/);
    vi.restoreAllMocks();
  });
});
