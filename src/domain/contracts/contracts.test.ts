import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysPaidFor,
  planContractPayment,
  saleDays,
  statusAfterReversal,
  type ContractTerms,
} from './payment';
import { planCancellation } from './cancel';
import {
  collectionRate,
  contractStanding,
  portfolioAtRisk,
  portfolioBreakdown,
  repaymentCurves,
  summarisePortfolio,
  type PortfolioEntry,
} from './portfolio';
import {
  buildSchedule,
  instalmentStates,
  reschedule,
  stepDate,
  type Instalment,
  type InstalmentFrequency,
} from './schedule';

function schedule(financed: number, count: number, frequency: InstalmentFrequency, first: string) {
  const built = buildSchedule({ financed, count, frequency, firstDueDate: first });
  if (!built.ok) throw new Error(built.message);
  return built.instalments;
}

function instalmentTerms(price: number, down: number, instalments: Instalment[]): ContractTerms {
  return {
    plan: 'instalments',
    price,
    downPayment: down,
    instalments,
    dailyPrice: null,
    minimumPayment: null,
    unlockTotal: null,
  };
}

function pay(terms: ContractTerms, paid: number, amount: number) {
  const plan = planContractPayment({ terms, paid, amount });
  if (!plan.ok) throw new Error(`${plan.field} ${plan.message}`);
  return plan;
}

const date = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
function increasing(dates: string[]): boolean {
  return dates.every((d, k) => k === 0 || d > (dates[k - 1] ?? ''));
}

const frequency = fc.constantFrom<InstalmentFrequency>('weekly', 'monthly');

describe('buildSchedule', () => {
  it('makes equal instalments with the remainder in the last one', () => {
    expect(schedule(40_000, 3, 'weekly', '2026-11-29')).toEqual([
      { seq: 1, dueDate: '2026-11-29', amount: 13_333, periodDays: 7 },
      { seq: 2, dueDate: '2026-12-06', amount: 13_333, periodDays: 7 },
      { seq: 3, dueDate: '2026-12-13', amount: 13_334, periodDays: 7 },
    ]);
  });

  it('keeps the day of the month, clamped to short months, without drifting', () => {
    const monthly = schedule(400, 4, 'monthly', '2027-01-31');
    expect(monthly.map((i) => [i.dueDate, i.periodDays])).toEqual([
      ['2027-01-31', 28],
      ['2027-02-28', 31],
      ['2027-03-31', 30],
      ['2027-04-30', 31],
    ]);
    expect(stepDate('2028-01-31', 'monthly', 1)).toBe('2028-02-29');
  });

  it('refuses zero instalments, a zero instalment and an impossible date, naming the field', () => {
    expect(
      buildSchedule({ financed: 100, count: 0, frequency: 'weekly', firstDueDate: '2026-12-01' }),
    ).toMatchObject({ ok: false, field: 'instalmentCount' });
    expect(
      buildSchedule({ financed: 5, count: 6, frequency: 'weekly', firstDueDate: '2026-12-01' }),
    ).toMatchObject({ ok: false, field: 'instalmentCount' });
    expect(
      buildSchedule({ financed: 100, count: 2, frequency: 'weekly', firstDueDate: '2026-02-30' }),
    ).toMatchObject({ ok: false, field: 'firstDueDate' });
  });

  it('properties: sum, strictly increasing dates, the last absorbs the remainder', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 520 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        frequency,
        date,
        (count, extra, freq, first) => {
          const financed = count + extra;
          const list = schedule(financed, count, freq, first);
          expect(list).toHaveLength(count);
          expect(list.reduce((s, i) => s + i.amount, 0)).toBe(financed);
          const each = Math.floor(financed / count);
          list.slice(0, -1).forEach((i) => expect(i.amount).toBe(each));
          expect(list[count - 1]?.amount).toBe(financed - each * (count - 1));
          expect(increasing(list.map((i) => i.dueDate))).toBe(true);
          list.forEach((i) => expect(i.periodDays).toBeGreaterThanOrEqual(7));
        },
      ),
    );
  });
});

