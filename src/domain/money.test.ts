import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divRoundHalfAway,
  energyCharge,
  energyForAmount,
  formatMoney,
  percentOf,
  splitByWeights,
} from './money';

describe('rounding', () => {
  it('rounds half away from zero, exactly', () => {
    expect(divRoundHalfAway(5n, 2n)).toBe(3n);
    expect(divRoundHalfAway(4n, 2n)).toBe(2n);
    expect(divRoundHalfAway(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfAway(149n, 100n)).toBe(1n);
    expect(divRoundHalfAway(150n, 100n)).toBe(2n);
  });

  it('charges energy at a fractional price with one rounding at the line total', () => {
    // 12.345 kWh at UGX 756.2/kWh = 9335.289 -> 9335.
    expect(energyCharge(12_345, 756_200)).toBe(9335);
    // 1 kWh at NGN 225.005/kWh (in kobo: 22500.5) = 22500.5 -> 22501 (half up).
    expect(energyCharge(1000, 22_500_500)).toBe(22_501);
    expect(energyCharge(0, 22_500_500)).toBe(0);
  });

  it('takes percentages in basis points', () => {
    // VAT 7.5% of NGN 1,234.50 = 92.5875 -> 92.59.
    expect(percentOf(123_450, 750)).toBe(9_259);
  });
});

describe('splitByWeights', () => {
  it('adds up exactly, never negative, proportional within one unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc
          .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 })
          .filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = splitByWeights(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(Math.abs(p - (total * (weights[i] ?? 0)) / sum)).toBeLessThan(1);
          });
        },
      ),
    );
  });

  it('refuses nonsense', () => {
    expect(() => splitByWeights(10, [])).toThrow(/at least one weight/);
    expect(() => splitByWeights(10, [0, 0])).toThrow(/must not all be zero/);
    expect(() => splitByWeights(-1, [1])).toThrow(/negative/);
  });
});

describe('energyForAmount', () => {
  it('buys the most energy the amount pays for, in resolution steps, leftover as credit', () => {
    // NGN 1,000.00 at NGN 225/kWh, 0.1 kWh resolution: 4.4 kWh costs 990.00, 10.00 left.
    expect(energyForAmount(100_000, 22_500_000, 100)).toEqual({
      wh: 4400,
      cost: 99_000,
      leftover: 1000,
    });
  });

  it('never charges more than paid and could not buy one more step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 1, max: 5_000_000_000 }),
        fc.constantFrom(1, 10, 100, 1000),
        (amount, price, resolution) => {
          const r = energyForAmount(amount, price, resolution);
          expect(r.cost + r.leftover).toBe(amount);
          expect(r.cost).toBeLessThanOrEqual(amount);
          expect(r.wh % resolution).toBe(0);
          expect(energyCharge(r.wh + resolution, price)).toBeGreaterThan(amount);
        },
      ),
    );
  });
});

describe('formatMoney', () => {
  it('groups thousands and keeps the currency decimals', () => {
    expect(formatMoney(150_050, { code: 'NGN', decimals: 2 })).toBe('1,500.50 NGN');
    expect(formatMoney(1_500_000, { code: 'UGX', decimals: 0 })).toBe('1,500,000 UGX');
    expect(formatMoney(-5, { code: 'KES', decimals: 2 })).toBe('-0.05 KES');
  });
});
