// What the accounts' reports share: a customer as they name it, and days between two dates.
import { eq } from 'drizzle-orm';
import { AppError } from '../../../contract';
import type { QueryContext } from '../../context';
import { customers } from '../../db/schema';
import { displayName } from '../registry/queries';

export const DAY_MS = 86_400_000;

/** A statement's or a debt list's customer: id, account number, name and village. */
export function customerOf(ctx: QueryContext, id: string) {
  const c = ctx.db.select().from(customers).where(eq(customers.id, id)).get();
  if (!c) throw new AppError('NOT_FOUND', 'That customer does not exist.');
  return { id: c.id, accountNumber: c.accountNumber, name: displayName(c), villageId: c.villageId };
}

/** Whole days from one local date to another. */
export function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
