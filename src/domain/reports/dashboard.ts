// The managers' dashboard (docs/dashboard.md): what the office did today and this month, what is
// owed and how old it is, and what waits for someone. The core loads grouped sums and plain rows
// from the ledgers for a scope; every rule about what counts where is here (or in the monthly
// report's rules it reuses), so a reader asking "why is this tile so?" lands in this file.
import { portfolioAtRisk, type AtRiskInput } from '../contracts/portfolio';
import { addDays, localDate } from '../time';
import { PAYMENT_METHODS, type AllocationKind, type PaymentMethod } from '../vocabulary';
import { agingBucket, DEBT_BUCKETS, openAmounts, type DebtBucket } from './debt';
import { ratio } from './monthly';

/** Who sees which part of the dashboard (docs/dashboard.md). */
export const DASHBOARD_SECTIONS = [
  'counter',
  'month',
  'debt',
  'portfolio',
  'registry',
  'system',
] as const;
export type DashboardSection = (typeof DASHBOARD_SECTIONS)[number];

/**
 * Managers and administrators see everything. A cashier sees the counter's day (money taken by
 * method and cashier, tokens issued): what a day-end closes. A clerk sees the registry's work:
 * customers and connections added, flagged readings waiting. Money owed and the month's takings
 * are the managers'.
 */
export function sectionsFor(role: 'admin' | 'manager' | 'cashier' | 'clerk'): DashboardSection[] {
  switch (role) {
    case 'admin':
    case 'manager':
      return [...DASHBOARD_SECTIONS];
    case 'cashier':
      return ['counter'];
    case 'clerk':
      return ['registry'];
  }
}

/** Money taken on the dashboard's day by one cashier with one method (reversals negative). */
export interface TodayPaymentRow {
  method: PaymentMethod;
  cashier: string;
  amountMinor: number;
  payments: number;
}

/** Parts of the month's payments, summed per UTC quarter-hour (a local day never splits one). */
export interface MonthPartRow {
  /** The UTC hour (`YYYY-MM-DDTHH`) and its quarter (0-3). */
  hour: string;
  quarter: number;
  kind: AllocationKind;
  amountMinor: number;
  wh: number;
}

/** A final invoice, in the order payments settle them (oldest first). */
export interface OpenInvoiceFact {
  customerId: string;
  dueDate: string;
  /** Charges plus debit notes. */
  chargedMinor: number;
  /** Payments made for it (reversals negative) plus its credit notes. */
  settledMinor: number;
}

export interface DashboardFacts {
  /** The dashboard's day (local date); "this month" runs from its first day through it. */
  date: string;
  /** Today: debt is aged against it. */
  asOf: string;
  timeZone: string;
  today: readonly TodayPaymentRow[];
  tokensToday: readonly { kind: string; count: number }[];
  monthParts: readonly MonthPartRow[];
  /** Final invoices of the month's billing period. */
  billed: { chargesMinor: number; billedWh: number; invoices: number };
  /** Every final invoice of customers in scope, ordered by customer, then oldest first. */
  invoices: readonly OpenInvoiceFact[];
  /** Per customer: money left on the postpaid account, which settles invoices too. */
  accountCreditByCustomer: ReadonlyMap<string, number>;
  contracts: readonly AtRiskInput[];
  newCustomers: number;
  newConnections: number;
  flaggedReadings: number;
}

export interface DashboardFigures {
  date: string;
  monthStart: string;
  counter: {
    totalMinor: number;
    payments: number;
    byMethod: { method: PaymentMethod; amountMinor: number }[];
    byCashier: { cashier: string; amountMinor: number; payments: number }[];
    tokens: number;
    tokensByKind: { kind: string; count: number }[];
  };
  month: {
    collectedMinor: number;
    /** Every day of the month through the dashboard's day, with the money taken on it. */
    byDay: { date: string; amountMinor: number }[];
    prepaidSoldWh: number;
    prepaidSoldMinor: number;
    postpaidBilledWh: number;
    billedMinor: number;
    invoices: number;
    /** Money that settled invoices this month / charges on the month's final invoices. */
    collectedOnInvoicesMinor: number;
    collectionEfficiency: number | null;
  };
  debt: {
    totalMinor: number;
    customers: number;
    buckets: { bucket: DebtBucket; amountMinor: number }[];
  };
  portfolio: {
    activeContracts: number;
    outstandingMinor: number;
    par30Minor: number;
    /** Basis points of the outstanding principal. */
    par30Bp: number;
  };
  registry: { newCustomers: number; newConnections: number; flaggedReadings: number };
}

