// Hand-worked small cases for the pack's further sections: debt aging from due dates and the
// disconnection count, the appliance portfolio (PAR buckets that add up to gross receivables,
// collection rate without deposits, cohorts), day-ends, consumers and losses.
import { describe, expect, it } from 'vitest';
import { bucketOf, debtAging } from './debt';
import { appliancePortfolio, pastDueBucket, type PortfolioContract } from './portfolio';
import { consumption, dayEndsSummary, energyBalance, generatedWh } from './sections';

describe('debt aging', () => {
  it('spends payments on the oldest invoices and ages what is left from the due dates', () => {
    // As of 30 November. A owes 100 (Sep, due 14 Oct: 47 days) + 80 (Oct, due 14 Nov: 16 days),
    // paid 30: 70 left of September, 80 of October. B paid everything. C's invoice is not due.
    const aging = debtAging(
      [
        {
          customerId: 'A',
          villageId: 'v1',
          invoices: [
            { periodEnd: '2026-10-01', dueDate: '2026-10-14', chargedMinor: 100 },
            { periodEnd: '2026-11-01', dueDate: '2026-11-14', chargedMinor: 80 },
          ],
          paidMinor: 30,
        },
        {
          customerId: 'B',
          villageId: 'v1',
          invoices: [{ periodEnd: '2026-11-01', dueDate: '2026-11-14', chargedMinor: 50 }],
          paidMinor: 60,
        },
        {
          customerId: 'C',
          villageId: 'v2',
          invoices: [{ periodEnd: '2026-11-20', dueDate: '2026-12-04', chargedMinor: 40 }],
          paidMinor: 0,
        },
        {
          customerId: 'D',
          villageId: 'v2',
          invoices: [{ periodEnd: '2026-08-01', dueDate: '2026-08-15', chargedMinor: 25 }],
          paidMinor: 0,
        },
      ],
      '2026-11-30',
    );
    expect(aging.buckets).toEqual([
      { bucket: 'not_due', amountMinor: 40 },
      { bucket: 'd1_30', amountMinor: 80 },
      { bucket: 'd31_60', amountMinor: 70 },
      { bucket: 'd61_90', amountMinor: 0 },
      { bucket: 'd90_plus', amountMinor: 25 },
    ]);
    expect(aging.totalMinor).toBe(215);
    expect(aging.byVillage).toEqual([
      { villageId: 'v1', amountMinor: 150 },
      { villageId: 'v2', amountMinor: 65 },
    ]);
    expect(aging.customersOwing).toBe(3);
    // A's oldest open invoice is 61 days old (from 30 Sep), D's 122: both over 60 days.
    expect(aging.disconnectionListSize).toBe(2);
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(bucketOf)).toEqual([
      'not_due',
      'd1_30',
      'd1_30',
      'd31_60',
      'd31_60',
      'd61_90',
      'd61_90',
      'd90_plus',
    ]);
  });
});

function instalments(
  id: string,
  saleDate: string,
  price: number,
  down: number,
  due: [string, number][],
): PortfolioContract {
  return {
    id,
    villageId: 'v1',
    saleDate,
    graceDays: 0,
    openingPaidMinor: 0,
    inPortfolioAtEnd: true,
    terms: {
      plan: 'instalments',
      price,
      downPayment: down,
      instalments: due.map(([dueDate, amount], k) => ({
        seq: k + 1,
        dueDate,
        amount,
        periodDays: 30,
      })),
      dailyPrice: null,
      minimumPayment: null,
      unlockTotal: null,
    },
  };
}