describe('reschedule', () => {
  it('keeps paid instalments, closes a part-paid one at what it got, spreads the rest', () => {
    const list = schedule(40_000, 4, 'weekly', '2026-11-29');
    // 10,000 + 10,000 paid, 4,000 into the third.
    const result = reschedule({
      instalments: list,
      paidTowardsInstalments: 24_000,
      count: 3,
      frequency: 'monthly',
      firstDueDate: '2027-01-15',
    });
    expect(result).toEqual({
      ok: true,
      kept: list.slice(0, 2),
      closed: { seq: 3, dueDate: '2026-12-13', amount: 4_000, periodDays: 7 },
      added: [
        { seq: 5, dueDate: '2027-01-15', amount: 5_333, periodDays: 31 },
        { seq: 6, dueDate: '2027-02-15', amount: 5_333, periodDays: 28 },
        { seq: 7, dueDate: '2027-03-15', amount: 5_334, periodDays: 31 },
      ],
    });
  });

  it('refuses a paid-off schedule and a first date before what stays', () => {
    const list = schedule(40_000, 4, 'weekly', '2026-11-29');
    expect(
      reschedule({
        instalments: list,
        paidTowardsInstalments: 40_000,
        count: 2,
        frequency: 'weekly',
        firstDueDate: '2027-01-01',
      }),
    ).toMatchObject({ ok: false, field: 'contractId' });
    expect(
      reschedule({
        instalments: list,
        paidTowardsInstalments: 10_000,
        count: 2,
        frequency: 'weekly',
        firstDueDate: '2026-11-29',
      }),
    ).toMatchObject({ ok: false, field: 'firstDueDate' });
  });

  it('property: never changes a paid instalment, and the new schedule still sums to the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        frequency,
        frequency,
        (count, extra, share, newCount, f1, f2) => {
          const financed = count + extra;
          const list = schedule(financed, count, f1, '2026-01-05');
          const paid = Math.floor(financed * share);
          const first = '2032-01-01';
          const result = reschedule({
            instalments: list,
            paidTowardsInstalments: paid,
            count: newCount,
            frequency: f2,
            firstDueDate: first,
          });
          if (!result.ok) {
            // Only when the unpaid balance cannot make newCount non-zero instalments.
            expect(result.field).toBe('instalmentCount');
            expect(financed - paid).toBeLessThan(newCount);
            return;
          }
          const paidBefore = instalmentStates(list, paid).filter((s) => s.outstanding === 0);
          expect(result.kept).toEqual(paidBefore.map(({ paid: _p, outstanding: _o, ...i }) => i));
          const live = [...result.kept, ...(result.closed ? [result.closed] : []), ...result.added];
          expect(live.reduce((s, i) => s + i.amount, 0)).toBe(financed);
          const after = instalmentStates(live, paid);
          after.slice(0, result.kept.length).forEach((s, k) => {
            expect(s.paid).toBe(paidBefore[k]?.paid);
          });
          result.added.forEach((i) => expect(i.seq).toBeGreaterThan(count));
          expect(increasing(live.map((i) => i.dueDate))).toBe(true);
        },
      ),
    );
  });
});

