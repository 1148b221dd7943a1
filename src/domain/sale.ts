// The counter's sale, decided in one place (docs/counter.md, docs/domain.md §5-§8): given the
// facts the service loaded (the device's kind of sale, prices, credit, debts, token state), what
// the payment buys and which tokens it needs, or why it is refused. The service loads the facts,
// calls `planSale`, stores the plan and returns it; nothing here reads the database or the clock.
import { allocatePayment, type AllocationPart } from './allocation';
import { formatMoney } from './money';
import { settleInOrder } from './oldest-first';
import { MAX_COUNT, maxTimeValue } from './openpaygo/token';
import { paidUntil, type PaidUntil, type PaygTokenEvent } from './payg-time';

/**
 * docs/domain.md §8.1: a device looks 64 counts (32 ADD_TIME tokens) ahead of its last count, so
 * unentered tokens pile up towards a token the device can no longer find. Warn early, block
 * before the window is exhausted.
 */
export const OUTSTANDING_WARN_AT = 20;
export const OUTSTANDING_BLOCK_AT = 30;

/** Energy tokens and meter displays count in 0.1 kWh (docs/domain.md §3): buy whole steps of it. */
export const ENERGY_RESOLUTION_WH = 100;

interface Common {
  /** What the customer hands over, minor units. */
  amount: number;
  /** For the words of a refusal. */
  currency: { code: string; decimals: number };
  serial: string;
  /**
   * Credit left on the account by earlier payments (negative: a debt left by a reversal, which
   * this payment repays first).
   */
  credit: number;
}

/** A postpaid meter: the payment settles the customer's open invoices. */
export interface InvoiceSaleFacts extends Common {
  kind: 'invoices';
  /** Final invoices still open, oldest first. */
  openInvoices: readonly { id: string; openMinor: number }[];
}

/** A prepaid meter: access-charge debt first (if the office says so), then energy. */
export interface EnergySaleFacts extends Common {
  kind: 'energy';
  accessDebt: number;
  payAccessDebtFirst: boolean;
  /** Milli-minor units per kWh, levies and VAT included. */
  unitPrice: number;
  minimumPurchase: number;
}

/** A lockable device (SHS, e-bike): days, as OpenPAYGO ADD_TIME tokens, and the unlock at payoff. */
export interface DaysSaleFacts extends Common {
  kind: 'days';
  dailyPrice: number;
  /** The price at which the device is unlocked for good; null: never. */
  totalPrice: number | null;
  /** Paid towards the device so far ('days' parts, reversals included). */
  paidTowardsDevice: number;
  unlockIssued: boolean;
  /** ADD_TIME tokens not yet confirmed entered. */
  outstanding: number;
  /** The device's last token count. */
  count: number;
  timeDivider: number;
  extendedTokens: boolean;
  /** The device's tokens so far, in count order: where its paid time stands before this sale. */
  history: readonly PaygTokenEvent[];
  /** When the sale's tokens are issued (ISO instant): the service's clock, not read here. */
  now: string;
}

export type SaleFacts = InvoiceSaleFacts | EnergySaleFacts | DaysSaleFacts;

interface PlanCommon {
  parts: AllocationPart[];
  warnings: string[];
  creditBalance: number;
  /** Credit this payment spends (negative: a reversal's debt it repays). */
  creditUsed: number;
}

export type SalePlan =
  | (PlanCommon & { kind: 'invoices' })
  | (PlanCommon & { kind: 'energy'; wh: number; accessDebt: number; unitPrice: number })
  | (PlanCommon & {
      kind: 'days';
      days: number;
      dailyPrice: number;
      /** Days carried by each ADD_TIME token, in issue order. */
      chunks: number[];
      unlocks: boolean;
      outstanding: number;
      /** The device's paid time after this sale's tokens, by the receipt's rule (payg-time.ts). */
      until: PaidUntil;
    });

/** Why a sale cannot go ahead, in the cashier's words; `field` names the input at fault. */
export interface SaleRefusal {
  code: 'VALIDATION' | 'CONFLICT';
  message: string;
  field?: { name: 'amountMinor'; message: string };
}

export type SaleDecision = { ok: true; plan: SalePlan } | { ok: false; refusal: SaleRefusal };

const refuse = (refusal: SaleRefusal): SaleDecision => ({ ok: false, refusal });

