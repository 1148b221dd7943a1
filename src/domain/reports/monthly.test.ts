// A small month worked by hand: the expected numbers are written out, not computed.
import { describe, expect, it } from 'vitest';
import {
  monthlyFigures,
  targetActual,
  targetProgress,
  type AllocationRow,
  type MonthlyRows,
  type Place,
} from './monthly';

const places: Place[] = [
  {
    villageId: 'v1',
    villageName: 'Alpha',
    miniGridId: 'g1',
    miniGridCode: 'AAA',
    miniGridName: 'Grid A',
    clusterId: 'c1',
    clusterName: 'North',
  },
  {
    villageId: 'v2',
    villageName: 'Beta',
    miniGridId: 'g1',
    miniGridCode: 'AAA',
    miniGridName: 'Grid A',
    clusterId: 'c1',
    clusterName: 'North',
  },
  {
    villageId: 'v3',
    villageName: 'Gamma',
    miniGridId: 'g2',
    miniGridCode: 'BBB',
    miniGridName: 'Grid B',
    clusterId: 'c1',
    clusterName: 'North',
  },
];

const part = (
  paymentId: string,
  customerId: string,
  villageId: string,
  method: AllocationRow['method'],
  kind: AllocationRow['kind'],
  amountMinor: number,
  wh: number | null = null,
): AllocationRow => ({ paymentId, customerId, villageId, method, kind, amountMinor, wh });

// October 2026 in Lagos (UTC+1).
const month: MonthlyRows = {
  period: '2026-10',
  startIso: '2026-09-30T23:00:00.000Z',
  endIso: '2026-10-31T23:00:00.000Z',
  places,
  allocations: [
    // A pays 120.00 cash: 100.00 of energy (5 kWh) after 20.00 of access-charge debt.
    part('p1', 'A', 'v1', 'cash', 'energy', 10000, 5000),
    part('p1', 'A', 'v1', 'cash', 'access_debt', 2000),
    // B pays 30.50 by mobile money for SHS days, then the payment is reversed.
    part('p2', 'B', 'v2', 'mobile_money', 'days', 3000),
    part('p2', 'B', 'v2', 'mobile_money', 'credit', 50),
    part('p5', 'B', 'v2', 'mobile_money', 'days', -3000),
    part('p5', 'B', 'v2', 'mobile_money', 'credit', -50),
    // C settles invoices: 80.00 by bank, then 25.00 cash of which 5.00 is overpaid.
    part('p3', 'C', 'v3', 'bank', 'invoice', 8000),
    part('p4', 'C', 'v3', 'cash', 'invoice', 2000),
    part('p4', 'C', 'v3', 'cash', 'account_credit', 500),
  ],
  previousNetByCustomer: new Map([
    ['A', 5000],
    ['C', 0],
    ['E', 1000],
  ]),
  invoices: [
    { customerId: 'F', villageId: 'v3', chargesMinor: 12500, billedWh: 40000 },
    { customerId: 'G', villageId: 'v3', chargesMinor: 2500, billedWh: 8000 },
  ],
  tokens: [
    { villageId: 'v2', kind: 'ADD_TIME' },
    { villageId: 'v2', kind: 'ADD_TIME' },
    { villageId: 'v1', kind: 'STS' },
    { villageId: 'v2', kind: 'DISABLE_PAYG' },
  ],
  stsPendingAtEnd: 1,
  customers: [
    { id: 'A', villageId: 'v1', createdAt: '2026-08-01T09:00:00.000Z', deletedAt: null },
    { id: 'B', villageId: 'v2', createdAt: '2026-10-05T09:00:00.000Z', deletedAt: null },
    { id: 'C', villageId: 'v3', createdAt: '2026-09-10T09:00:00.000Z', deletedAt: null },
    {
      id: 'D',
      villageId: 'v3',
      createdAt: '2026-10-20T09:00:00.000Z',
      deletedAt: '2026-10-25T09:00:00.000Z',
    },
    {
      id: 'E',
      villageId: 'v1',
      createdAt: '2026-01-01T09:00:00.000Z',
      deletedAt: '2026-09-15T09:00:00.000Z',
    },
    { id: 'F', villageId: 'v1', createdAt: '2026-11-02T09:00:00.000Z', deletedAt: null },
  ],
};