describe('planContractPayment: a weekly plan with a late payment and a partial payment', () => {
  // Price 50,000, down payment 10,000 on 22 Nov; three weekly instalments from 29 Nov.
  const list = schedule(40_000, 3, 'weekly', '2026-11-29');
  const terms = instalmentTerms(50_000, 10_000, list);

  it('is worked out by hand', () => {
    // The down payment covers the week until the first due date.
    expect(saleDays(terms, '2026-11-22', '2026-11-29')).toBe(7);

    // On time: the first instalment buys its week.
    let paid = 10_000;
    const first = pay(terms, paid, 13_333);
    expect(first).toMatchObject({ toContract: 13_333, credit: 0, days: 7, paysOff: false });
    expect(first.instalments).toEqual([{ seq: 1, amount: 13_333 }]);
    paid += 13_333;

    // 10 December: the second instalment (due 6 December) is 4 days late.
    expect(contractStanding(terms, paid, '2026-11-22', '2026-12-10', 3)).toEqual({
      outstanding: 26_667,
      arrears: 13_333,
      daysLate: 4,
      overdue: true,
      oldestUnpaidDue: '2026-12-06',
    });

    // A partial payment: 6,000 of 13,333 buys 3 of its 7 days (6000 x 7 / 13333 = 3.15).
    const partial = pay(terms, paid, 6_000);
    expect(partial).toMatchObject({ toContract: 6_000, days: 3 });
    paid += 6_000;
    expect(contractStanding(terms, paid, '2026-11-22', '2026-12-10', 3).arrears).toBe(7_333);

    // The rest of it buys the other 4: the two halves buy the whole week, no day lost.
    const rest = pay(terms, paid, 7_333);
    expect(rest).toMatchObject({ toContract: 7_333, days: 4 });
    paid += 7_333;

    // 20,000 against the 13,334 left: pays it off (unlock, no days); 6,666 is credit.
    const last = pay(terms, paid, 20_000);
    expect(last).toEqual({
      ok: true,
      toContract: 13_334,
      credit: 6_666,
      instalments: [{ seq: 3, amount: 13_334 }],
      days: 0,
      paysOff: true,
      unlocks: true,
    });
    paid += 13_334;
    expect(planContractPayment({ terms, paid, amount: 100 })).toMatchObject({
      ok: false,
      field: 'contractId',
    });
    expect(contractStanding(terms, paid, '2026-11-22', '2027-06-01', 3)).toMatchObject({
      outstanding: 0,
      arrears: 0,
      daysLate: 0,
      overdue: false,
    });
  });
});

describe('planContractPayment: a per-day plan with a minimum', () => {
  const terms: ContractTerms = {
    plan: 'per_day',
    price: 100_000,
    downPayment: 5_000,
    instalments: [],
    dailyPrice: 500,
    minimumPayment: 2_000,
    unlockTotal: 100_000,
  };

  it('is worked out by hand', () => {
    expect(saleDays(terms, '2026-11-22', null)).toBe(10);
    expect(planContractPayment({ terms, paid: 5_000, amount: 1_500 })).toMatchObject({
      ok: false,
      field: 'amountMinor',
    });
    // 2,300: four whole days (2,000), 300 credit.
    expect(pay(terms, 5_000, 2_300)).toEqual({
      ok: true,
      toContract: 2_000,
      credit: 300,
      instalments: [],
      days: 4,
      paysOff: false,
      unlocks: false,
    });
    // Paid until 22 Nov + 14 days = 6 Dec; on 16 Dec that is 10 days late, 5,000 in arrears.
    expect(contractStanding(terms, 7_000, '2026-11-22', '2026-12-16', 0)).toMatchObject({
      outstanding: 93_000,
      arrears: 5_000,
      daysLate: 10,
      oldestUnpaidDue: '2026-12-06',
    });
    // The last 500 is below the minimum but completes the contract: accepted, unlocks.
    expect(pay(terms, 99_500, 500)).toMatchObject({ toContract: 500, paysOff: true, days: 0 });
    expect(pay(terms, 98_000, 3_000)).toMatchObject({
      toContract: 2_000,
      credit: 1_000,
      paysOff: true,
    });
  });
});

describe('a reversal on a paid-off contract', () => {
  const terms = instalmentTerms(1_000, 100, schedule(900, 3, 'weekly', '2026-01-08'));

  it('reopens it when it owes again, and leaves other statuses alone', () => {
    expect(statusAfterReversal('paid_off', terms, 700)).toBe('active');
    expect(statusAfterReversal('paid_off', terms, 1_000)).toBe('paid_off');
    expect(statusAfterReversal('written_off', terms, 100)).toBe('written_off');
    expect(statusAfterReversal('repossessed', terms, 100)).toBe('repossessed');
    expect(statusAfterReversal('active', terms, 100)).toBe('active');
  });

  it('buys no days and no second unlock once the device was unlocked', () => {
    const part = planContractPayment({ terms, paid: 400, amount: 300, unlocked: true });
    expect(part).toMatchObject({ ok: true, toContract: 300, days: 0, paysOff: false });
    const last = planContractPayment({ terms, paid: 700, amount: 300, unlocked: true });
    expect(last).toMatchObject({ ok: true, paysOff: true, unlocks: false, days: 0 });
    expect(pay(terms, 700, 300)).toMatchObject({ paysOff: true, unlocks: true });
  });
});