describe('appliance portfolio', () => {
  it('gives PAR buckets that add up to gross receivables, a rate without deposits, cohorts', () => {
    // Report of November 2026 (as of the 30th).
    // K1: sold in July, 100 down, 3 x 300 due 1 Aug, 1 Sep, 1 Oct; paid 300 in August only:
    //     oldest unpaid due 1 Sep -> 90 days late -> 61-90; outstanding 600.
    // K2: sold 1 Nov, 0 down, 2 x 200 due 10 and 25 Nov; paid 250 on 12 Nov: oldest unpaid
    //     25 Nov -> 5 days late -> 1-7; outstanding 150.
    // K3: sold 1 Nov, 50 down, 1 x 100 due 1 Dec: current, outstanding 100.
    // K4: written off in October: out of the portfolio, but was due nothing in November.
    const k4 = instalments('K4', '2026-06-15', 500, 0, [['2026-07-01', 500]]);
    const out = appliancePortfolio({
      from: '2026-11-01',
      to: '2026-12-01',
      asOf: '2026-11-30',
      contracts: [
        instalments('K1', '2026-07-20', 1000, 100, [
          ['2026-08-01', 300],
          ['2026-09-01', 300],
          ['2026-10-01', 300],
        ]),
        instalments('K2', '2026-11-01', 400, 0, [
          ['2026-11-10', 200],
          ['2026-11-25', 200],
        ]),
        instalments('K3', '2026-11-01', 150, 50, [['2026-12-01', 100]]),
        { ...k4, inPortfolioAtEnd: false },
      ],
      money: [
        { contractId: 'K1', date: '2026-07-20', deposit: true, amountMinor: 100 },
        { contractId: 'K1', date: '2026-08-02', deposit: false, amountMinor: 300 },
        { contractId: 'K2', date: '2026-11-12', deposit: false, amountMinor: 250 },
        { contractId: 'K3', date: '2026-11-01', deposit: true, amountMinor: 50 },
        // After the period: not counted.
        { contractId: 'K2', date: '2026-12-01', deposit: false, amountMinor: 150 },
      ],
    });
    expect(out.buckets).toEqual([
      { bucket: 'current', contracts: 1, amountMinor: 100 },
      { bucket: 'd1_7', contracts: 1, amountMinor: 150 },
      { bucket: 'd8_30', contracts: 0, amountMinor: 0 },
      { bucket: 'd31_60', contracts: 0, amountMinor: 0 },
      { bucket: 'd61_90', contracts: 1, amountMinor: 600 },
      { bucket: 'd90_plus', contracts: 0, amountMinor: 0 },
    ]);
    expect(out.grossReceivablesMinor).toBe(850);
    expect(out.buckets.reduce((s, b) => s + b.amountMinor, 0)).toBe(out.grossReceivablesMinor);
    // PAR 7 and 30: K1's 600 of 850 = 70.59 %; PAR 90: nothing over 90 days.
    expect(out.par).toEqual([
      { days: 7, atRiskMinor: 600, share: 0.7059 },
      { days: 30, atRiskMinor: 600, share: 0.7059 },
      { days: 90, atRiskMinor: 0, share: 0 },
    ]);
    // Due in November: K2's 400; collected without deposits: 250 (K3's deposit left out).
    expect(out.collection).toEqual({ collectedMinor: 250, dueMinor: 400, rate: 0.625 });
    // July's cohort (K1) reaches month 3 at 1 November: expected 900 by then, repaid 300.
    expect(out.cohorts).toEqual([
      {
        cohort: '2026-06',
        contracts: 1,
        financedMinor: 500,
        points: [{ month: 3, expectedMinor: 500, repaidMinor: 0, rate: 0 }],
      },
      {
        cohort: '2026-07',
        contracts: 1,
        financedMinor: 900,
        points: [{ month: 3, expectedMinor: 900, repaidMinor: 300, rate: 0.3333 }],
      },
      { cohort: '2026-11', contracts: 2, financedMinor: 500, points: [] },
    ]);
    expect([0, 1, 7, 8, 30, 31, 60, 61, 90, 91].map(pastDueBucket)).toEqual([
      'current',
      'd1_7',
      'd1_7',
      'd8_30',
      'd8_30',
      'd31_60',
      'd31_60',
      'd61_90',
      'd61_90',
      'd90_plus',
    ]);
  });
});

