// A manager's reversal of a payment at the counter (docs/domain.md §5): a new payment with the same
// parts, negative, and a receipt of its own. Tokens already issued stay issued: a device cannot
// give back the days it was sent.
import { eq } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { formatMoney } from '../../../domain/money';
import { noteAudit, type ServiceContext } from '../../context';
import { payments, tokens } from '../../db/schema';
import { readSettings, requireOffice } from '../shared/office';
import { insertPayment, receiptNumber } from './payments';
import { allocationsOf, paymentView, requireDayOpen, tokensWhere } from './queries';

type Ctx = ServiceContext;
type PaymentRow = typeof payments.$inferSelect;

/**
 * A manager's reversal of a payment: the same parts, negative. The command (payments.reverse) is
 * contracts.reverseAtCounter, which also reopens a contract the reversal leaves owing.
 */
export function reversePayment(ctx: Ctx, input: { paymentId: string; reason: string }) {
  requireDayOpen(ctx);
  const original = ctx.db.select().from(payments).where(eq(payments.id, input.paymentId)).get();
  if (!original) throw new AppError('NOT_FOUND', 'That payment does not exist.');
  if (original.reversalOf !== null) {
    throw new AppError(
      'CONFLICT',
      `${original.receiptNumber} is itself a reversal; it cannot be reversed.`,
    );
  }
  const earlier = ctx.db
    .select({ receiptNumber: payments.receiptNumber })
    .from(payments)
    .where(eq(payments.reversalOf, original.id))
    .get();
  if (earlier) {
    throw new AppError(
      'CONFLICT',
      `${original.receiptNumber} was already reversed (receipt ${earlier.receiptNumber}).`,
    );
  }
  const office = requireOffice(ctx.db);
  if (original.officeId !== office.id) {
    throw new AppError(
      'CONFLICT',
      `${original.receiptNumber} was taken by another office; reverse it there.`,
    );
  }
  const row: PaymentRow = {
    ...original,
    id: ctx.ids.newId(),
    receiptNumber: receiptNumber(ctx, office.code),
    // Derived from the original, so the unique key also stops a second reversal at the database.
    submissionKey: `reversal:${original.id}`,
    amountMinor: -original.amountMinor,
    receivedAt: ctx.clock.nowIso(),
    cashierUserId: ctx.actor.userId,
    cashierName: ctx.actor.name,
    reversalOf: original.id,
    reason: input.reason,
  };
  const parts = allocationsOf(ctx, original.id).map((a) => ({
    ...a,
    amountMinor: -a.amountMinor,
    days: a.days === null ? null : -a.days,
    wh: a.wh === null ? null : -a.wh,
  }));
  insertPayment(ctx, row, parts);
  const kept = tokensWhere(ctx, eq(tokens.paymentId, original.id)).length;
  const message =
    kept === 0
      ? `Reversed ${original.receiptNumber}.`
      : `Reversed ${original.receiptNumber}. ${kept} token${kept === 1 ? ' was' : 's were'} ` +
        'already issued and cannot be taken back: the device keeps the days it was given.';
  const currency = readSettings(ctx.db).currency;
  noteAudit(
    ctx,
    `Reversed ${original.receiptNumber} (${formatMoney(original.amountMinor, currency)}) as ` +
      `${row.receiptNumber}: ${input.reason}; ${kept} token(s) kept`,
    [row.id, original.id, original.customerId],
  );
  return { reversal: paymentView(ctx, row), allocations: parts, tokensKept: kept, message };
}