describe('planCancellation', () => {
  const base = {
    status: 'active' as const,
    saleDate: '2026-11-22',
    today: '2026-11-29',
    cancelWithinDays: 7,
    openingPaid: 0,
    payments: [
      { id: 'down', amount: 100_000 },
      { id: 'first', amount: 150_000 },
    ],
  };

  it('refunds every payment in full up to the last day of the window', () => {
    expect(planCancellation(base)).toEqual({
      ok: true,
      refunds: base.payments,
      refund: 250_000,
      lastDay: '2026-11-29',
    });
    expect(planCancellation({ ...base, payments: [] })).toMatchObject({ ok: true, refund: 0 });
  });

  it('refuses too late, paid off, closed, turned off and migrated contracts', () => {
    const refused = (over: Partial<Parameters<typeof planCancellation>[0]>) => {
      const plan = planCancellation({ ...base, ...over });
      if (plan.ok) throw new Error('accepted');
      return plan.message;
    };
    expect(refused({ today: '2026-11-30' })).toBe(
      'was sold on 2026-11-22: a contract can be cancelled up to 7 days after its sale ' +
        '(until 2026-11-29); repossess it instead',
    );
    expect(refused({ status: 'paid_off' })).toContain('is paid off');
    expect(refused({ status: 'written_off' })).toBe('is written off: it is already closed');
    expect(refused({ status: 'cancelled' })).toBe('is cancelled: it is already closed');
    expect(refused({ cancelWithinDays: 0 })).toContain('turned off in Settings');
    expect(refused({ openingPaid: 5_000 })).toContain('came from a PAYG plan');
  });
});

describe('payment properties', () => {
  const instalmentCase = fc
    .record({
      count: fc.integer({ min: 1, max: 30 }),
      extra: fc.integer({ min: 0, max: 5_000_000 }),
      down: fc.integer({ min: 0, max: 1_000_000 }),
      freq: frequency,
      payments: fc.array(fc.integer({ min: 1, max: 2_000_000 }), { minLength: 1, maxLength: 60 }),
    })
    .map((c) => {
      const financed = c.count + c.extra;
      return { ...c, list: schedule(financed, c.count, c.freq, '2026-12-01'), financed };
    });

  it('never over-collects, days never exceed what the money buys, unlocks exactly once', () => {
    fc.assert(
      fc.property(instalmentCase, ({ list, financed, down, payments }) => {
        const terms = instalmentTerms(financed + down, down, list);
        let paid = down;
        let unlocks = 0;
        let days = 0;
        for (const amount of payments) {
          const plan = planContractPayment({ terms, paid, amount });
          if (!plan.ok) {
            expect(paid).toBe(terms.price);
            expect(plan.field).toBe('contractId');
            continue;
          }
          expect(plan.toContract + plan.credit).toBe(amount);
          expect(plan.toContract).toBeLessThanOrEqual(terms.price - paid);
          expect(plan.instalments.reduce((s, p) => s + p.amount, 0)).toBe(plan.toContract);
          paid += plan.toContract;
          days += plan.days;
          if (plan.paysOff) unlocks += 1;
          if (!plan.paysOff) {
            // Everything bought so far is within what the paid money buys at each daily price.
            const affordable = instalmentStates(list, paid - down).reduce(
              (s, i) => s + (i.paid * i.periodDays) / i.amount,
              0,
            );
            expect(days).toBeLessThanOrEqual(affordable);
            expect(days).toBe(
              instalmentStates(list, paid - down).reduce((s, i) => s + daysPaidFor(i, i.paid), 0),
            );
          }
        }
        expect(paid).toBeLessThanOrEqual(terms.price);
        expect(unlocks).toBe(paid === terms.price ? 1 : 0);
      }),
    );
  });

  it('per-day: days x price never exceed the money, never over-collects, unlocks once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.option(fc.integer({ min: 1, max: 500_000 }), { nil: null }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 40 }),
        (dailyPrice, minimumPayment, unlockTotal, payments) => {
          const terms: ContractTerms = {
            plan: 'per_day',
            price: unlockTotal ?? 1,
            downPayment: 0,
            instalments: [],
            dailyPrice,
            minimumPayment,
            unlockTotal,
          };
          let paid = 0;
          let unlocks = 0;
          for (const amount of payments) {
            const plan = planContractPayment({ terms, paid, amount });
            if (!plan.ok) continue;
            expect(plan.toContract + plan.credit).toBe(amount);
            if (unlockTotal !== null) {
              expect(paid + plan.toContract).toBeLessThanOrEqual(unlockTotal);
            }
            expect(plan.days * dailyPrice).toBeLessThanOrEqual(plan.toContract);
            if (plan.paysOff) unlocks += 1;
            paid += plan.toContract;
          }
          expect(unlocks).toBe(unlockTotal !== null && paid === unlockTotal ? 1 : 0);
        },
      ),
    );
  });
});

