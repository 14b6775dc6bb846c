/**
 * The lines of a byte stream as views of its chunks: no copy and no decoding, which is most of
 * what readline costs when a pass only moves lines (PrepareShards reads 10M rows in a third
 * of readline's time this way; bench/RESULTS.md, "Scale-out"). Empty lines are skipped and a
 * `\r` before the `\n` dropped, as readline with crlfDelay does.
 */
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** Calls `onLine` with each line, waiting for it when it answers a promise (a shard to store). */
export async function forEachLine(
  stream: AsyncIterable<Uint8Array>,
  onLine: (line: Buffer) => Promise<void> | undefined,
): Promise<void> {
  const emit = (data: Buffer, start: number, end: number) => {
    const last = end > start && data[end - 1] === RETURN ? end - 1 : end;
    return last > start ? onLine(data.subarray(start, last)) : undefined;
  };
  let rest: Buffer | undefined;
  for await (const chunk of stream) {
    const data = rest
      ? Buffer.concat([rest, chunk])
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let nl = data.indexOf(NEWLINE); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
      const waiting = emit(data, start, nl);
      start = nl + 1;
      if (waiting) await waiting;
    }
    rest = start < data.length ? data.subarray(start) : undefined;
  }
  if (rest) await emit(rest, 0, rest.length);
}

/** Lines joined by `\n` into one buffer (a shard's body). */
export function joinLines(lines: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  const newline = Buffer.from([NEWLINE]);
  lines.forEach((line, i) => {
    if (i > 0) parts.push(newline);
    parts.push(line);
  });
  return Buffer.concat(parts);
}
