// A hand-worked small dashboard: every figure below is written out from the facts, not computed.
import { describe, expect, it } from 'vitest';
import { dashboardFigures, sectionsFor, type DashboardFacts } from './dashboard';
import { agingBucket, openAmounts } from './debt';

// Lagos is UTC+1: local 3 November runs from 2026-11-02T23:00Z to 2026-11-03T23:00Z.
const facts: DashboardFacts = {
  date: '2026-11-03',
  asOf: '2026-11-03',
  timeZone: 'Africa/Lagos',
  today: [
    { method: 'cash', cashier: 'amina', amountMinor: 5_000, payments: 2 },
    { method: 'mobile_money', cashier: 'amina', amountMinor: 2_000, payments: 1 },
    { method: 'cash', cashier: 'bello', amountMinor: 1_500, payments: 1 },
    // A reversal made by the manager today.
    { method: 'cash', cashier: 'manager', amountMinor: -500, payments: 0 },
  ],
  tokensToday: [
    { kind: 'STS', count: 2 },
    { kind: 'ADD_TIME', count: 3 },
    { kind: 'SET_TIME', count: 0 },
  ],
  monthParts: [
    // 1 November 00:30 local = 31 October 23:30Z: the first local day of the month.
    { hour: '2026-10-31T23', quarter: 2, kind: 'energy', amountMinor: 1_000, wh: 10_000 },
    { hour: '2026-11-01T12', quarter: 0, kind: 'invoice', amountMinor: 3_000, wh: 0 },
    // 2 November 23:45Z is already 3 November in Lagos.
    { hour: '2026-11-02T23', quarter: 3, kind: 'energy', amountMinor: 4_000, wh: 40_000 },
    { hour: '2026-11-03T09', quarter: 0, kind: 'days', amountMinor: 4_500, wh: 0 },
    { hour: '2026-11-03T09', quarter: 0, kind: 'energy', amountMinor: -500, wh: -5_000 },
  ],
  billed: { chargesMinor: 12_000, billedWh: 90_000, invoices: 3 },
  invoices: [
    // Customer A: 3,000 paid settles the August invoice in full and 1,000 of September's.
    // (2,500 paid naming the September invoice and 500 left on the account: one pool.)
    { customerId: 'A', dueDate: '2026-08-15', chargedMinor: 2_000, settledMinor: 0 },
    { customerId: 'A', dueDate: '2026-09-15', chargedMinor: 2_000, settledMinor: 2_500 },
    { customerId: 'A', dueDate: '2026-10-15', chargedMinor: 2_000, settledMinor: 0 },
    { customerId: 'A', dueDate: '2026-11-15', chargedMinor: 2_000, settledMinor: 0 },
    // Customer B: nothing paid; due 3 August is 92 days before 3 November.
    { customerId: 'B', dueDate: '2026-08-03', chargedMinor: 700, settledMinor: 0 },
    { customerId: 'B', dueDate: '2026-08-04', chargedMinor: 300, settledMinor: 0 },
    // Customer C paid more than billed: no debt.
    { customerId: 'C', dueDate: '2026-10-01', chargedMinor: 1_000, settledMinor: 1_200 },
  ],
  accountCreditByCustomer: new Map([
    ['A', 500],
    ['C', 300],
  ]),
  contracts: [
    { outstanding: 10_000, daysLate: 0 },
    { outstanding: 6_000, daysLate: 30 },
    { outstanding: 4_000, daysLate: 31 },
  ],
  newCustomers: 4,
  newConnections: 3,
  flaggedReadings: 2,
};

