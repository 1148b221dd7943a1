// Money settles debts oldest first (docs/domain.md §5, §6, §7): a counter payment the overdue
// instalments of appliance contracts, a postpaid payment or a credit note the open invoices, a
// contract's payments its instalments. Each debt takes at most what it owes, in the order the
// debts fell due; what is left goes on to the next step of the sale (or stays as credit). The
// sale, the contract schedule and the open-invoice balance all use these two functions, so the
// order a clerk sees on the account is the order money was taken in.

/** A debt's place in the queue: when it fell due, then a stable key for debts due the same day. */
export interface DueOrder {
  /** ISO date (or date-time) the debt fell due: an instalment's due date, an invoice's period end. */
  due: string;
  /** Orders debts due at the same time: an instalment's id, an invoice's number. */
  key: string;
}

/**
 * Oldest first: by due date, then by key. Plain code-unit order (as SQLite compares text), never
 * the locale's, so the same debts sort the same on every machine.
 */
export function compareDue(a: DueOrder, b: DueOrder): number {
  if (a.due !== b.due) return a.due < b.due ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return 0;
}

/** The debts, oldest first (a new array; debts due at the same moment keep their order). */
export function oldestFirst<T>(debts: readonly T[], orderOf: (debt: T) => DueOrder): T[] {
  return [...debts].sort((a, b) => compareDue(orderOf(a), orderOf(b)));
}

export interface Settlement {
  /** What each debt receives, index for index with the debts given; 0 for those not reached. */
  paid: number[];
  /** What is left after every debt took what it owes. */
  rest: number;
}

/**
 * Settles `amount` over debts already in the order they are to be paid (see `oldestFirst`): each
 * takes what it owes, or what is left; a debt owing nothing (or less) takes nothing.
 */
export function settleInOrder(owed: readonly number[], amount: number): Settlement {
  let rest = Math.max(0, amount);
  const paid = owed.map((debt) => {
    const pay = Math.max(0, Math.min(rest, debt));
    rest -= pay;
    return pay;
  });
  return { paid, rest };
}
