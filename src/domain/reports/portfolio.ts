// The appliance portfolio as funders read it (docs/reports.md "Appliance portfolio", after the
// CGAP/GOGLA PAYGo PERFORM indicators): portfolio at risk 7/30/90 with past-due buckets that add
// up to the gross receivables, the collection rate without deposits, and repayment by sales
// cohort at months 3, 6 and 12. Pure: the core loads the contracts, their live schedules and the
// money paid on them; where a contract stands comes from domain/contracts/portfolio.ts, so the
// report and the contracts screens agree on days late.
import { contractBalance, type ContractTerms } from '../contracts/payment';
import { PAR_THRESHOLDS, scheduleFacts, standingOf } from '../contracts/portfolio';
import { daysBetween, stepDate } from '../contracts/schedule';
import { ratio } from './monthly';

/** Days late: current, then 1-7, 8-30, 31-60, 61-90, over 90. */
export const PAST_DUE_BUCKETS = [
  'current',
  'd1_7',
  'd8_30',
  'd31_60',
  'd61_90',
  'd90_plus',
] as const;
export type PastDueBucket = (typeof PAST_DUE_BUCKETS)[number];
export const COHORT_MONTHS = [3, 6, 12] as const;

export function pastDueBucket(daysLate: number): PastDueBucket {
  if (daysLate <= 0) return 'current';
  if (daysLate <= 7) return 'd1_7';
  if (daysLate <= 30) return 'd8_30';
  if (daysLate <= 60) return 'd31_60';
  if (daysLate <= 90) return 'd61_90';
  return 'd90_plus';
}

export interface PortfolioContract {
  id: string;
  villageId: string;
  /** Local date of the sale. */
  saleDate: string;
  graceDays: number;
  /** With the live schedule (instalment plans). */
  terms: ContractTerms;
  /** Paid before the contract existed (a device's PAYG plan carried over): counts as repaid. */
  openingPaidMinor: number;
  /** Still in the portfolio at the end: not written off, repossessed or cancelled by then. */
  inPortfolioAtEnd: boolean;
}

export interface ContractMoney {
  contractId: string;
  /** Local date the payment (or reversal, negative) was received. */
  date: string;
  /** A down payment (deposit) or a later payment on the contract. */
  deposit: boolean;
  amountMinor: number;
}

export interface PortfolioInput {
  /** Local dates [from, to) of the report's period. */
  from: string;
  to: string;
  /** The period's last day: contracts stand as at its close. */
  asOf: string;
  contracts: readonly PortfolioContract[];
  /** Every payment on these contracts received before `to`. */
  money: readonly ContractMoney[];
}

export interface AppliancePortfolio {
  /** Contracts in the portfolio at the end of the period with something left to collect. */
  contracts: number;
  /** Outstanding principal at the end of the period; the buckets add up to it exactly. */
  grossReceivablesMinor: number;
  buckets: { bucket: PastDueBucket; contracts: number; amountMinor: number }[];
  par: { days: number; atRiskMinor: number; share: number | null }[];
  collection: {
    /** Paid on contracts in the period, down payments left out. */
    collectedMinor: number;
    /** Instalments that fell due in the period, and days of per-day plans in it. */
    dueMinor: number;
    rate: number | null;
  };
  cohorts: {
    /** YYYY-MM of the sales. */
    cohort: string;
    contracts: number;
    /** Price less down payments: what the cohort was lent. */
    financedMinor: number;
    points: { month: number; expectedMinor: number; repaidMinor: number; rate: number | null }[];
  }[];
}

/** First local day of the month `k` months after the month of `date`. */
function monthStartAfter(date: string, k: number): string {
  return stepDate(`${date.slice(0, 7)}-01`, 'monthly', k);
}

/**
 * What a contract should have received (down payment left out) before a date: its instalments
 * due before it, or for a per-day plan its daily price for every day since the sale, never more
 * than the plan can collect.
 */
function expectedBefore(c: PortfolioContract, date: string): number {
  const t = c.terms;
  if (t.plan === 'instalments')
    return t.instalments.reduce((s, i) => (i.dueDate < date ? s + i.amount : s), 0);
  const days = Math.max(0, daysBetween(c.saleDate, date));
  const owed = days * (t.dailyPrice ?? 0);
  return t.unlockTotal === null ? owed : Math.min(owed, Math.max(0, t.unlockTotal - t.downPayment));
}

/** Days of the stretch [from, to) on or after the sale: what a per-day plan owes in it. */
function daysIn(c: PortfolioContract, from: string, to: string): number {
  const start = c.saleDate > from ? c.saleDate : from;
  return Math.max(0, daysBetween(start, to));
}

