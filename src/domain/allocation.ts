// How a counter payment is split (docs/domain.md §5): overdue appliance instalments of the customer
// (oldest first), then the meter's unpaid access-charge debt, then the rest buys energy (meter) or
// days (SHS, e-bike). Energy and days are computed from the residual, never from the gross amount,
// and whatever the purchase cannot use stays on the account as credit. Parts always add up to the
// payment exactly.
import { energyForAmount, type MilliMinorPerKwh } from './money';
import { oldestFirst, settleInOrder } from './oldest-first';

export interface OverdueInstalment {
  id: string;
  dueDate: string;
  outstanding: number;
}

export type Purchase =
  | {
      kind: 'energy';
      /** Price per kWh including per-kWh levies (and VAT where it is charged on energy). */
      price: MilliMinorPerKwh;
      resolutionWh: number;
      minimumPurchase: number;
    }
  | { kind: 'days'; dailyPrice: number; minimumPurchase: number }
  | { kind: 'none' };

export interface AllocationInput {
  amount: number;
  /** Each step can be switched off in settings; the order itself is fixed by docs/domain.md §5. */
  steps: { instalments: boolean; accessDebt: boolean };
  overdueInstalments: readonly OverdueInstalment[];
  accessDebt: number;
  purchase: Purchase;
}

export type AllocationPart =
  | { kind: 'instalment'; instalmentId: string; amount: number }
  | { kind: 'access_debt'; amount: number }
  | { kind: 'energy'; amount: number; wh: number }
  | { kind: 'days'; amount: number; days: number }
  | { kind: 'credit'; amount: number }
  /** Postpaid accounts: settles a final invoice; the rest is credit on the account. */
  | { kind: 'invoice'; invoiceId: string; amount: number }
  | { kind: 'account_credit'; amount: number };

export type AllocationResult =
  | { ok: true; parts: AllocationPart[] }
  | { ok: false; reason: 'amount' | 'minimum'; message: string; residual: number };

export function allocatePayment(input: AllocationInput): AllocationResult {
  const { amount } = input;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    return {
      ok: false,
      reason: 'amount',
      message: 'The amount must be more than zero.',
      residual: 0,
    };
  }
  const parts: AllocationPart[] = [];
  let rest = amount;

  if (input.steps.instalments) {
    const queue = oldestFirst(input.overdueInstalments, (i) => ({ due: i.dueDate, key: i.id }));
    const settled = settleInOrder(
      queue.map((i) => i.outstanding),
      rest,
    );
    queue.forEach((inst, k) => {
      const pay = settled.paid[k] ?? 0;
      if (pay > 0) parts.push({ kind: 'instalment', instalmentId: inst.id, amount: pay });
    });
    rest = settled.rest;
  }

  if (input.steps.accessDebt && rest > 0 && input.accessDebt > 0) {
    const pay = Math.min(rest, input.accessDebt);
    parts.push({ kind: 'access_debt', amount: pay });
    rest -= pay;
  }

  const purchase = input.purchase;
  if (purchase.kind !== 'none' && rest > 0) {
    if (rest < purchase.minimumPurchase) {
      return {
        ok: false,
        reason: 'minimum',
        residual: rest,
        message:
          `After debts, ${rest} is left, below the minimum purchase of ${purchase.minimumPurchase}.` +
          ' Take a larger amount, or record it as a debt payment only.',
      };
    }
    if (purchase.kind === 'energy') {
      const bought = energyForAmount(rest, purchase.price, purchase.resolutionWh);
      if (bought.wh > 0) parts.push({ kind: 'energy', amount: bought.cost, wh: bought.wh });
      rest = bought.leftover;
    } else {
      const days = Math.floor(rest / purchase.dailyPrice);
      if (days > 0) {
        parts.push({ kind: 'days', amount: days * purchase.dailyPrice, days });
        rest -= days * purchase.dailyPrice;
      }
    }
  }

  if (rest > 0) parts.push({ kind: 'credit', amount: rest });
  return { ok: true, parts };
}