describe('monthly figures, a month worked by hand', () => {
  const f = monthlyFigures(month);

  it('nets revenue and splits it by type, method and place, each summing to 225.00', () => {
    expect(f.revenue.totalMinor).toBe(22500);
    expect(f.revenue.byType).toEqual([
      { type: 'energy', amountMinor: 10000 },
      { type: 'access_charges', amountMinor: 2000 },
      { type: 'instalments', amountMinor: 0 },
      { type: 'invoices', amountMinor: 10000 },
      { type: 'credit', amountMinor: 500 },
    ]);
    expect(f.revenue.byMethod).toEqual([
      { method: 'cash', amountMinor: 14500 },
      { method: 'mobile_money', amountMinor: 0 },
      { method: 'bank', amountMinor: 8000 },
      { method: 'other', amountMinor: 0 },
    ]);
    expect(f.revenue.byVillage.map((v) => [v.name, v.amountMinor])).toEqual([
      ['Alpha', 12000],
      ['Beta', 0],
      ['Gamma', 10500],
    ]);
    expect(f.revenue.byMiniGrid.map((g) => [g.code, g.amountMinor])).toEqual([
      ['AAA', 12000],
      ['BBB', 10500],
    ]);
    expect(f.revenue.byCluster).toEqual([{ clusterId: 'c1', name: 'North', amountMinor: 22500 }]);
    // The village x type x method cells that are not zero (Beta's reversal nets to nothing).
    expect(f.revenue.rows).toEqual([
      { villageId: 'v1', type: 'energy', method: 'cash', amountMinor: 10000 },
      { villageId: 'v1', type: 'access_charges', method: 'cash', amountMinor: 2000 },
      { villageId: 'v3', type: 'invoices', method: 'cash', amountMinor: 2000 },
      { villageId: 'v3', type: 'invoices', method: 'bank', amountMinor: 8000 },
      { villageId: 'v3', type: 'credit', method: 'cash', amountMinor: 500 },
    ]);
  });

  it('counts energy sold prepaid and billed postpaid', () => {
    expect(f.energy).toEqual({
      prepaidSoldWh: 5000,
      prepaidRevenueMinor: 10000,
      postpaidBilledWh: 48000,
      postpaidBilledMinor: 15000,
      totalWh: 53000,
      byMiniGrid: [
        { miniGridId: 'g1', code: 'AAA', prepaidWh: 5000, postpaidWh: 0 },
        { miniGridId: 'g2', code: 'BBB', prepaidWh: 0, postpaidWh: 48000 },
      ],
    });
  });

  it('counts customers: new, active (paid more than they got back), inactive and churned', () => {
    expect(f.customers).toEqual({
      atStart: 2, // A and C (E left in September)
      new: 2, // B and D (D deleted within the month)
      atEnd: 3, // A, B, C
      active: 2, // A and C; B's payment was reversed
      inactive: 1, // B
      activeBefore: 2, // A and E in September
      churned: 1, // E
      churnRate: 0.5,
    });
    // 53 kWh over 2 active customers; 225.00 over 2.
    expect(f.perCustomer).toEqual({ whPerActiveCustomer: 26500, arpuMinor: 11250 });
  });

  it('counts tokens by kind and collections against billing', () => {
    expect(f.tokens).toEqual({
      total: 4,
      byKind: [
        { kind: 'ADD_TIME', count: 2 },
        { kind: 'DISABLE_PAYG', count: 1 },
        { kind: 'STS', count: 1 },
      ],
      stsPendingAtEnd: 1,
    });
    // 100.00 collected on 150.00 billed.
    expect(f.collections).toEqual({
      billedMinor: 15000,
      collectedMinor: 10000,
      efficiency: 0.6667,
    });
    expect(f.empty).toBe(false);
  });

  it('measures targets: 225.00 of 300.00 revenue, 66.67 % collected of an 80 % goal', () => {
    expect(targetActual('revenue', f)).toBe(22500);
    expect(targetProgress(22500, 30000)).toBe(0.75);
    expect(targetActual('collection_rate', f)).toBe(6667);
    expect(targetProgress(6667, 8000)).toBe(0.8334);
    expect(targetActual('new_customers', f)).toBe(2);
    expect(targetActual('energy_sold', f)).toBe(53000);
  });

  it('an empty month is empty, with no ratios to divide by zero', () => {
    const e = monthlyFigures({
      ...month,
      allocations: [],
      invoices: [],
      tokens: [],
      customers: [],
      previousNetByCustomer: new Map(),
    });
    expect(e.empty).toBe(true);
    expect(e.collections.efficiency).toBeNull();
    expect(e.perCustomer).toEqual({ whPerActiveCustomer: null, arpuMinor: null });
    expect(e.customers.churnRate).toBeNull();
  });

  it('refuses a row from a village outside the scope', () => {
    expect(() =>
      monthlyFigures({ ...month, allocations: [part('p', 'A', 'v9', 'cash', 'energy', 1, 1)] }),
    ).toThrow(/not in the report's scope/);
  });
});
