/**
 * Seeded pseudo-random numbers for reproducible forests: xoshiro128** seeded through
 * splitmix32, so one 32-bit seed gives a well-mixed 128-bit state and the same seed gives
 * the same stream on every platform (only 32-bit integer arithmetic is involved).
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed any finite number; it is folded to 32 bits, so 0 and 2^32 give the same stream. */
  constructor(seed: number) {
    let x = foldSeed(seed);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits, so split thresholds are not quantised. */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function foldSeed(seed: number): number {
  if (!Number.isFinite(seed)) return 0;
  const whole = Math.trunc(seed);
  // Keep the high bits of seeds above 2^32 instead of silently dropping them.
  return (whole % 4294967296) ^ Math.floor(whole / 4294967296);
}
