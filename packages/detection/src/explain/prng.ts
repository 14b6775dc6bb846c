/**
 * A tiny seeded PRNG for the explainers. mulberry32 is enough here: explanations need
 * reproducibility and decent mixing, not the long period the forest's xoshiro provides,
 * and keeping it local leaves the forest's random stream untouched.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw. */
  gaussian(): number;
}

/** A mulberry32 stream; any finite seed is folded to 32 bits, so the same seed gives the same stream. */
export function mulberry32(seed: number): Prng {
  let state = Math.trunc(seed) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller yields pairs; caching the second halves the cost of LIME's perturbations.
  let spare: number | undefined;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    gaussian: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const a = 2 * Math.PI * next();
      spare = r * Math.sin(a);
      return r * Math.cos(a);
    },
  };
}

/** Shuffles `a` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(a: T, rng: Prng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** `k` distinct indices of 0..n−1 drawn without replacement, in ascending order. */
export function sampleIndices(n: number, k: number, rng: Prng): Uint32Array {
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  // A partial Fisher–Yates: only the first k slots need to be random.
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, k).sort();
}
