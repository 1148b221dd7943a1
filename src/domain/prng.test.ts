// Tests for the seeded PRNG: reproducible sequences, helpers that stay in their ranges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPrng } from './prng';

function sequence(seed: number, count: number): number[] {
  const rng = createPrng(seed);
  return Array.from({ length: count }, () => rng.next());
}

describe('createPrng', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(sequence(seed, 20)).toEqual(sequence(seed, 20));
      }),
    );
  });

  it('gives different sequences for different seeds, including large ones', () => {
    expect(sequence(1, 5)).not.toEqual(sequence(2, 5));
    expect(sequence(0, 5)).not.toEqual(sequence(2 ** 32, 5));
    expect(sequence(1_700_000_000_000, 5)).not.toEqual(sequence(1_700_000_000_001, 5));
  });

  it('returns floats in [0, 1) that look uniform', () => {
    const values = sequence(42, 10_000);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('int() stays within [min, max] and returns whole numbers', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        (seed, min, width) => {
          const rng = createPrng(seed);
          for (let i = 0; i < 20; i++) {
            const n = rng.int(min, min + width);
            expect(Number.isInteger(n)).toBe(true);
            expect(n).toBeGreaterThanOrEqual(min);
            expect(n).toBeLessThanOrEqual(min + width);
          }
        },
      ),
    );
  });

  it('int() reaches both ends of a small range', () => {
    const rng = createPrng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(rng.int(1, 6));
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('int() rejects reversed or fractional bounds', () => {
    const rng = createPrng(1);
    expect(() => rng.int(5, 4)).toThrow(RangeError);
    expect(() => rng.int(0.5, 4)).toThrow(RangeError);
  });

  it('pick() returns an element and refuses an empty array', () => {
    const rng = createPrng(3);
    const items = ['a', 'b', 'c'];
    for (let i = 0; i < 50; i++) expect(items).toContain(rng.pick(items));
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('chance() honours its bounds and its rate', () => {
    const rng = createPrng(9);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) {
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
      if (rng.chance(0.15)) hits++;
    }
    expect(hits).toBeGreaterThan(1300);
    expect(hits).toBeLessThan(1700);
  });

  it('shuffle() returns a permutation and leaves its input alone', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer()), (seed, items) => {
        const copy = items.slice();
        const shuffled = createPrng(seed).shuffle(items);
        expect(items).toEqual(copy);
        expect([...shuffled].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => createPrng(Number.NaN)).toThrow(RangeError);
    expect(() => createPrng(Infinity)).toThrow(RangeError);
  });
});