function sumInto<K>(map: Map<K, number>, key: K, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

export function dashboardFigures(f: DashboardFacts): DashboardFigures {
  const monthStart = `${f.date.slice(0, 7)}-01`;

  // --- the counter's day ---
  const byMethod = new Map<PaymentMethod, number>();
  const byCashier = new Map<string, { amountMinor: number; payments: number }>();
  let todayTotal = 0;
  let todayPayments = 0;
  for (const r of f.today) {
    sumInto(byMethod, r.method, r.amountMinor);
    const c = byCashier.get(r.cashier) ?? { amountMinor: 0, payments: 0 };
    c.amountMinor += r.amountMinor;
    c.payments += r.payments;
    byCashier.set(r.cashier, c);
    todayTotal += r.amountMinor;
    todayPayments += r.payments;
  }

  // --- the month: money by local day, energy sold, collections on invoices ---
  const byDay = new Map<string, number>();
  let collected = 0;
  let prepaidWh = 0;
  let prepaidMinor = 0;
  let onInvoices = 0;
  for (const p of f.monthParts) {
    const quarterStart = Date.parse(`${p.hour}:00:00Z`) + p.quarter * 15 * 60_000;
    sumInto(byDay, localDate(quarterStart, f.timeZone), p.amountMinor);
    collected += p.amountMinor;
    // As in the monthly report: energy parts are prepaid energy sold, invoice parts settle bills.
    if (p.kind === 'energy') {
      prepaidWh += p.wh;
      prepaidMinor += p.amountMinor;
    }
    if (p.kind === 'invoice') onInvoices += p.amountMinor;
  }
  const days: { date: string; amountMinor: number }[] = [];
  for (let d = monthStart; d <= f.date; d = addDays(d, 1))
    days.push({ date: d, amountMinor: byDay.get(d) ?? 0 });

  // --- debt and its age ---
  const buckets = new Map<DebtBucket, number>();
  const owing = new Set<string>();
  let debt = 0;
  for (let i = 0; i < f.invoices.length;) {
    const customerId = f.invoices[i]?.customerId ?? '';
    let j = i;
    while (j < f.invoices.length && f.invoices[j]?.customerId === customerId) j += 1;
    const own = f.invoices.slice(i, j);
    // Everything a customer paid toward postpaid bills, and their credit notes, is one pool that
    // settles the oldest invoices first, whichever invoice a payment named.
    const pool =
      own.reduce((sum, x) => sum + x.settledMinor, 0) +
      (f.accountCreditByCustomer.get(customerId) ?? 0);
    const open = openAmounts(
      own.map((x) => x.chargedMinor),
      pool,
    );
    own.forEach((inv, k) => {
      const amount = open[k] ?? 0;
      if (amount <= 0) return;
      sumInto(buckets, agingBucket(inv.dueDate, f.asOf), amount);
      debt += amount;
      owing.add(customerId);
    });
    i = j;
  }

  // --- appliance contracts: PAR30 by the portfolio's own rule ---
  const atRisk = portfolioAtRisk(f.contracts, [30]);
  const par30 = atRisk.par[0];

  return {
    date: f.date,
    monthStart,
    counter: {
      totalMinor: todayTotal,
      payments: todayPayments,
      byMethod: PAYMENT_METHODS.map((method) => ({
        method,
        amountMinor: byMethod.get(method) ?? 0,
      })),
      byCashier: [...byCashier]
        .map(([cashier, c]) => ({ cashier, ...c }))
        .sort((a, b) => b.amountMinor - a.amountMinor || a.cashier.localeCompare(b.cashier)),
      tokens: f.tokensToday.reduce((s, t) => s + t.count, 0),
      tokensByKind: [...f.tokensToday]
        .filter((t) => t.count > 0)
        .sort((a, b) => a.kind.localeCompare(b.kind)),
    },
    month: {
      collectedMinor: collected,
      byDay: days,
      prepaidSoldWh: prepaidWh,
      prepaidSoldMinor: prepaidMinor,
      postpaidBilledWh: f.billed.billedWh,
      billedMinor: f.billed.chargesMinor,
      invoices: f.billed.invoices,
      collectedOnInvoicesMinor: onInvoices,
      collectionEfficiency: ratio(onInvoices, f.billed.chargesMinor),
    },
    debt: {
      totalMinor: debt,
      customers: owing.size,
      buckets: DEBT_BUCKETS.map((bucket) => ({ bucket, amountMinor: buckets.get(bucket) ?? 0 })),
    },
    portfolio: {
      activeContracts: f.contracts.length,
      outstandingMinor: atRisk.outstanding,
      par30Minor: par30?.atRisk ?? 0,
      par30Bp: par30?.shareBp ?? 0,
    },
    registry: {
      newCustomers: f.newCustomers,
      newConnections: f.newConnections,
      flaggedReadings: f.flaggedReadings,
    },
  };
}
