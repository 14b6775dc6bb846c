import type { Matrix } from './types';

/**
 * Indices of the first occurrence of each distinct row (bit-for-bit equal values, so NaN
 * matches NaN), ascending; undefined when no row repeats. O(n·d): rows are hashed into an
 * open-addressing table and compared only on a hash match.
 */
export function distinctRows(m: Matrix): Int32Array | undefined {
  const { data, n, d } = m;
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
  const width = 2 * d;
  const size = 2 ** Math.ceil(Math.log2(2 * n + 1));
  const slots = new Int32Array(size).fill(-1);
  const hashes = new Uint32Array(n);
  const keep = new Int32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let w = i * width; w < (i + 1) * width; w++) h = Math.imul(h ^ words[w]!, 0x01000193);
    hashes[i] = h >>> 0;
    let slot = hashes[i]! & (size - 1);
    let repeated = false;
    for (; slots[slot] !== -1; slot = (slot + 1) & (size - 1)) {
      const other = slots[slot]!;
      if (hashes[other] === hashes[i] && sameRow(words, other * width, i * width, width)) {
        repeated = true;
        break;
      }
    }
    if (repeated) continue;
    slots[slot] = i;
    keep[kept++] = i;
  }
  return kept < n ? keep.slice(0, kept) : undefined;
}

function sameRow(words: Uint32Array, a: number, b: number, width: number): boolean {
  for (let w = 0; w < width; w++) if (words[a + w] !== words[b + w]) return false;
  return true;
}
