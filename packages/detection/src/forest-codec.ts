import { ValidationError } from '../../core/src/errors';
import { corrections, type ForestArrays } from './tree-builder';

/**
 * Compact, lossless encoding of a forest's typed arrays as base64 of their raw
 * little-endian bytes (Node's native order on every platform it ships for), so a model
 * loaded back scores bit-identically. Node corrections are recomputed from node sizes
 * with the same function, which is exact too, and saves a quarter of the payload.
 */
export interface EncodedForest {
  roots: string;
  feature: string;
  threshold: string;
  left: string;
  right: string;
  nodeSize: string;
}

/** Encodes a forest's arrays as base64 strings. */
export function encodeForest(f: ForestArrays): EncodedForest {
  return {
    roots: toBase64(f.roots),
    feature: toBase64(f.feature),
    threshold: toBase64(f.threshold),
    left: toBase64(f.left),
    right: toBase64(f.right),
    nodeSize: toBase64(f.nodeSize),
  };
}

/**
 * Decodes and checks a forest: every index in range and every child after its parent, so
 * a tampered or truncated model fails loudly here rather than looping or reading out of
 * bounds while scoring.
 */
export function decodeForest(e: EncodedForest, nFeatures: number): ForestArrays {
  const roots = new Int32Array(fromBase64(e.roots, 'roots'));
  const feature = new Int32Array(fromBase64(e.feature, 'feature'));
  const threshold = new Float64Array(fromBase64(e.threshold, 'threshold'));
  const left = new Int32Array(fromBase64(e.left, 'left'));
  const right = new Int32Array(fromBase64(e.right, 'right'));
  const nodeSize = new Int32Array(fromBase64(e.nodeSize, 'nodeSize'));
  const count = feature.length;
  if ([threshold, left, right, nodeSize].some((a) => a.length !== count) || roots.length === 0) {
    throw invalid('trees', 'node arrays differ in length or there are no trees');
  }
  for (const r of roots) if (r < 0 || r >= count) throw invalid('trees.roots', 'root index out of range');
  for (let k = 0; k < count; k++) {
    const f = feature[k]!;
    if (f === -1) continue;
    const l = left[k]!;
    const r = right[k]!;
    if (f < 0 || f >= nFeatures || l <= k || r <= k || l >= count || r >= count) {
      throw invalid('trees', `node ${k} is malformed`);
    }
  }
  return { roots, feature, threshold, left, right, nodeSize, correction: corrections(nodeSize) };
}

function toBase64(a: Int32Array | Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** Copies into a fresh, aligned buffer: Buffer's pooled memory may sit at any offset. */
function fromBase64(s: unknown, field: string): ArrayBuffer {
  if (typeof s !== 'string') throw invalid(`trees.${field}`, 'expected a base64 string');
  const bytes = Buffer.from(s, 'base64');
  if (bytes.byteLength % (field === 'threshold' ? 8 : 4) !== 0) {
    throw invalid(`trees.${field}`, 'byte length does not match the element size');
  }
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`invalid isolation forest model: ${message}`, [{ field, message }]);
}