describe('portfolio figures', () => {
  it('PAR 7/30/90 of a small portfolio, written out', () => {
    // Four monthly contracts sold 1 June 2026, instalments from 1 July; as of 15 September.
    const list = schedule(120_000, 12, 'monthly', '2026-07-01'); // 10,000 a month
    const terms = instalmentTerms(150_000, 30_000, list);
    const asOf = '2026-09-15';
    const standing = (paidInstalments: number) =>
      contractStanding(terms, 30_000 + paidInstalments, '2026-06-01', asOf, 0);
    // A paid July, August and September: current, 90,000 outstanding.
    const a = standing(30_000);
    // B paid July and August: September is 14 days late, 100,000 outstanding.
    const b = standing(20_000);
    // C paid July only: August (1 Aug) is 45 days late, 110,000 outstanding.
    const c = standing(10_000);
    // D paid nothing: July (1 Jul) is 76 days late, 120,000 outstanding.
    const d = standing(0);
    expect([a, b, c, d].map((s) => [s.daysLate, s.outstanding])).toEqual([
      [0, 90_000],
      [14, 100_000],
      [45, 110_000],
      [76, 120_000],
    ]);
    // Outstanding 420,000. PAR7: B+C+D = 330,000 = 78.57%; PAR30: C+D = 230,000 = 54.76%;
    // PAR90: none.
    expect(portfolioAtRisk([a, b, c, d])).toEqual({
      outstanding: 420_000,
      par: [
        { days: 7, atRisk: 330_000, shareBp: 7857 },
        { days: 30, atRisk: 230_000, shareBp: 5476 },
        { days: 90, atRisk: 0, shareBp: 0 },
      ],
    });
  });

  it('collection rate is collected over due, none when nothing fell due', () => {
    expect(collectionRate(30_000, 40_000)).toEqual({ shareBp: 7500 });
    expect(collectionRate(50_000, 40_000)).toEqual({ shareBp: 12_500 });
    expect(collectionRate(100, 0)).toEqual({ shareBp: null });
  });

  it('property: the rows of a breakdown add up to the whole portfolio', () => {
    const statuses = ['active', 'paid_off', 'written_off', 'repossessed', 'cancelled'] as const;
    const entry = fc.record({
      status: fc.constantFrom(...statuses),
      outstanding: fc.integer({ min: 0, max: 1_000_000 }),
      daysLate: fc.integer({ min: 0, max: 200 }),
      writtenOff: fc.integer({ min: 0, max: 1_000_000 }),
      due: fc.integer({ min: 0, max: 100_000 }),
      collected: fc.integer({ min: 0, max: 100_000 }),
      agent: fc.constantFrom('Musa', 'Grace', null),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const whole = summarisePortfolio(entries as PortfolioEntry[]);
        const rows = portfolioBreakdown(entries, (e) => e.agent);
        const sum = (f: (r: (typeof rows)[number]) => number) =>
          rows.reduce((total, r) => total + f(r), 0);
        expect(sum((r) => r.activeContracts)).toBe(whole.activeContracts);
        expect(sum((r) => r.outstanding)).toBe(whole.outstanding);
        expect(sum((r) => r.collection.due)).toBe(whole.collection.due);
        expect(sum((r) => r.collection.collected)).toBe(whole.collection.collected);
        expect(sum((r) => r.writtenOff.amount)).toBe(whole.writtenOff.amount);
        expect(sum((r) => r.paidOff + r.repossessed)).toBe(whole.paidOff + whole.repossessed);
        whole.par.forEach((p, k) => expect(sum((r) => r.par[k]?.atRisk ?? 0)).toBe(p.atRisk));
        // Largest outstanding first.
        rows.forEach((r, k) => {
          if (k > 0) expect(r.outstanding).toBeLessThanOrEqual(rows[k - 1]?.outstanding ?? 0);
        });
      }),
    );
  });

  it('counts closed contracts out of the portfolio but in their own figures', () => {
    const base = { outstanding: 0, daysLate: 0, writtenOff: 0, due: 0, collected: 0 };
    const whole = summarisePortfolio([
      {
        ...base,
        status: 'active',
        outstanding: 10_000,
        daysLate: 40,
        due: 2_000,
        collected: 1_000,
      },
      { ...base, status: 'written_off', outstanding: 9_999, writtenOff: 5_000, due: 3_000 },
      { ...base, status: 'repossessed', collected: 500, due: 1_000 },
      { ...base, status: 'paid_off', due: 1_000, collected: 1_000 },
    ]);
    expect(whole).toEqual({
      activeContracts: 1,
      outstanding: 10_000,
      par: [
        { days: 7, atRisk: 10_000, shareBp: 10_000 },
        { days: 30, atRisk: 10_000, shareBp: 10_000 },
        { days: 90, atRisk: 0, shareBp: 0 },
      ],
      // Due: the active and paid-off contracts' instalments only; collected: all money.
      collection: { due: 3_000, collected: 2_500, shareBp: 8_333 },
      paidOff: 1,
      writtenOff: { count: 1, amount: 5_000 },
      repossessed: 1,
    });
  });
});