describe('day-ends, consumers, losses', () => {
  it('sums what cashiers took and the days closed with their cash differences', () => {
    const s = dayEndsSummary(
      [
        { cashierName: 'bola', receipts: 3, netMinor: 900 },
        { cashierName: 'ada', receipts: 1, netMinor: 100 },
      ],
      [
        {
          day: '2026-11-02',
          cashierName: 'bola',
          receipts: 2,
          netMinor: 600,
          cashDifferenceMinor: -50,
        },
        {
          day: '2026-11-03',
          cashierName: 'bola',
          receipts: 1,
          netMinor: 300,
          cashDifferenceMinor: null,
        },
        { day: '2026-11-03', cashierName: 'chi', receipts: 0, netMinor: 0, cashDifferenceMinor: 0 },
      ],
    );
    expect(
      s.rows.map((r) => [
        r.cashierName,
        r.netMinor,
        r.daysClosed,
        r.cashDifferenceMinor,
        r.daysCounted,
      ]),
    ).toEqual([
      ['ada', 100, 0, 0, 0],
      ['bola', 900, 2, -50, 1],
      ['chi', 0, 1, 0, 1],
    ]);
    expect(s.totals).toEqual({
      receipts: 4,
      netMinor: 1000,
      daysClosed: 3,
      closedNetMinor: 900,
      cashDifferenceMinor: -50,
    });
  });

  it('ranks connections by energy, zero users at the bottom, nobody twice', () => {
    const connections = ['A', 'B', 'C'].map((id) => ({
      customerId: id,
      accountNumber: `ACC-${id}`,
      name: id,
      villageId: 'v1',
    }));
    const c = consumption(
      connections,
      [
        { customerId: 'A', kind: 'energy', wh: 5000 },
        { customerId: 'A', kind: 'energy', wh: -1000 },
        { customerId: 'B', kind: 'days', wh: null },
        { customerId: 'X', kind: 'energy', wh: 7000 },
      ],
      [{ customerId: 'C', billedWh: 2500 }],
      1,
    );
    expect(c.connections).toBe(3);
    expect(c.totalWh).toBe(6500);
    expect(c.whPerConnection).toBe(2167);
    expect(c.top.map((x) => [x.customerId, x.wh])).toEqual([['A', 4000]]);
    expect(c.bottom.map((x) => [x.customerId, x.wh])).toEqual([['B', 0]]);
  });

  it('measures generation from trusted readings and losses against the 7 % allowance', () => {
    const readings = [
      { at: '2026-10-25T00:00:00.000Z', wh: 1_000_000 },
      { at: '2026-11-10T00:00:00.000Z', wh: 1_400_000 },
      // A reset: counts zero, the next rise counts from here.
      { at: '2026-11-12T00:00:00.000Z', wh: 0 },
      { at: '2026-11-30T00:00:00.000Z', wh: 600_000 },
      { at: '2026-12-02T00:00:00.000Z', wh: 700_000 },
    ];
    const wh = generatedWh(readings, '2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z');
    expect(wh).toBe(1_000_000);
    const b = energyBalance([
      { miniGridId: 'g1', code: 'BKG', generatedWh: wh, soldWh: 900_000 },
      { miniGridId: 'g2', code: 'TML', generatedWh: null, soldWh: 50_000 },
    ]);
    // 1,000 kWh generated, 900 sold: 100 kWh lost (10 %), 70 allowed, 30 above.
    expect(b.rows).toEqual([
      {
        miniGridId: 'g1',
        code: 'BKG',
        generatedWh: 1_000_000,
        soldWh: 900_000,
        lossWh: 100_000,
        lossShare: 0.1,
        allowedWh: 70_000,
        excessWh: 30_000,
      },
    ]);
    expect(b.allowedShare).toBe(0.07);
    expect(
      energyBalance([{ miniGridId: 'g2', code: 'TML', generatedWh: null, soldWh: 1 }]).rows,
    ).toEqual([]);
  });
});
