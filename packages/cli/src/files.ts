/** Local files: reading one to upload, and rows given as a file or as JSON on the command line. */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { UploadFile } from 'pynomaly-js';
import { CliError, EXIT } from './exit-codes';

export function readUpload(path: string): UploadFile {
  if (!existsSync(path)) throw new CliError(`No such file: ${path}`, EXIT.usage);
  return { data: new Uint8Array(readFileSync(path)), filename: basename(path) };
}

/** Whether `value` names a local file (rather than an id or inline JSON). */
export const isLocalFile = (value: string) => existsSync(value);

/** Rows given inline as a JSON array (`'[[1,2],[3,4]]'`). */
export function inlineRows(value: string): unknown[] {
  try {
    const rows = JSON.parse(value) as unknown;
    if (Array.isArray(rows)) return rows;
  } catch {
    // Not JSON: said below.
  }
  throw new CliError('Give rows as a file (CSV, JSON, XLSX, Parquet) or as a JSON array', EXIT.usage);
}
