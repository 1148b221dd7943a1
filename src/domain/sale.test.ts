// The counter's sale rule (domain/sale.ts): facts in, a plan or a refusal out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OUTSTANDING_BLOCK_AT,
  OUTSTANDING_WARN_AT,
  planSale,
  splitDays,
  type DaysSaleFacts,
  type EnergySaleFacts,
  type InvoiceSaleFacts,
  type SaleDecision,
  type SalePlan,
  creditLeft,
} from './sale';
import { MAX_COUNT } from './openpaygo/token';

const NGN = { code: 'NGN', decimals: 2 };
const common = { currency: NGN, serial: 'SHS-1', credit: 0 };

const days = (over: Partial<DaysSaleFacts> = {}): DaysSaleFacts => ({
  kind: 'days',
  ...common,
  amount: 50_000,
  dailyPrice: 10_000,
  totalPrice: null,
  paidTowardsDevice: 0,
  unlockIssued: false,
  outstanding: 0,
  count: 10,
  timeDivider: 1,
  extendedTokens: false,
  history: [],
  now: '2026-11-16T08:30:00.000Z',
  ...over,
});
const energy = (over: Partial<EnergySaleFacts> = {}): EnergySaleFacts => ({
  kind: 'energy',
  ...common,
  serial: 'MTR-1',
  amount: 100_000,
  accessDebt: 0,
  payAccessDebtFirst: true,
  // NGN 200.00 per kWh.
  unitPrice: 20_000_000,
  minimumPurchase: 0,
  ...over,
});
const invoices = (over: Partial<InvoiceSaleFacts> = {}): InvoiceSaleFacts => ({
  kind: 'invoices',
  ...common,
  serial: 'PP-1',
  amount: 100_000,
  openInvoices: [],
  ...over,
});

function plan(decision: SaleDecision): SalePlan {
  if (!decision.ok) throw new Error(decision.refusal.message);
  return decision.plan;
}
const refusal = (decision: SaleDecision) => (decision.ok ? null : decision.refusal);

describe('the new paid-until of a days sale', () => {
  const now = '2026-11-16T08:30:00.000Z';
  it('adds the days to the time the device still has', () => {
    const p = plan(
      planSale(
        days({
          amount: 50_000,
          now,
          history: [{ type: 'ADD_TIME', days: 3, issuedAt: '2026-11-15T08:30:00.000Z' }],
        }),
      ),
    );
    // 2 of the 3 days are left at `now`, then 5 more.
    expect(p.kind === 'days' && p.until).toEqual({ kind: 'until', at: '2026-11-23T08:30:00.000Z' });
  });
  it('counts from now when the time ran out, and says unlocked at payoff', () => {
    const ran = days({
      now,
      history: [{ type: 'ADD_TIME', days: 1, issuedAt: '2026-10-01T00:00:00.000Z' }],
    });
    const p = plan(planSale(ran));
    expect(p.kind === 'days' && p.until).toEqual({ kind: 'until', at: '2026-11-21T08:30:00.000Z' });
    const payoff = plan(planSale({ ...ran, totalPrice: 50_000 }));
    expect(payoff.kind === 'days' && payoff.until).toEqual({ kind: 'unlocked' });
  });
  it('leaves the credit the parts say', () => {
    expect(creditLeft(plan(planSale(days({ amount: 55_000 }))))).toBe(5_000);
    expect(creditLeft(plan(planSale(days({ amount: 50_000, credit: 5_000 }))))).toBe(5_000);
    expect(creditLeft(plan(planSale(invoices({ credit: 2_000 }))))).toBe(102_000);
  });
});