describe('a payment planned on part of a long schedule', () => {
  it('gives the same plan as on the whole schedule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 120 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.integer({ min: 1, max: 500_000 }),
        (count, extra, share, amount) => {
          const list = schedule(count * 100 + extra, count, 'weekly', '2026-12-01');
          const terms = instalmentTerms(count * 100 + extra + 1_000, 1_000, list);
          const paid = 1_000 + Math.floor((count * 100 + extra) * share);
          const states = instalmentStates(list, paid - 1_000);
          const firstOpen = states.findIndex((st) => st.outstanding > 0);
          const settled = list.slice(0, firstOpen).reduce((sum, i) => sum + i.amount, 0);
          const part = {
            ...terms,
            instalments: list.slice(firstOpen),
            settledInstalments: settled,
          };
          expect(planContractPayment({ terms: part, paid, amount })).toEqual(
            planContractPayment({ terms, paid, amount }),
          );
        },
      ),
    );
  });
});

describe('repaymentCurves', () => {
  it('reads each cohort at 30/60/90/180 days, capped at the price, only once old enough', () => {
    const curves = repaymentCurves(
      [
        // Sold 1 January: 100 down, 200 on day 25, 300 on day 70, 900 on day 150 (capped at 1,000).
        {
          saleDate: '2026-01-01',
          price: 1_000,
          paid: [
            { day: 0, amount: 100 },
            { day: 25, amount: 200 },
            { day: 70, amount: 300 },
            { day: 150, amount: 900 },
          ],
        },
        // Sold 20 January, nothing after the down payment.
        { saleDate: '2026-01-20', price: 1_000, paid: [{ day: 0, amount: 100 }] },
        // Sold in May: too young for 90 and 180 days on 1 August.
        { saleDate: '2026-05-10', price: 500, paid: [{ day: 10, amount: 250 }] },
      ],
      '2026-08-01',
    );
    expect(curves).toEqual([
      {
        month: '2026-01',
        contracts: 2,
        priceMinor: 2_000,
        curve: [
          { days: 30, shareBp: 2_000 }, // (300 + 100) / 2,000
          { days: 60, shareBp: 2_000 },
          { days: 90, shareBp: 3_500 }, // (600 + 100) / 2,000
          { days: 180, shareBp: 5_500 }, // (1,000 + 100) / 2,000
        ],
      },
      {
        month: '2026-05',
        contracts: 1,
        priceMinor: 500,
        curve: [
          { days: 30, shareBp: 5_000 },
          { days: 60, shareBp: 5_000 },
          { days: 90, shareBp: null },
          { days: 180, shareBp: null },
        ],
      },
    ]);
  });
});
