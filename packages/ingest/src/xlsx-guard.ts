/**
 * Checks an uploaded workbook before any XML is parsed: file magic, then the zip's central
 * directory (read with yauzl, nothing inflated). Zip headers can lie about sizes, so the
 * declared sizes checked here are also enforced while reading: yauzl's `validateEntrySizes`
 * fails any entry that inflates past its declared size, which caps total inflation at the
 * declared total accepted here.
 */
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  AppError,
  PayloadTooLargeError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../core/src/errors';
import { withCause } from './cause';

/** Resource bounds for one workbook; every one of them is enforced before or during reading. */
export interface XlsxLimits {
  /** Size of the .xlsx file itself. */
  maxFileBytes: number;
  maxEntries: number;
  /** Sum of the declared uncompressed sizes of all entries. */
  maxUncompressedBytes: number;
  /** Per-entry uncompressed:compressed ratio, checked for entries of at least `ratioCheckMinBytes`. */
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  maxSheets: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  maxFileBytes: 256 * MiB,
  maxEntries: 10_000,
  maxUncompressedBytes: 512 * MiB,
  maxCompressionRatio: 200,
  ratioCheckMinBytes: MiB,
  maxSheets: 1000,
});

/** What the pre-scan learned; `sheetCount` counts worksheet parts in the zip. */
export interface XlsxInspection {
  fileBytes: number;
  entryCount: number;
  uncompressedBytes: number;
  sheetCount: number;
}

/** An open, pre-scanned workbook zip. The caller must `close()` it. */
export interface OpenedXlsx extends XlsxInspection {
  entries: ReadonlyMap<string, Entry>;
  /** Inflates one entry; the stream errors if the entry inflates past its declared size. */
  openEntry(entry: Entry): Promise<Readable>;
  close(): void;
}

const NOT_XLSX = 'File is not a valid .xlsx workbook';
const ENCRYPTED_OR_LEGACY = 'Encrypted or legacy Excel files are not supported';
const CORRUPT = 'Corrupt workbook';
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// OLE2 compound file: legacy .xls, and also password-protected OOXML (an EncryptedPackage stream).
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

/** Rejects any upload name that is not `*.xlsx` (case-insensitive). */
export function assertXlsxFilename(name: string): void {
  if (!/\.xlsx$/i.test(name.trim())) {
    throw new ValidationError('Invalid file extension. Only .xlsx files are supported.', [
      { field: 'file', message: 'Only .xlsx files are supported' },
    ]);
  }
}

/** Runs every pre-parse check on the file at `path` and returns what it found. */
export async function inspectXlsx(path: string, limits?: Partial<XlsxLimits>): Promise<XlsxInspection> {
  const opened = await openXlsx(path, limits);
  opened.close();
  const { fileBytes, entryCount, uncompressedBytes, sheetCount } = opened;
  return { fileBytes, entryCount, uncompressedBytes, sheetCount };
}

/** {@link inspectXlsx}, keeping the zip open so the reader can inflate entries by name. */
export async function openXlsx(path: string, overrides?: Partial<XlsxLimits>): Promise<OpenedXlsx> {
  const limits = { ...DEFAULT_XLSX_LIMITS, ...overrides };
  const fileBytes = await checkMagic(path, limits);
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    throw withCause(new UnprocessableError(CORRUPT), error);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new PayloadTooLargeError(`Workbook has more than ${limits.maxEntries} zip entries`);
    }
    const scan = await scanEntries(zip, limits);
    for (const required of ['[Content_Types].xml', 'xl/workbook.xml']) {
      if (!scan.entries.has(required)) throw new UnsupportedMediaTypeError(NOT_XLSX);
    }
    return {
      fileBytes,
      entryCount: scan.entries.size,
      uncompressedBytes: scan.uncompressedBytes,
      sheetCount: scan.sheetCount,
      entries: scan.entries,
      openEntry: (entry) => zip.openReadStreamPromise(entry),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error instanceof AppError ? error : withCause(new UnprocessableError(CORRUPT), error);
  }
}

async function checkMagic(path: string, limits: XlsxLimits): Promise<number> {
  const { size } = await stat(path);
  if (size > limits.maxFileBytes) {
    throw new PayloadTooLargeError(`Workbook is larger than ${limits.maxFileBytes} bytes`);
  }
  const head = Buffer.alloc(OLE2_MAGIC.length);
  const file = await open(path, 'r');
  try {
    await file.read(head, 0, head.length, 0);
  } finally {
    await file.close();
  }
  if (head.equals(OLE2_MAGIC)) throw new UnsupportedMediaTypeError(ENCRYPTED_OR_LEGACY);
  if (!head.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) throw new UnsupportedMediaTypeError(NOT_XLSX);
  return size;
}

async function scanEntries(zip: ZipFile, limits: XlsxLimits) {
  const entries = new Map<string, Entry>();
  let uncompressedBytes = 0;
  let sheetCount = 0;
  for await (const entry of zip.eachEntry()) {
    const name = entry.fileName;
    if (entries.has(name)) throw new UnprocessableError(CORRUPT);
    entries.set(name, entry);
    if (entries.size > limits.maxEntries) {
      throw new PayloadTooLargeError(`Workbook has more than ${limits.maxEntries} zip entries`);
    }
    if (entry.isEncrypted()) throw new UnsupportedMediaTypeError(ENCRYPTED_OR_LEGACY);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new UnprocessableError(CORRUPT);
    const size = entry.uncompressedSize;
    uncompressedBytes += size;
    if (uncompressedBytes > limits.maxUncompressedBytes) {
      throw new PayloadTooLargeError(`Workbook expands to more than ${limits.maxUncompressedBytes} bytes`);
    }
    if (size >= limits.ratioCheckMinBytes && size > limits.maxCompressionRatio * entry.compressedSize) {
      throw new PayloadTooLargeError(
        `Workbook entry exceeds the ${limits.maxCompressionRatio}:1 compression ratio`,
      );
    }
    if (SHEET_PART.test(name) && ++sheetCount > limits.maxSheets) {
      throw new PayloadTooLargeError(`Workbook has more than ${limits.maxSheets} sheets`);
    }
  }
  return { entries, uncompressedBytes, sheetCount };
}
