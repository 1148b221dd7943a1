// Where a contract stands on a date, and the portfolio figures managers read (docs/domain.md §6):
// days late, arrears, portfolio at risk (PAR 7/30/90), collection rate. Pure.
import { contractBalance, type ContractTerms } from './payment';
import { addDays } from '../time';
import { daysBetween, instalmentStates } from './schedule';

/** Thresholds of the portfolio-at-risk figures, in days late. */
export const PAR_THRESHOLDS = [7, 30, 90] as const;

/** Days past the oldest unpaid due date; 0 when nothing is due yet (or it is due today). */
export function daysLate(oldestUnpaidDue: string | null, asOf: string): number {
  return oldestUnpaidDue === null ? 0 : Math.max(0, daysBetween(oldestUnpaidDue, asOf));
}

/**
 * The date a contract's payments have reached. Instalment plans: the due date of the oldest
 * instalment not fully paid (null when all are). Per-day plans: the day the days paid for run out
 * (sale date + paid / daily price, whole days), so a customer who stops paying is late from then.
 */
export function oldestUnpaidDue(
  terms: ContractTerms,
  paid: number,
  saleDate: string,
): string | null {
  if (contractBalance(terms, paid) === 0) return null;
  if (terms.plan === 'instalments') {
    const open = instalmentStates(terms.instalments, paid - terms.downPayment).find(
      (s) => s.outstanding > 0,
    );
    return open?.dueDate ?? null;
  }
  const daily = terms.dailyPrice ?? 0;
  if (daily <= 0) return null;
  return addDays(saleDate, Math.floor(paid / daily));
}

export interface Standing {
  /** Still to collect (principal outstanding); 0 for a per-day plan without an unlock total. */
  outstanding: number;
  /** What should have been paid before `asOf` and was not. */
  arrears: number;
  daysLate: number;
  /** Late beyond the contract's grace days: on the overdue list and its reminders. */
  overdue: boolean;
  oldestUnpaidDue: string | null;
}

/**
 * What the schedule says on a date, as the database can also find it through its running totals
 * (contract_instalments.cum_through_minor): the oldest instalment not fully paid, and the sum of
 * the instalments due before the date.
 */
export interface ScheduleFacts {
  oldestUnpaidDue: string | null;
  scheduledBefore: number;
}

export function scheduleFacts(terms: ContractTerms, paid: number, asOf: string): ScheduleFacts {
  const states = instalmentStates(terms.instalments, paid - terms.downPayment);
  return {
    oldestUnpaidDue: states.find((s) => s.outstanding > 0)?.dueDate ?? null,
    scheduledBefore: states.reduce((sum, s) => (s.dueDate < asOf ? sum + s.amount : sum), 0),
  };
}

/**
 * Where a contract stands on `asOf`. Instalment plans take the schedule's facts (from
 * scheduleFacts, or from the database's running totals for a whole portfolio); per-day plans need
 * none: their due date is the day the days paid for run out.
 */
export function standingOf(
  terms: ContractTerms,
  paid: number,
  saleDate: string,
  asOf: string,
  graceDays: number,
  facts: ScheduleFacts,
): Standing {
  const balance = contractBalance(terms, paid);
  const outstanding = balance ?? 0;
  let due: string | null;
  let arrears: number;
  if (balance === 0) {
    due = null;
    arrears = 0;
  } else if (terms.plan === 'instalments') {
    due = facts.oldestUnpaidDue;
    arrears = Math.max(0, facts.scheduledBefore - (paid - terms.downPayment));
  } else {
    due = oldestUnpaidDue(terms, paid, saleDate);
    const owed = daysLate(due, asOf) * (terms.dailyPrice ?? 0);
    arrears = balance === null ? owed : Math.min(owed, balance);
  }
  const late = daysLate(due, asOf);
  return { outstanding, arrears, daysLate: late, overdue: late > graceDays, oldestUnpaidDue: due };
}

/** standingOf with the facts taken from the contract's own schedule. */
export function contractStanding(
  terms: ContractTerms,
  paid: number,
  saleDate: string,
  asOf: string,
  graceDays: number,
): Standing {
  return standingOf(terms, paid, saleDate, asOf, graceDays, scheduleFacts(terms, paid, asOf));
}

export interface AtRiskInput {
  outstanding: number;
  daysLate: number;
}

export interface ParFigure {
  days: number;
  atRisk: number;
  /** atRisk / outstanding in basis points (1/100 of a percent), rounded half up; 0 when empty. */
  shareBp: number;
}

/**
 * Portfolio at risk: for each threshold N, the outstanding principal of contracts more than N days
 * late, and its share of all outstanding principal (docs/domain.md §6). The whole outstanding of a
 * late contract counts, not only its late instalments: that is what "at risk" means.
 */
export function portfolioAtRisk(
  contracts: Iterable<AtRiskInput>,
  thresholds: readonly number[] = PAR_THRESHOLDS,
): { outstanding: number; par: ParFigure[] } {
  let outstanding = 0;
  const atRisk = thresholds.map(() => 0);
  for (const c of contracts) {
    outstanding += c.outstanding;
    thresholds.forEach((n, k) => {
      if (c.daysLate > n) atRisk[k] = (atRisk[k] ?? 0) + c.outstanding;
    });
  }
  return {
    outstanding,
    par: thresholds.map((days, k) => ({
      days,
      atRisk: atRisk[k] ?? 0,
      shareBp: basisPoints(atRisk[k] ?? 0, outstanding),
    })),
  };
}

/** part / whole in basis points, rounded half up, in exact integer arithmetic. */
export function basisPoints(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Number((BigInt(part) * 20_000n + BigInt(whole)) / (2n * BigInt(whole)));
}