/** Days one ADD_TIME token can carry on a device with this divider (value <= 995, or 999 999). */
function maxDaysPerToken(timeDivider: number, extended: boolean): number {
  return Math.floor(maxTimeValue(extended) / timeDivider);
}

/** Split days over ADD_TIME tokens, each within the value limit (SET tokens do not add up). */
export function splitDays(days: number, timeDivider: number, extended = false): number[] {
  const per = maxDaysPerToken(timeDivider, extended);
  const chunks: number[] = [];
  for (let left = days; left > 0; left -= per) chunks.push(Math.min(per, left));
  return chunks;
}

/**
 * Credit from earlier payments joins the amount before allocation (docs/domain.md §5: leftovers
 * stay on the account, to be spent later). The spent credit is its own negative 'credit' part, so
 * the parts still add up to the amount handed over.
 */
function withCredit(credit: number, allocated: AllocationPart[]): AllocationPart[] {
  return credit === 0 ? allocated : [{ kind: 'credit', amount: -credit }, ...allocated];
}

/**
 * The money a payment can spend: the amount and the credit; refused if a debt eats it all. Also
 * the rule for appliance contract payments (core/areas/contracts/contracts.ts).
 */
export function spendableFunds(
  amount: number,
  credit: number,
  currency: Common['currency'],
): { ok: true; funds: number } | { ok: false; refusal: SaleRefusal } {
  const funds = amount + credit;
  if (funds > 0) return { ok: true, funds };
  return {
    ok: false,
    refusal: {
      code: 'VALIDATION',
      message: `The customer owes ${formatMoney(-credit, currency)} from a reversed payment; take more than that.`,
      field: { name: 'amountMinor', message: 'does not cover what the customer owes' },
    },
  };
}

function fundsOf(facts: Common): { ok: true; funds: number } | { ok: false; refusal: SaleRefusal } {
  return spendableFunds(facts.amount, facts.credit, facts.currency);
}

const sum = <K extends AllocationPart['kind']>(
  parts: readonly AllocationPart[],
  kind: K,
  of: (p: Extract<AllocationPart, { kind: K }>) => number,
): number =>
  parts.reduce(
    (total, p) => (p.kind === kind ? total + of(p as Extract<AllocationPart, { kind: K }>) : total),
    0,
  );

/**
 * docs/domain.md §7: a postpaid meter's payment settles the customer's open invoices, oldest
 * first; what is left is credit on the account for the next invoices.
 */
function planInvoices(facts: InvoiceSaleFacts): SaleDecision {
  const parts: AllocationPart[] = [];
  // The facts list the open invoices oldest first (the account's own order, openInvoices).
  const { paid, rest } = settleInOrder(
    facts.openInvoices.map((inv) => inv.openMinor),
    facts.amount,
  );
  facts.openInvoices.forEach((inv, k) => {
    const pay = paid[k] ?? 0;
    if (pay > 0) parts.push({ kind: 'invoice', invoiceId: inv.id, amount: pay });
  });
  if (rest > 0) parts.push({ kind: 'account_credit', amount: rest });
  return {
    ok: true,
    plan: {
      kind: 'invoices',
      parts,
      warnings: parts.some((p) => p.kind === 'invoice')
        ? []
        : ['No invoice is open: the whole amount is kept as credit for the next invoices.'],
      creditBalance: facts.credit,
      creditUsed: 0,
    },
  };
}

function planEnergy(facts: EnergySaleFacts): SaleDecision {
  const funds = fundsOf(facts);
  if (!funds.ok) return funds;
  const allocation = allocatePayment({
    amount: funds.funds,
    steps: { instalments: false, accessDebt: facts.payAccessDebtFirst },
    overdueInstalments: [],
    accessDebt: facts.accessDebt,
    purchase: {
      kind: 'energy',
      price: facts.unitPrice,
      resolutionWh: ENERGY_RESOLUTION_WH,
      minimumPurchase: facts.minimumPurchase,
    },
  });
  if (!allocation.ok) {
    const minimum = formatMoney(facts.minimumPurchase, facts.currency);
    return refuse({
      code: 'VALIDATION',
      message:
        allocation.reason === 'minimum'
          ? `After the access-charge debt, ${formatMoney(allocation.residual, facts.currency)} is left, ` +
            `below the minimum purchase of ${minimum}. Take a larger amount, or exactly the debt.`
          : allocation.message,
      field: { name: 'amountMinor', message: 'is below the minimum purchase' },
    });
  }
  const parts = withCredit(facts.credit, allocation.parts);
  return {
    ok: true,
    plan: {
      kind: 'energy',
      parts,
      wh: sum(parts, 'energy', (p) => p.wh),
      accessDebt: facts.accessDebt,
      unitPrice: facts.unitPrice,
      // The pending vendor token is part of the result (vendorToken), shown by every door.
      warnings: [],
      creditBalance: facts.credit,
      creditUsed: facts.credit,
    },
  };
}

