// Small seeded pseudo-random generator (sfc32) for demo data and property tests: the same seed
// always gives the same sequence, so generated companies are reproducible. Not for secrets.

export interface Prng {
  /** Uniform float in [0, 1), 53 bits of precision. */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p (p <= 0 never, p >= 1 always). */
  chance(p: number): boolean;
  /** A shuffled copy (Fisher-Yates); the input is left untouched. */
  shuffle<T>(items: readonly T[]): T[];
}

const TWO_POW_32 = 4294967296;

export function createPrng(seed: number): Prng {
  if (!Number.isFinite(seed))
    throw new RangeError(`PRNG seed must be a finite number, got ${seed}`);
  // Feed both the low and high 32 bits of the seed into the state so that large seeds (e.g. a
  // timestamp) do not collapse onto the same sequence.
  const whole = Math.trunc(seed);
  const low = whole >>> 0;
  const high = Math.floor(whole / TWO_POW_32) >>> 0;
  let a = 0x9e3779b9;
  let b = 0x243f6a88 ^ high;
  let c = 0xb7e15162;
  let d = low;

  function next32(): number {
    const t0 = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const t = (t0 + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  }

  // The first outputs of sfc32 still carry the structure of the seed: warm the state up.
  for (let i = 0; i < 16; i++) next32();

  function next(): number {
    const hi = next32() >>> 5; // 27 bits
    const lo = next32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  function int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`int(min, max) needs whole numbers with min <= max, got ${min}, ${max}`);
    }
    return min + Math.floor(next() * (max - min + 1));
  }

  function pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    // The index is within bounds, so the element is a T (which may itself include undefined).
    return items[int(0, items.length - 1)] as T;
  }

  function chance(p: number): boolean {
    return next() < p;
  }

  function shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      // Both indexes are within bounds (j <= i < length).
      const vi = out[i] as T;
      out[i] = out[j] as T;
      out[j] = vi;
    }
    return out;
  }

  return { next, int, pick, chance, shuffle };
}
