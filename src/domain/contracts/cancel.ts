// Cancelling an appliance contract shortly after its sale (docs/appliances.md): who may, until
// when, and what is refunded. Pure: the service loads the facts, reverses the payments this plan
// names through the ledger's reversal path and puts the device back in stock.
import { addDays } from '../time';
import { CONTRACT_STATUS_LABELS, type ContractStatus } from './status';

export interface CancellationInput {
  status: ContractStatus;
  saleDate: string;
  /** The office's local date today. */
  today: string;
  /** Settings > Appliance contracts: days after the sale a cancellation is allowed (0: never). */
  cancelWithinDays: number;
  /** Carried over from a device's PAYG plan by the migration (docs/appliances.md). */
  openingPaid: number;
  /** The payments that put money on the contract and were not reversed, oldest first. */
  payments: readonly { id: string; amount: number }[];
}

export type CancellationPlan =
  | {
      ok: true;
      /** Every payment on the contract, reversed in full: the customer gets back what they paid. */
      refunds: { id: string; amount: number }[];
      refund: number;
      /** The last day the contract could be cancelled. */
      lastDay: string;
    }
  | { ok: false; field: string; message: string };

/**
 * A cancellation undoes a sale the customer changed their mind about, within the days the
 * settings allow: the appliance comes back and all the money paid on the contract is refunded
 * (whole payments, as reversals, so the cash book and the day-end show the money going out).
 * The days the device ran meanwhile are not charged: the window is short by design. After the
 * window the ways out are a repossession or a write-off, where what was paid is kept. A paid-off
 * contract cannot be cancelled: its device was unlocked for good.
 */
export function planCancellation(input: CancellationInput): CancellationPlan {
  if (input.status === 'paid_off') {
    return {
      ok: false,
      field: 'contractId',
      message: 'is paid off: its device is unlocked for good, so the sale cannot be undone',
    };
  }
  if (input.status !== 'active') {
    return {
      ok: false,
      field: 'contractId',
      message: `is ${CONTRACT_STATUS_LABELS[input.status].toLowerCase()}: it is already closed`,
    };
  }
  if (input.cancelWithinDays <= 0) {
    return {
      ok: false,
      field: 'contractId',
      message: 'cannot be cancelled: cancellations are turned off in Settings',
    };
  }
  if (input.openingPaid > 0) {
    return {
      ok: false,
      field: 'contractId',
      message: 'came from a PAYG plan: there is no sale to cancel (repossess it instead)',
    };
  }
  const lastDay = addDays(input.saleDate, input.cancelWithinDays);
  if (input.today > lastDay) {
    return {
      ok: false,
      field: 'contractId',
      message:
        `was sold on ${input.saleDate}: a contract can be cancelled up to ` +
        `${input.cancelWithinDays} days after its sale (until ${lastDay}); repossess it instead`,
    };
  }
  const refunds = input.payments.map((p) => ({ id: p.id, amount: p.amount }));
  return { ok: true, refunds, refund: refunds.reduce((s, p) => s + p.amount, 0), lastDay };
}