describe('the dashboard figures, worked by hand', () => {
  const f = dashboardFigures(facts);

  it("the counter's day by method and cashier, and its tokens", () => {
    expect(f.counter.totalMinor).toBe(8_000);
    expect(f.counter.payments).toBe(4);
    expect(f.counter.byMethod).toEqual([
      { method: 'cash', amountMinor: 6_000 },
      { method: 'mobile_money', amountMinor: 2_000 },
      { method: 'bank', amountMinor: 0 },
      { method: 'other', amountMinor: 0 },
    ]);
    expect(f.counter.byCashier).toEqual([
      { cashier: 'amina', amountMinor: 7_000, payments: 3 },
      { cashier: 'bello', amountMinor: 1_500, payments: 1 },
      { cashier: 'manager', amountMinor: -500, payments: 0 },
    ]);
    expect(f.counter.tokens).toBe(5);
    expect(f.counter.tokensByKind).toEqual([
      { kind: 'ADD_TIME', count: 3 },
      { kind: 'STS', count: 2 },
    ]);
  });

  it('the month by local day, energy sold, collection efficiency', () => {
    expect(f.monthStart).toBe('2026-11-01');
    expect(f.month.byDay).toEqual([
      { date: '2026-11-01', amountMinor: 4_000 },
      { date: '2026-11-02', amountMinor: 0 },
      { date: '2026-11-03', amountMinor: 8_000 },
    ]);
    expect(f.month.collectedMinor).toBe(12_000);
    expect(f.month.prepaidSoldWh).toBe(45_000);
    expect(f.month.prepaidSoldMinor).toBe(4_500);
    // 3,000 collected on invoices / 12,000 billed = 25 %.
    expect(f.month.collectedOnInvoicesMinor).toBe(3_000);
    expect(f.month.collectionEfficiency).toBe(0.25);
    expect(f.month.billedMinor).toBe(12_000);
    expect(f.month.postpaidBilledWh).toBe(90_000);
  });

  it('debt by days past the due date: not due, 1-30, 31-60, 61-90, over 90', () => {
    // A: Sept 1,000 open (49 days), Oct 2,000 (19 days), Nov 2,000 (not due). B: 700 (92 days),
    // 300 (91 days). C: none.
    expect(f.debt.buckets).toEqual([
      { bucket: 'not_due', amountMinor: 2_000 },
      { bucket: 'd1_30', amountMinor: 2_000 },
      { bucket: 'd31_60', amountMinor: 1_000 },
      { bucket: 'd61_90', amountMinor: 0 },
      { bucket: 'd90_plus', amountMinor: 1_000 },
    ]);
    expect(f.debt.totalMinor).toBe(6_000);
    expect(f.debt.customers).toBe(2);
  });

  it('PAR30: the whole outstanding of contracts more than 30 days late', () => {
    expect(f.portfolio).toEqual({
      activeContracts: 3,
      outstandingMinor: 20_000,
      par30Minor: 4_000,
      par30Bp: 2_000,
    });
  });

  it('bucket edges and the oldest-first settlement', () => {
    expect(agingBucket('2026-11-04', '2026-11-03')).toBe('not_due');
    // Due today is not late yet: arrears start the day after the due date.
    expect(agingBucket('2026-11-03', '2026-11-03')).toBe('not_due');
    expect(agingBucket('2026-11-02', '2026-11-03')).toBe('d1_30');
    expect(agingBucket('2026-10-04', '2026-11-03')).toBe('d1_30');
    expect(agingBucket('2026-10-03', '2026-11-03')).toBe('d31_60');
    expect(agingBucket('2026-09-04', '2026-11-03')).toBe('d31_60');
    expect(agingBucket('2026-09-03', '2026-11-03')).toBe('d61_90');
    expect(agingBucket('2026-08-05', '2026-11-03')).toBe('d61_90');
    expect(agingBucket('2026-08-04', '2026-11-03')).toBe('d90_plus');
    expect(openAmounts([500, 500, 500], 700)).toEqual([0, 300, 500]);
  });

  it('roles: managers everything, cashiers the counter, clerks the registry', () => {
    expect(sectionsFor('manager')).toEqual(sectionsFor('admin'));
    expect(sectionsFor('cashier')).toEqual(['counter']);
    expect(sectionsFor('clerk')).toEqual(['registry']);
  });
});