describe('days sale', () => {
  it('buys whole days, one ADD_TIME token per 995 days at most, the rest kept as credit', () => {
    expect(plan(planSale(days({ amount: 55_000 })))).toMatchObject({
      kind: 'days',
      days: 5,
      chunks: [5],
      unlocks: false,
      parts: [
        { kind: 'days', amount: 50_000, days: 5 },
        { kind: 'credit', amount: 5_000 },
      ],
    });
    expect(splitDays(2_000, 1)).toEqual([995, 995, 10]);
    expect(splitDays(100, 4)).toEqual([100]);
    expect(splitDays(300, 4)).toEqual([248, 52]);
  });

  it('spends earlier credit first, as its own negative part', () => {
    expect(plan(planSale(days({ amount: 5_000, credit: 5_000 })))).toMatchObject({
      days: 1,
      creditUsed: 5_000,
      parts: [
        { kind: 'credit', amount: -5_000 },
        { kind: 'days', amount: 10_000, days: 1 },
      ],
    });
  });

  it("refuses less than one day's price, and an amount a reversal's debt eats", () => {
    expect(refusal(planSale(days({ amount: 9_999 })))).toMatchObject({
      code: 'VALIDATION',
      message: "The amount is below one day's price (100.00 NGN).",
      field: { name: 'amountMinor' },
    });
    expect(refusal(planSale(days({ amount: 3_000, credit: -3_000 })))?.message).toBe(
      'The customer owes 30.00 NGN from a reversed payment; take more than that.',
    );
  });

  it('unlocks once, with the payment that completes the price', () => {
    const payoff = days({ totalPrice: 100_000, paidTowardsDevice: 60_000 });
    expect(plan(planSale({ ...payoff, amount: 30_000 }))).toMatchObject({ unlocks: false });
    expect(plan(planSale({ ...payoff, amount: 40_000 }))).toMatchObject({ unlocks: true });
    expect(plan(planSale({ ...payoff, amount: 40_000, unlockIssued: true }))).toMatchObject({
      unlocks: false,
    });
  });

  it('warns as unconfirmed tokens pile up and stops before the device loses count', () => {
    const warned = plan(planSale(days({ outstanding: OUTSTANDING_WARN_AT - 1 })));
    expect(warned.warnings).toEqual([
      `${OUTSTANDING_WARN_AT} tokens for SHS-1 will be unconfirmed: ask the customer to enter them and confirm them; sales stop at ${OUTSTANDING_BLOCK_AT}.`,
    ]);
    expect(plan(planSale(days({ outstanding: OUTSTANDING_WARN_AT - 2 }))).warnings).toEqual([]);
    expect(refusal(planSale(days({ outstanding: OUTSTANDING_BLOCK_AT })))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(plan(planSale(days({ outstanding: OUTSTANDING_BLOCK_AT - 1 }))).kind).toBe('days');
  });

  it('refuses a sale past the last token count', () => {
    expect(plan(planSale(days({ count: MAX_COUNT - 2 }))).kind).toBe('days');
    expect(refusal(planSale(days({ count: MAX_COUNT - 1 })))?.message).toBe(
      'SHS-1 has used up its token counts; contact the manufacturer.',
    );
  });
});

describe('energy sale', () => {
  it('pays the access-charge debt first, then buys energy in 0.1 kWh steps', () => {
    // NGN 1,000.00 - 300.00 debt = 700.00 at 200.00/kWh = 3.5 kWh.
    expect(plan(planSale(energy({ accessDebt: 30_000 })))).toMatchObject({
      kind: 'energy',
      wh: 3_500,
      accessDebt: 30_000,
      parts: [
        { kind: 'access_debt', amount: 30_000 },
        { kind: 'energy', amount: 70_000, wh: 3_500 },
      ],
    });
    expect(plan(planSale(energy({ accessDebt: 30_000, payAccessDebtFirst: false })))).toMatchObject(
      { wh: 5_000 },
    );
  });

  it('refuses what is left below the minimum purchase, in money', () => {
    expect(
      refusal(planSale(energy({ amount: 40_000, accessDebt: 30_000, minimumPurchase: 20_000 }))),
    ).toMatchObject({
      code: 'VALIDATION',
      message:
        'After the access-charge debt, 100.00 NGN is left, below the minimum purchase of 200.00 NGN. Take a larger amount, or exactly the debt.',
    });
  });
});

describe('postpaid payment', () => {
  it('settles open invoices oldest first and keeps the rest as credit on the account', () => {
    const p = plan(
      planSale(
        invoices({
          amount: 100_000,
          openInvoices: [
            { id: 'sep', openMinor: 30_000 },
            { id: 'paid', openMinor: 0 },
            { id: 'oct', openMinor: 50_000 },
          ],
        }),
      ),
    );
    expect(p).toMatchObject({ kind: 'invoices', warnings: [] });
    expect(p.parts).toEqual([
      { kind: 'invoice', invoiceId: 'sep', amount: 30_000 },
      { kind: 'invoice', invoiceId: 'oct', amount: 50_000 },
      { kind: 'account_credit', amount: 20_000 },
    ]);
  });

  it('says so when no invoice is open', () => {
    const p = plan(planSale(invoices()));
    expect(p.parts).toEqual([{ kind: 'account_credit', amount: 100_000 }]);
    expect(p.warnings).toHaveLength(1);
  });
});

describe('every plan', () => {
  it('has parts that add up to the amount handed over', () => {
    const money = fc.integer({ min: 1, max: 10_000_000 });
    const facts = fc.oneof(
      fc
        .record({ amount: money, credit: fc.integer({ min: 0, max: 100_000 }), dailyPrice: money })
        .map((f) => days(f)),
      fc
        .record({ amount: money, credit: fc.integer({ min: 0, max: 100_000 }), accessDebt: money })
        .map((f) => energy(f)),
      fc
        .record({
          amount: money,
          openInvoices: fc.array(
            fc.record({ id: fc.uuid(), openMinor: fc.integer({ min: 0, max: 1_000_000 }) }),
          ),
        })
        .map((f) => invoices(f)),
    );
    fc.assert(
      fc.property(facts, (f) => {
        const decision = planSale(f);
        if (!decision.ok) return true;
        const total = decision.plan.parts.reduce((s, p) => s + p.amount, 0);
        return total === f.amount;
      }),
    );
  });
});
