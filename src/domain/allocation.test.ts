import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatePayment, type AllocationInput } from './allocation';

const meter = {
  kind: 'energy' as const,
  price: 22_500_000,
  resolutionWh: 100,
  minimumPurchase: 50_000,
};

describe('allocatePayment', () => {
  it('pays overdue instalments oldest first, then access debt, then energy from the residual', () => {
    const result = allocatePayment({
      amount: 500_000,
      steps: { instalments: true, accessDebt: true },
      overdueInstalments: [
        { id: 'b', dueDate: '2026-10-01', outstanding: 100_000 },
        { id: 'a', dueDate: '2026-09-01', outstanding: 100_000 },
      ],
      accessDebt: 60_000,
      purchase: meter,
    });
    // 5,000 - 1,000 - 1,000 - 600 = 2,400 left: 10.6 kWh at 225/kWh = 2,385, 15 credit.
    expect(result).toEqual({
      ok: true,
      parts: [
        { kind: 'instalment', instalmentId: 'a', amount: 100_000 },
        { kind: 'instalment', instalmentId: 'b', amount: 100_000 },
        { kind: 'access_debt', amount: 60_000 },
        { kind: 'energy', amount: 238_500, wh: 10_600 },
        { kind: 'credit', amount: 1_500 },
      ],
    });
  });

  it('skips steps switched off in settings', () => {
    const result = allocatePayment({
      amount: 100_000,
      steps: { instalments: false, accessDebt: false },
      overdueInstalments: [{ id: 'a', dueDate: '2026-09-01', outstanding: 100_000 }],
      accessDebt: 60_000,
      purchase: { kind: 'days', dailyPrice: 30_000, minimumPurchase: 0 },
    });
    expect(result).toEqual({
      ok: true,
      parts: [
        { kind: 'days', amount: 90_000, days: 3 },
        { kind: 'credit', amount: 10_000 },
      ],
    });
  });

  it('refuses a purchase below the minimum after debts, saying how much was left', () => {
    const result = allocatePayment({
      amount: 120_000,
      steps: { instalments: true, accessDebt: true },
      overdueInstalments: [],
      accessDebt: 100_000,
      purchase: meter,
    });
    expect(result).toMatchObject({ ok: false, reason: 'minimum', residual: 20_000 });
  });

  it('refuses zero and negative amounts', () => {
    for (const amount of [0, -5, 1.5]) {
      expect(
        allocatePayment({
          amount,
          steps: { instalments: true, accessDebt: true },
          overdueInstalments: [],
          accessDebt: 0,
          purchase: meter,
        }),
      ).toMatchObject({ ok: false, reason: 'amount' });
    }
  });

  it('always adds up exactly, never negative, debts first, energy from the residual', () => {
    const input: fc.Arbitrary<AllocationInput> = fc.record({
      amount: fc.integer({ min: 1, max: 50_000_000 }),
      steps: fc.record({ instalments: fc.boolean(), accessDebt: fc.boolean() }),
      overdueInstalments: fc.array(
        fc.record({
          id: fc.uuid(),
          dueDate: fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01'),
          outstanding: fc.integer({ min: 0, max: 5_000_000 }),
        }),
        { maxLength: 5 },
      ),
      accessDebt: fc.integer({ min: 0, max: 5_000_000 }),
      purchase: fc.oneof(
        fc.record({
          kind: fc.constant('energy' as const),
          price: fc.integer({ min: 1000, max: 1_000_000_000 }),
          resolutionWh: fc.constantFrom(10, 100),
          minimumPurchase: fc.integer({ min: 0, max: 100_000 }),
        }),
        fc.record({
          kind: fc.constant('days' as const),
          dailyPrice: fc.integer({ min: 1, max: 200_000 }),
          minimumPurchase: fc.integer({ min: 0, max: 100_000 }),
        }),
        fc.constant({ kind: 'none' as const }),
      ),
    });
    fc.assert(
      fc.property(input, (i) => {
        const r = allocatePayment(i);
        if (!r.ok) {
          expect(r.reason).toBe('minimum');
          return;
        }
        expect(r.parts.reduce((a, p) => a + p.amount, 0)).toBe(i.amount);
        for (const p of r.parts) expect(p.amount).toBeGreaterThan(0);
        const debts = r.parts.filter((p) => p.kind === 'instalment' || p.kind === 'access_debt');
        const debtTotal = debts.reduce((a, p) => a + p.amount, 0);
        const owed =
          (i.steps.instalments ? i.overdueInstalments.reduce((a, x) => a + x.outstanding, 0) : 0) +
          (i.steps.accessDebt ? i.accessDebt : 0);
        // Debts take everything they can before anything is bought.
        expect(debtTotal).toBe(Math.min(i.amount, owed));
        const energy = r.parts.find((p) => p.kind === 'energy');
        if (energy && energy.kind === 'energy' && i.purchase.kind === 'energy') {
          // Bought from the residual: one more step would cost more than what was left after debts.
          const residual = i.amount - debtTotal;
          expect(energy.amount).toBeLessThanOrEqual(residual);
        }
        const kinds = r.parts.map((p) => p.kind);
        const order = ['instalment', 'access_debt', 'energy', 'days', 'credit'];
        expect([...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(kinds);
      }),
    );
  });
});