export function appliancePortfolio(input: PortfolioInput): AppliancePortfolio {
  const paidBy = new Map<string, { deposit: number; later: number }>();
  let collected = 0;
  const inScope = new Set(input.contracts.map((c) => c.id));
  for (const m of input.money) {
    if (!inScope.has(m.contractId) || m.date >= input.to) continue;
    const p = paidBy.get(m.contractId) ?? { deposit: 0, later: 0 };
    if (m.deposit) p.deposit += m.amountMinor;
    else p.later += m.amountMinor;
    paidBy.set(m.contractId, p);
    // The collection rate leaves deposits out: they are paid at the sale, not collected.
    if (!m.deposit && m.date >= input.from) collected += m.amountMinor;
  }

  const buckets = new Map(PAST_DUE_BUCKETS.map((b) => [b, { contracts: 0, amountMinor: 0 }]));
  let gross = 0;
  let open = 0;
  let due = 0;
  for (const c of input.contracts) {
    const p = paidBy.get(c.id) ?? { deposit: 0, later: 0 };
    const paid = c.openingPaidMinor + p.deposit + p.later;
    if (c.inPortfolioAtEnd) {
      const standing = standingOf(
        c.terms,
        paid,
        c.saleDate,
        input.asOf,
        c.graceDays,
        scheduleFacts(c.terms, paid, input.asOf),
      );
      if (standing.outstanding > 0) {
        const b = buckets.get(pastDueBucket(standing.daysLate));
        if (b) {
          b.contracts += 1;
          b.amountMinor += standing.outstanding;
        }
        gross += standing.outstanding;
        open += 1;
      }
    }
    // What fell due in the period, for every contract sold by then (closed ones too: money
    // collected on them counts above).
    if (c.saleDate >= input.to) continue;
    if (c.terms.plan === 'instalments')
      due += c.terms.instalments.reduce(
        (s, i) => (i.dueDate >= input.from && i.dueDate < input.to ? s + i.amount : s),
        0,
      );
    else if (c.inPortfolioAtEnd && contractBalance(c.terms, paid) !== 0)
      due += daysIn(c, input.from, input.to) * (c.terms.dailyPrice ?? 0);
  }
  const atRisk = (days: number) =>
    [...buckets]
      .filter(([b]) => PAST_DUE_BUCKETS.indexOf(b) > PAST_DUE_BUCKETS.indexOf(pastDueBucket(days)))
      .reduce((s, [, v]) => s + v.amountMinor, 0);

  // Cohorts: contracts by month of sale; month k is shown once k whole months after the sale
  // month have ended by the end of the period.
  const cohorts = new Map<string, PortfolioContract[]>();
  for (const c of input.contracts) {
    if (c.saleDate >= input.to) continue;
    const key = c.saleDate.slice(0, 7);
    cohorts.set(key, [...(cohorts.get(key) ?? []), c]);
  }
  const moneyOf = new Map<string, ContractMoney[]>();
  for (const m of input.money)
    if (!m.deposit) moneyOf.set(m.contractId, [...(moneyOf.get(m.contractId) ?? []), m]);
  const cohortRows = [...cohorts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cohort, list]) => {
      const points = COHORT_MONTHS.filter(
        (k) => monthStartAfter(`${cohort}-01`, k + 1) <= input.to,
      ).map((month) => {
        const cutoff = monthStartAfter(`${cohort}-01`, month + 1);
        let expected = 0;
        let repaid = 0;
        for (const c of list) {
          expected += expectedBefore(c, cutoff);
          repaid +=
            c.openingPaidMinor +
            (moneyOf.get(c.id) ?? []).reduce(
              (s, m) => (m.date < cutoff ? s + m.amountMinor : s),
              0,
            );
        }
        return {
          month,
          expectedMinor: expected,
          repaidMinor: repaid,
          rate: ratio(repaid, expected),
        };
      });
      return {
        cohort,
        contracts: list.length,
        financedMinor: list.reduce((s, c) => s + c.terms.price - c.terms.downPayment, 0),
        points,
      };
    });

  return {
    contracts: open,
    grossReceivablesMinor: gross,
    buckets: PAST_DUE_BUCKETS.map((bucket) => ({
      bucket,
      ...(buckets.get(bucket) ?? { contracts: 0, amountMinor: 0 }),
    })),
    par: PAR_THRESHOLDS.map((days) => ({
      days,
      atRiskMinor: atRisk(days),
      share: ratio(atRisk(days), gross),
    })),
    collection: { collectedMinor: collected, dueMinor: due, rate: ratio(collected, due) },
    cohorts: cohortRows,
  };
}
