/**
 * The PDF renderer works inside a function bundle: built with the options every function is
 * built with (infra/constructs/function-bundles.ts) into a directory with no node_modules
 * anywhere above it, as in Lambda, it renders a report that reads right. PDFKit would load
 * the standard fonts' metrics from files of its package; the renderer uses only the font
 * embedded in the code, so the single-file bundle needs nothing beside it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_OPTIONS, REPO_ROOT } from '../../infra/constructs/function-bundles';
import { pdfText } from '../../packages/reports/src/testing/poppler';

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pynomaly-pdf-bundle-'));
  const from = (path: string) => JSON.stringify(join(REPO_ROOT, path));
  writeFileSync(
    join(dir, 'entry.ts'),
    [
      "import { writeFileSync } from 'node:fs';",
      `import { exportReport } from ${from('packages/reports/src/export.ts')};`,
      `import { sampleReport } from ${from('packages/reports/src/testing/fixtures.ts')};`,
      `import { seedAnomaly } from ${from('packages/triage/src/testing/fixtures.ts')};`,
      "const file = await exportReport(sampleReport(), seedAnomaly(), 'pdf', { dataset_filename: 'Журнал 密.xlsx' });",
      'writeFileSync(process.argv[2], file.body);',
    ].join('\n'),
  );
  buildSync({
    ...BUNDLE_OPTIONS,
    absWorkingDir: REPO_ROOT,
    entryPoints: { index: join(dir, 'entry.ts') },
    outdir: join(dir, 'out'),
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the PDF renderer in a function bundle', () => {
  it('is one self-contained module', () => {
    expect(readdirSync(join(dir, 'out')).filter((f) => !f.endsWith('.map'))).toEqual(['index.mjs']);
  });

  it('renders a report from the bundle alone, its embedded font drawing non-Latin text', async () => {
    const output = join(dir, 'report.pdf');
    await run(process.execPath, [join(dir, 'out', 'index.mjs'), output], { cwd: dir });
    const pdf = readFileSync(output);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Anomaly triage report');
    expect(text).toContain('Threat type Data Exfiltration - Insider Threat');
    expect(text).toContain('Dataset Журнал \uFFFD.xlsx');
    expect(text).toContain('Feature deviations');
  });
});