function planDays(facts: DaysSaleFacts): SaleDecision {
  const funds = fundsOf(facts);
  if (!funds.ok) return funds;
  const allocation = allocatePayment({
    amount: funds.funds,
    // No instalments or access debt exist yet for PAYG devices: the whole amount buys days.
    steps: { instalments: false, accessDebt: false },
    overdueInstalments: [],
    accessDebt: 0,
    purchase: { kind: 'days', dailyPrice: facts.dailyPrice, minimumPurchase: facts.dailyPrice },
  });
  if (!allocation.ok) {
    return refuse({
      code: 'VALIDATION',
      message: `The amount is below one day's price (${formatMoney(facts.dailyPrice, facts.currency)}).`,
      field: { name: 'amountMinor', message: 'is below one day of the PAYG plan' },
    });
  }
  const parts = withCredit(facts.credit, allocation.parts);
  const days = sum(parts, 'days', (p) => p.days);
  const bought = sum(parts, 'days', (p) => p.amount);
  const chunks = splitDays(days, facts.timeDivider, facts.extendedTokens);
  const { outstanding, serial } = facts;
  if (outstanding + chunks.length > OUTSTANDING_BLOCK_AT) {
    return refuse({
      code: 'CONFLICT',
      message:
        `${serial} has ${outstanding} tokens not yet confirmed entered` +
        (chunks.length > 1 ? ` and this payment needs ${chunks.length} more` : '') +
        `. Ask the customer which tokens they entered and confirm them (at most ` +
        `${OUTSTANDING_BLOCK_AT} may be outstanding), or take a smaller amount.`,
    });
  }
  const warnings: string[] = [];
  if (outstanding + chunks.length >= OUTSTANDING_WARN_AT) {
    warnings.push(
      `${outstanding + chunks.length} tokens for ${serial} will be unconfirmed: ask the ` +
        `customer to enter them and confirm them; sales stop at ${OUTSTANDING_BLOCK_AT}.`,
    );
  }
  // Contract payoff (docs/domain.md §6): the unlock token comes once, with the payment that
  // completes it.
  const unlocks =
    facts.totalPrice !== null &&
    facts.paidTowardsDevice + bought >= facts.totalPrice &&
    !facts.unlockIssued;
  // Each token takes the device two counts further.
  const lastCount = chunks.length * 2 + (unlocks ? 2 : 0) + facts.count;
  if (lastCount > MAX_COUNT) {
    return refuse({
      code: 'CONFLICT',
      message: `${serial} has used up its token counts; contact the manufacturer.`,
    });
  }
  // The same rule the receipt prints from the stored tokens, applied to the tokens about to be
  // issued: the counter and the receipt cannot disagree on the date.
  const until = paidUntil([
    ...facts.history,
    ...chunks.map((d) => ({ type: 'ADD_TIME' as const, days: d, issuedAt: facts.now })),
    ...(unlocks ? [{ type: 'DISABLE_PAYG' as const, days: 0, issuedAt: facts.now }] : []),
  ]);
  return {
    ok: true,
    plan: {
      kind: 'days',
      parts,
      days,
      dailyPrice: facts.dailyPrice,
      chunks,
      unlocks,
      outstanding,
      until,
      warnings,
      creditBalance: facts.credit,
      creditUsed: facts.credit,
    },
  };
}

/** What this payment buys, or why not: one tagged plan per kind of sale. */
export function planSale(facts: SaleFacts): SaleDecision {
  switch (facts.kind) {
    case 'invoices':
      return planInvoices(facts);
    case 'energy':
      return planEnergy(facts);
    case 'days':
      return planDays(facts);
  }
}

/**
 * The credit left on the account after this plan: the credit before it, less what it spends
 * (the negative 'credit' part), plus what it leaves over ('credit' or 'account_credit').
 */
export function creditLeft(plan: SalePlan): number {
  return plan.parts.reduce(
    (total, p) => (p.kind === 'credit' || p.kind === 'account_credit' ? total + p.amount : total),
    plan.creditBalance,
  );
}
