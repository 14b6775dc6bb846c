import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Reads PDFs the way a person's viewer would, with Debian's poppler-utils (`pdftotext`,
 * `pdftoppm`, `pdfinfo`; `.ci/run` installs them).
 */
const run = promisify(execFile);

async function withPdf<T>(pdf: Buffer, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'pynomaly-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return await use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function poppler(tool: string, args: string[]): Promise<string> {
  try {
    return (await run(tool, args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${tool} is not installed: apt-get install poppler-utils`);
    throw error;
  }
}

/** The text pdftotext extracts (UTF-8), pages in order. */
export function pdfText(pdf: Buffer, layout = false): Promise<string> {
  return withPdf(pdf, (file) =>
    poppler('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-']),
  );
}

/** pdfinfo's fields (`Pages`, `Title`, `Page size`, …). */
export function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  return withPdf(pdf, async (file) => {
    const out = await poppler('pdfinfo', [file]);
    return Object.fromEntries(
      out
        .split('\n')
        .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
        .filter((m) => m !== null)
        .map((m) => [m[1] ?? '', m[2] ?? '']),
    );
  });
}

/** One page drawn as PNG by pdftoppm, at `dpi`. */
export function pagePng(pdf: Buffer, page = 1, dpi = 72): Promise<Buffer> {
  return withPdf(pdf, async (file, dir) => {
    const base = join(dir, 'page');
    await poppler('pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      base,
    ]);
    return readFileSync(`${base}.png`);
  });
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(0, 8).toString('latin1') !== '\x89PNG\r\n\x1a\n') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** One page drawn by pdftoppm as raw RGB pixels (its PPM output), to look at what is on it. */
export function pagePixels(
  pdf: Buffer,
  page = 1,
  dpi = 50,
): Promise<{ width: number; height: number; rgb: Buffer }> {
  return withPdf(pdf, async (file, dir) => {
    const base = join(dir, 'page');
    await poppler('pdftoppm', [
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      base,
    ]);
    const ppm = readFileSync(`${base}.ppm`);
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 32).toString('latin1'));
    if (!header) throw new Error('not a binary PPM');
    const [text, width, height] = header;
    return { width: Number(width), height: Number(height), rgb: ppm.subarray(text.length) };
  });
}