/**
 * Collection rate of a period: money collected on instalments / the instalments that fell due in
 * it. It can pass 100% when customers catch up on older arrears.
 */
export function collectionRate(collected: number, due: number): { shareBp: number | null } {
  return { shareBp: due <= 0 ? null : basisPoints(collected, due) };
}

/** Days after the sale at which repayment curves are read (CGAP / GOGLA PAYGo PERFORM style). */
export const CURVE_DAYS = [30, 60, 90, 180] as const;

export interface CohortContract {
  saleDate: string;
  price: number;
  /** Money paid on the contract (down payment included), by whole days after the sale date. */
  paid: readonly { day: number; amount: number }[];
}

export interface CohortCurve {
  /** Sales month, YYYY-MM. */
  month: string;
  contracts: number;
  priceMinor: number;
  /**
   * Share of the price repaid within N days of the sale, over the contracts of the cohort that
   * are at least N days old on `asOf` (null when none are yet), in basis points.
   */
  curve: { days: number; shareBp: number | null }[];
}

/**
 * Repayment curves by cohort: contracts grouped by the month they were sold; for each horizon
 * N, what they had repaid N days after their sale as a share of their price. A contract counts at
 * most its price (an overpayment is credit, not repayment), and only once it is N days old, so a
 * young cohort's 180-day point stays empty instead of looking bad.
 */
export function repaymentCurves(
  contracts: Iterable<CohortContract>,
  asOf: string,
  horizons: readonly number[] = CURVE_DAYS,
): CohortCurve[] {
  const byMonth = new Map<
    string,
    { contracts: number; price: number; repaid: number[]; matured: number[] }
  >();
  for (const c of contracts) {
    const month = c.saleDate.slice(0, 7);
    const g = byMonth.get(month) ?? {
      contracts: 0,
      price: 0,
      repaid: horizons.map(() => 0),
      matured: horizons.map(() => 0),
    };
    g.contracts += 1;
    g.price += c.price;
    const age = daysBetween(c.saleDate, asOf);
    horizons.forEach((n, k) => {
      if (age < n) return;
      const within = c.paid.reduce((sum, p) => (p.day <= n ? sum + p.amount : sum), 0);
      g.repaid[k] = (g.repaid[k] ?? 0) + Math.max(0, Math.min(c.price, within));
      g.matured[k] = (g.matured[k] ?? 0) + c.price;
    });
    byMonth.set(month, g);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, g]) => ({
      month,
      contracts: g.contracts,
      priceMinor: g.price,
      curve: horizons.map((days, k) => ({
        days,
        shareBp: (g.matured[k] ?? 0) > 0 ? basisPoints(g.repaid[k] ?? 0, g.matured[k] ?? 0) : null,
      })),
    }));
}

/** One contract as the portfolio figures count it (docs/appliances.md, "Lists and figures"). */
export interface PortfolioEntry {
  status: 'active' | 'paid_off' | 'written_off' | 'repossessed' | 'cancelled';
  /** Active contracts: their standing on the date; ignored for closed ones. */
  outstanding: number;
  daysLate: number;
  writtenOff: number;
  /** Instalments that fell due in the period (counted for active and paid-off contracts only). */
  due: number;
  /** Money paid on the contract in the period, down payments excluded. */
  collected: number;
}

export interface PortfolioSummary {
  activeContracts: number;
  outstanding: number;
  par: ParFigure[];
  collection: { due: number; collected: number; shareBp: number | null };
  paidOff: number;
  writtenOff: { count: number; amount: number };
  repossessed: number;
}

/**
 * The portfolio figures of a set of contracts: the whole portfolio, or one product, village or
 * agent of it, so a breakdown's rows are the same figures as the total and add up to it. Written
 * off and repossessed contracts are out of the portfolio: their instalments are not due in the
 * collection rate, though the money they brought in the period was collected.
 */
export function summarisePortfolio(entries: Iterable<PortfolioEntry>): PortfolioSummary {
  const active: AtRiskInput[] = [];
  let due = 0;
  let collected = 0;
  let paidOff = 0;
  let repossessed = 0;
  const writtenOff = { count: 0, amount: 0 };
  for (const e of entries) {
    if (e.status === 'active') active.push(e);
    if (e.status === 'active' || e.status === 'paid_off') due += e.due;
    collected += e.collected;
    if (e.status === 'paid_off') paidOff += 1;
    if (e.status === 'repossessed') repossessed += 1;
    if (e.status === 'written_off') {
      writtenOff.count += 1;
      writtenOff.amount += e.writtenOff;
    }
  }
  const atRisk = portfolioAtRisk(active);
  return {
    activeContracts: active.length,
    outstanding: atRisk.outstanding,
    par: atRisk.par,
    collection: { due, collected, shareBp: collectionRate(collected, due).shareBp },
    paidOff,
    writtenOff,
    repossessed,
  };
}

/**
 * The portfolio broken down by a key (product, village, agent): one summary per key, the largest
 * outstanding first, then by name (null, e.g. "no agent", last among equals).
 */
export function portfolioBreakdown<E extends PortfolioEntry>(
  entries: Iterable<E>,
  keyOf: (e: E) => string | null,
): (PortfolioSummary & { name: string | null })[] {
  const groups = new Map<string | null, E[]>();
  for (const e of entries) {
    const key = keyOf(e);
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.entries()]
    .map(([name, list]) => ({ name, ...summarisePortfolio(list) }))
    .sort(
      (a, b) =>
        b.outstanding - a.outstanding ||
        (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name)),
    );
}
