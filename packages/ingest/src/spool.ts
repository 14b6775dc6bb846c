/**
 * A zip can only be checked and read safely with random access (central directory first),
 * so a streamed upload is copied to a private tmp directory, with a byte cap, before reading.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, InternalError, PayloadTooLargeError } from '../../core/src/errors';
import { withCause } from './cause';

/** A spooled copy of a stream; `remove()` deletes it and is safe to call twice. */
export interface SpooledFile {
  path: string;
  remove(): Promise<void>;
}

/** Copies `input` to a tmp file, failing with 413 once more than `maxBytes` have arrived. */
export async function spoolToTempFile(input: NodeJS.ReadableStream, maxBytes: number): Promise<SpooledFile> {
  const dir = await mkdtemp(join(tmpdir(), 'pynomaly-ingest-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'upload.xlsx');
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(new PayloadTooLargeError(`Workbook is larger than ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(input, cap, createWriteStream(path));
  } catch (error) {
    await remove();
    throw error instanceof AppError
      ? error
      : withCause(new InternalError('Could not buffer the workbook'), error);
  }
  return { path, remove };
}
