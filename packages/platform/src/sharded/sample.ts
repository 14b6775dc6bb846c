/**
 * The rows a sharded detection fits on: a uniform sample without replacement of a dataset
 * too large for one function, drawn in one streaming pass (bottom-k sampling).
 *
 * Each row gets a priority that is a hash of its bytes and its position, and the sample is the
 * `size` rows of smallest priority. The sample is therefore a function of the data alone — the
 * same rows in the same order give the same sample on any function, after any retry, whatever
 * the shard size — with no seed to store; and, the hash being uniform, every subset of `size`
 * rows is equally likely. The position is hashed too, so that duplicate rows are sampled
 * independently (with their bytes alone, a row repeated half the dataset over would be all in
 * or all out).
 */

/** FNV-1a over the bytes, from `basis`: 32 bits. */
function fnv1a(bytes: Uint8Array, basis: number): number {
  let h = basis;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: FNV's low bits are weak, this spreads every input bit over the output. */
function mix(h: number): number {
  let z = h;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A row's priority in [0, 1): 53 bits from a 32-bit hash of its bytes and position, and a
 * second hash of that and the position (the bytes are read once: this pass is the serial part).
 */
export function rowPriority(bytes: Uint8Array, index: number): number {
  const h = fnv1a(bytes, (0x811c9dc5 ^ index) >>> 0);
  const hi = mix(h);
  const lo = mix((h ^ Math.imul(index + 1, 0x9e3779b1) ^ bytes.length) >>> 0);
  return (hi * 2 ** 21 + (lo >>> 11)) / 2 ** 53;
}

interface Entry {
  priority: number;
  index: number;
  text: string;
}

/** `a` is sampled before `b`: a smaller priority, ties to the earlier row. */
const before = (a: Entry, b: Entry) =>
  a.priority < b.priority || (a.priority === b.priority && a.index < b.index);

/**
 * Bottom-k sample of rows offered one at a time (their bytes, as stored). Memory is `size`
 * rows; time O(n + size · log size · log(n / size)), as a row enters only when it beats the
 * worst kept one.
 */
export class ContentSample {
  /** A max-heap on priority: the root is the row the next better one replaces. */
  private readonly heap: Entry[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`sample size must be a positive integer: ${size}`);
  }

  /**
   * Offers the row at `index` (its position in the dataset, from 0) as stored (UTF-8 bytes);
   * only a row kept is decoded.
   */
  offer(bytes: Uint8Array, index: number): void {
    const priority = rowPriority(bytes, index);
    const heap = this.heap;
    const full = heap.length >= this.size;
    if (full && !before({ priority, index, text: '' }, heap[0]!)) return;
    const entry = {
      priority,
      index,
      text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
    };
    if (!full) {
      heap.push(entry);
      this.up(heap.length - 1);
    } else {
      heap[0] = entry;
      this.down(0);
    }
  }

  /** The sampled rows in dataset order, with their positions. */
  rows(): Array<{ index: number; text: string }> {
    return this.heap.map(({ index, text }) => ({ index, text })).sort((a, b) => a.index - b.index);
  }

  private up(i: number): void {
    const heap = this.heap;
    let child = i;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!before(heap[parent]!, heap[child]!)) return;
      [heap[parent], heap[child]] = [heap[child]!, heap[parent]!];
      child = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    let parent = i;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let largest = parent;
      if (left < heap.length && before(heap[largest]!, heap[left]!)) largest = left;
      if (right < heap.length && before(heap[largest]!, heap[right]!)) largest = right;
      if (largest === parent) return;
      [heap[parent], heap[largest]] = [heap[largest]!, heap[parent]!];
      parent = largest;
    }
  }
}
