import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

/** `npm run bench -- …args` without npm: tsx on bench/run.ts. */
function bench(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

/** 60 rows of 3 features, the last 3 rows far out and labelled 1. */
function tinyCsv(): string {
  const rows = Array.from({ length: 60 }, (_, i) => {
    const out = i >= 57;
    const v = (j: number) => (out ? 20 + i + j : Math.sin(i * (j + 1)));
    return `${v(0)},${v(1)},${v(2)},${out ? 1 : 0}`;
  });
  const file = join(mkdtempSync(join(tmpdir(), 'pynomaly-bench-test-')), 'tiny.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

describe('npm run bench', { timeout: 60_000 }, () => {
  it('prints its usage with --help, and with an unknown flag exits 2', () => {
    const help = bench('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: npm run bench');
    expect(help.stdout).toContain('ensemble');
    const wrong = bench('--no-such-flag');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('Usage: npm run bench');
  });

  it('runs any registry algorithm on a CSV and prints one JSON line with its AUC', () => {
    const file = tinyCsv();
    for (const algorithm of ['ecod', 'ensemble', 'robust_zscore']) {
      const out = bench('--dataset', file, '--algorithm', algorithm, '--seed', '0');
      expect(out.status, out.stderr).toBe(0);
      const result = JSON.parse(out.stdout.trim());
      expect(result).toMatchObject({ algorithm, n: 60, d: 3 });
      expect(result.auc).toBe(1);
    }
    const unknown = bench('--dataset', file, '--algorithm', 'dbscan');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown algorithm 'dbscan'");
  });
});
