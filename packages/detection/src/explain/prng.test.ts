import { describe, expect, it } from 'vitest';
import { mulberry32, sampleIndices, shuffleInPlace } from './prng';

describe('mulberry32', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed).next);
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws standard normals', () => {
    const rng = mulberry32(1);
    const xs = Array.from({ length: 20_000 }, rng.gaussian);
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('shuffles into a permutation and samples distinct sorted indices', () => {
    const rng = mulberry32(3);
    const a = shuffleInPlace(
      Uint32Array.from({ length: 50 }, (_, i) => i),
      rng,
    );
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const picked = Array.from(sampleIndices(100, 30, rng));
    expect(new Set(picked).size).toBe(30);
    expect(picked).toEqual([...picked].sort((x, y) => x - y));
    expect(picked.every((i) => i >= 0 && i < 100)).toBe(true);
  });
});
