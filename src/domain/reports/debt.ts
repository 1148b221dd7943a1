// Postpaid debt at an instant (docs/reports.md "Debt aging"): what each customer's final invoices
// still owe once the money paid by then is spread over them oldest first, the open amounts aged
// from their due dates, and how many customers are on the disconnection list. Pure: the core
// loads each customer's invoices and what they paid by the instant. This is the ONE aging rule:
// the monthly report, the dashboard and the debt list (`billing.aging`, its screen and PDF) all
// bucket open amounts with `agingBucket` and settle invoices with `openAmounts`.
import { daysBetween } from '../contracts/schedule';

/**
 * Days past the due date, the basis the industry's portfolio-at-risk figures use (PAYGo PERFORM
 * counts arrears from the day a payment was due, never from the day it was billed): not yet past
 * due (the due date itself included: a bill paid on its due date is on time), then 1-30, 31-60,
 * 61-90 and over 90 days past due.
 */
export const DEBT_BUCKETS = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export type DebtBucket = (typeof DEBT_BUCKETS)[number];

/**
 * A customer is on the disconnection list when they owe money and their oldest open invoice was
 * issued (period end) more than this many days before: the default of the disconnection list
 * (`billing.disconnections`), so the report's count is the list a manager prints.
 */
export const DISCONNECT_AFTER_DAYS = 60;

export interface DebtInvoice {
  /** Local dates. */
  periodEnd: string;
  dueDate: string;
  /** Charges plus debit notes by the instant. */
  chargedMinor: number;
}

export interface DebtCustomer {
  customerId: string;
  villageId: string;
  /** Final invoices by the instant, oldest first (period end, then number). */
  invoices: readonly DebtInvoice[];
  /** Paid on postpaid accounts by the instant, plus credit notes: spent on the oldest first. */
  paidMinor: number;
}

export interface DebtAging {
  /** Local date the debt is measured on (the day after the period's last day). */
  asOf: string;
  /** Gross receivables: every open amount; the buckets add up to it exactly. */
  totalMinor: number;
  buckets: { bucket: DebtBucket; amountMinor: number }[];
  byVillage: { villageId: string; amountMinor: number }[];
  customersOwing: number;
  disconnectionListSize: number;
}

export function bucketOf(daysPastDue: number): DebtBucket {
  if (daysPastDue <= 0) return 'not_due';
  if (daysPastDue <= 30) return 'd1_30';
  if (daysPastDue <= 60) return 'd31_60';
  if (daysPastDue <= 90) return 'd61_90';
  return 'd90_plus';
}

/** The bucket of an amount due on `dueDate`, seen on `asOf` (both local dates). */
export function agingBucket(dueDate: string, asOf: string): DebtBucket {
  return bucketOf(daysBetween(dueDate, asOf));
}

/**
 * What is still open on each of one customer's invoices: payments and credit notes settle the
 * oldest invoices first (docs/domain.md §7), whichever invoice a payment named, as the account
 * statement shows them.
 */
export function openAmounts(chargedOldestFirst: readonly number[], settled: number): number[] {
  let pool = settled;
  return chargedOldestFirst.map((charged) => {
    const applied = Math.max(0, Math.min(pool, charged));
    pool -= applied;
    return charged - applied;
  });
}

export function debtAging(customers: readonly DebtCustomer[], asOf: string): DebtAging {
  const buckets = new Map<DebtBucket, number>(DEBT_BUCKETS.map((b) => [b, 0]));
  const byVillage = new Map<string, number>();
  let total = 0;
  let owing = 0;
  let disconnect = 0;
  for (const c of customers) {
    const lefts = openAmounts(
      c.invoices.map((inv) => inv.chargedMinor),
      c.paidMinor,
    );
    let oldestOpen: DebtInvoice | null = null;
    let open = 0;
    for (const [k, inv] of c.invoices.entries()) {
      const left = lefts[k] ?? 0;
      if (left <= 0) continue;
      oldestOpen ??= inv;
      open += left;
      const bucket = agingBucket(inv.dueDate, asOf);
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + left);
    }
    if (open === 0) continue;
    total += open;
    owing += 1;
    byVillage.set(c.villageId, (byVillage.get(c.villageId) ?? 0) + open);
    // Invoice age as the disconnection list counts it: from the day before the period end.
    if (oldestOpen && daysBetween(oldestOpen.periodEnd, asOf) + 1 > DISCONNECT_AFTER_DAYS)
      disconnect += 1;
  }
  return {
    asOf,
    totalMinor: total,
    buckets: DEBT_BUCKETS.map((bucket) => ({ bucket, amountMinor: buckets.get(bucket) ?? 0 })),
    byVillage: [...byVillage]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([villageId, amountMinor]) => ({ villageId, amountMinor })),
    customersOwing: owing,
    disconnectionListSize: disconnect,
  };
}
