// How money paid on an appliance contract is used (docs/domain.md §6): instalments oldest first;
// for a lockable device the money buys days at the plan's daily price; the payment that completes
// the contract gets the unlock token instead of days; nothing beyond the contract's balance is
// collected (the rest is the customer's credit). Pure: the service loads the facts and persists
// the plan this returns.
import type { ContractStatus } from './status';
import { daysBetween, instalmentStates, type ContractPlan, type Instalment } from './schedule';

export interface ContractTerms {
  plan: ContractPlan;
  price: number;
  downPayment: number;
  /**
   * Instalment plans: the live schedule in due order, or the part of it a payment can reach: a
   * service may leave out fully paid instalments at the start and give their sum as
   * `settledInstalments`, so a long schedule need not be loaded for one payment.
   */
  instalments: readonly Instalment[];
  settledInstalments?: number;
  /** Per-day plans. */
  dailyPrice: number | null;
  minimumPayment: number | null;
  /** Per-day plans: total after which the device is unlocked for good (null: never). */
  unlockTotal: number | null;
}

/** What the contract can still collect; null for a per-day plan with no unlock total. */
export function contractBalance(terms: ContractTerms, paid: number): number | null {
  if (terms.plan === 'instalments') return Math.max(0, terms.price - paid);
  return terms.unlockTotal === null ? null : Math.max(0, terms.unlockTotal - paid);
}

/**
 * The status of a contract after a reversal took money back from it (`paid` is what it was paid
 * after the reversal). A paid-off contract that owes something again is active again: it returns
 * to the lists and takes payments, while the unlock token it already received stays issued (a
 * token cannot be taken back). Written-off and repossessed contracts stay closed: the reversal
 * only lowers what they were paid.
 */
export function statusAfterReversal(
  status: ContractStatus,
  terms: ContractTerms,
  paid: number,
): ContractStatus {
  if (status !== 'paid_off') return status;
  const balance = contractBalance(terms, paid);
  return balance === null || balance > 0 ? 'active' : 'paid_off';
}

export interface ContractPaymentInput {
  terms: ContractTerms;
  /** Paid towards the contract so far, down payment included. */
  paid: number;
  amount: number;
  /**
   * The contract's device already received its unlock token (a paid-off contract reopened by a
   * reversal): it runs for good, so money buys no more days and no second unlock is issued.
   */
  unlocked?: boolean;
}

export interface InstalmentPart {
  seq: number;
  amount: number;
}

export type ContractPaymentPlan =
  | {
      ok: true;
      /** Goes to the contract (never more than its balance). */
      toContract: number;
      /** Left over: the customer's credit. */
      credit: number;
      /** Instalment plans: how `toContract` pays the instalments, oldest first. */
      instalments: InstalmentPart[];
      /** Days of use bought (ADD_TIME for a lockable device); 0 when the payment pays it off. */
      days: number;
      /** The payment completes the contract. */
      paysOff: boolean;
      /** The unlock token comes with it: the contract is paid off and was never unlocked. */
      unlocks: boolean;
    }
  | { ok: false; field: string; message: string };

/**
 * Days an instalment has paid for after receiving `paid` of `amount`: its period pro rata, rounded
 * down. Counting per instalment from its running total (not per payment) means two half payments
 * buy exactly what one whole payment buys, and a fully paid instalment buys its whole period.
 */
export function daysPaidFor(instalment: Instalment, paid: number): number {
  return Math.floor(
    (Math.min(paid, instalment.amount) * instalment.periodDays) / instalment.amount,
  );
}

export function planContractPayment(input: ContractPaymentInput): ContractPaymentPlan {
  const { terms, paid, amount } = input;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    return { ok: false, field: 'amountMinor', message: 'must be more than zero' };
  }
  const balance = contractBalance(terms, paid);
  if (balance === 0) {
    return { ok: false, field: 'contractId', message: 'is paid off: there is nothing left to pay' };
  }
  const plan =
    terms.plan === 'instalments'
      ? planInstalmentPayment(terms, paid, amount, balance ?? 0)
      : planPerDayPayment(terms, amount, balance);
  if (!plan.ok || !input.unlocked) return plan;
  return { ...plan, days: 0, unlocks: false };
}

function planInstalmentPayment(
  terms: ContractTerms,
  paid: number,
  amount: number,
  balance: number,
): ContractPaymentPlan {
  const toContract = Math.min(amount, balance);
  const paysOff = toContract === balance;
  const onListed = paid - terms.downPayment - (terms.settledInstalments ?? 0);
  const before = instalmentStates(terms.instalments, onListed);
  const after = instalmentStates(terms.instalments, onListed + toContract);
  const parts: InstalmentPart[] = [];
  let days = 0;
  after.forEach((now, k) => {
    const was = before[k];
    if (!was || now.paid === was.paid) return;
    parts.push({ seq: now.seq, amount: now.paid - was.paid });
    days += daysPaidFor(now, now.paid) - daysPaidFor(now, was.paid);
  });
  return {
    ok: true,
    toContract,
    credit: amount - toContract,
    instalments: parts,
    days: paysOff ? 0 : days,
    paysOff,
    unlocks: paysOff,
  };
}

function planPerDayPayment(
  terms: ContractTerms,
  amount: number,
  balance: number | null,
): ContractPaymentPlan {
  const daily = terms.dailyPrice ?? 0;
  if (daily <= 0) return { ok: false, field: 'dailyPriceMinor', message: 'must be more than zero' };
  if (balance !== null && amount >= balance) {
    return {
      ok: true,
      toContract: balance,
      credit: amount - balance,
      instalments: [],
      days: 0,
      paysOff: true,
      unlocks: true,
    };
  }
  const minimum = Math.max(terms.minimumPayment ?? 0, daily);
  if (amount < minimum) {
    return {
      ok: false,
      field: 'amountMinor',
      message: `is below the plan's minimum payment of ${minimum} minor units`,
    };
  }
  // Whole days only: what does not make a whole day stays the customer's credit.
  const days = Math.floor(amount / daily);
  return {
    ok: true,
    toContract: days * daily,
    credit: amount - days * daily,
    instalments: [],
    days,
    paysOff: false,
    unlocks: false,
  };
}

/**
 * Days a lockable device gets at the sale. Instalment plans: the down payment covers use until the
 * first due date, so a customer who pays each instalment on its due date never goes dark. Per-day
 * plans: the down payment buys days at the daily price, like any payment.
 */
export function saleDays(
  terms: ContractTerms,
  saleDate: string,
  firstDueDate: string | null,
): number {
  if (terms.plan === 'per_day') {
    const daily = terms.dailyPrice ?? 0;
    return daily > 0 ? Math.floor(terms.downPayment / daily) : 0;
  }
  if (firstDueDate === null) return 0;
  return Math.max(0, daysBetween(saleDate, firstDueDate));
}
