/**
 * Streaming-parse benchmark (`npx tsx bench/ingest.ts [--rows 200000]`): builds a one-sheet
 * security log with the hand-written OOXML writer of the tests, then reads it in a child
 * process with `readWorkbook` (counting rows, holding none), and prints rows per second and
 * the child's peak RSS — the figure that must stay flat as files grow.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readWorkbook } from '../packages/ingest/src/index';
import { makeXlsx, type XlsxCellInput } from '../packages/ingest/src/testing/make-xlsx';

async function measure(path: string): Promise<void> {
  const started = performance.now();
  let rows = 0;
  await readWorkbook(path, { onSheet: () => undefined, onRow: () => void rows++ });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      rows,
      seconds: Math.round(seconds * 100) / 100,
      rows_per_s: Math.round(rows / seconds),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

function build(rowCount: number, dir: string): string {
  const rows: XlsxCellInput[][] = [['user', 'timestamp', 'records', 'source_ip', 'location', 'action']];
  for (let i = 0; i < rowCount; i++) {
    rows.push([
      `user${i % 500}@example.com`,
      new Date(Date.UTC(2025, 10, 1 + (i % 28), 8 + (i % 10), i % 60)),
      40 + (i % 23),
      `10.0.${i % 256}.${(i * 7) % 256}`,
      i % 97 ? 'Singapore' : 'Berlin',
      i % 3 ? 'view' : 'update',
    ]);
  }
  const path = join(dir, `log-${rowCount}.xlsx`);
  writeFileSync(path, makeXlsx([{ name: 'Access Logs', rows }]));
  return path;
}

const { values } = parseArgs({ options: { rows: { type: 'string' }, measure: { type: 'string' } } });
if (values.measure) {
  await measure(values.measure);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-bench-'));
  for (const count of values.rows ? [Number(values.rows)] : [20_000, 200_000]) {
    const path = build(count, dir);
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', path],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
    console.log(
      `| ${count.toLocaleString('en')} | ${(statSync(path).size / 1048576).toFixed(1)} MB | ${result.seconds} s | ${result.rows_per_s?.toLocaleString('en')} | ${result.peak_rss_mb} MB |`,
    );
  }
}
