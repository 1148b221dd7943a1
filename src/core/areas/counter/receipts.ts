// Receipt PDFs of recorded payments. Reads the payment, its allocations and its stored tokens
// (payments.get), builds the receipt model and renders it; never issues a token. The print is
// audited ("Printed receipt ..." or "Reprinted receipt ...") inside the dispatcher's transaction.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { AppError, type IssuedToken } from '../../../contract';
import { paidUntil, type PaidUntil } from '../../../domain/payg-time';
import { noteAudit, type ServiceContext } from '../../context';
import {
  contractEvents,
  contracts,
  invoices,
  paygPlans,
  paymentAllocations,
  payments,
  users,
} from '../../db/schema';
import { renderReceiptPdf } from '../../receipts/pdf';
import { buildReceiptModel } from '../../receipts/receipt-model';
import { readSettings } from '../shared/office';
import { get as getPayment } from './payments';
import { paygTokenHistory } from './queries';
import type { Handler } from '../shared/types';

/**
 * How long the device stays on after this payment: every token of the device up to this
 * payment's last one, so a reprint months later prints what the first print said.
 */
function deviceUntil(ctx: ServiceContext, deviceId: string, issued: IssuedToken[]): PaidUntil {
  const last = Math.max(...issued.map((tk) => tk.count));
  return paidUntil(paygTokenHistory(ctx, deviceId, last));
}

/**
 * What is left to pay before a device with an unlock total is the customer's, counting the days
 * bought by this payment and every one recorded before it (so a reprint says what the first
 * print said); null when its terms have no total.
 */
function leftToOwn(ctx: ServiceContext, deviceId: string, paymentId: string): number | null {
  const plan = ctx.db
    .select({ total: paygPlans.totalPriceMinor })
    .from(paygPlans)
    .where(eq(paygPlans.deviceId, deviceId))
    .get();
  if (!plan || plan.total === null) return null;
  const paid = ctx.db
    .select({ sum: sql<number>`coalesce(sum(${paymentAllocations.amountMinor}), 0)` })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(
      and(
        eq(payments.deviceId, deviceId),
        eq(paymentAllocations.kind, 'days'),
        sql`${payments}.rowid <= (SELECT rowid FROM payments WHERE id = ${paymentId})`,
      ),
    )
    .get();
  return Math.max(0, plan.total - (paid?.sum ?? 0));
}

export const pdf: Handler<'receipts.pdf'> = (ctx, input) => {
  const found = getPayment(ctx, { id: input.paymentId });
  if (found instanceof AppError) throw found;
  if (found instanceof Promise) throw new Error('payments.get must be synchronous');
  const { payment } = found;
  const original = payment.reversalOf
    ? (ctx.db
        .select({ receiptNumber: payments.receiptNumber })
        .from(payments)
        .where(eq(payments.id, payment.reversalOf))
        .get()?.receiptNumber ?? null)
    : null;
  const settings = readSettings(ctx.db);
  const cashier = ctx.db
    .select({ displayName: users.displayName })
    .from(users)
    .where(eq(users.username, payment.cashierName))
    .get();
  const invoiceIds = found.allocations.flatMap((a) =>
    a.kind === 'invoice' && a.refId ? [a.refId] : [],
  );
  const invoiceNumbers = Object.fromEntries(
    invoiceIds.length === 0
      ? []
      : ctx.db
          .select({ id: invoices.id, number: invoices.number })
          .from(invoices)
          .where(inArray(invoices.id, invoiceIds))
          .all()
          .map((i) => [i.id, i.number ?? '']),
  );
  const timeTokens = found.tokens.filter((tk) => tk.type !== 'COUNTER_SYNC');
  const boughtDays = found.allocations.some((a) => a.kind === 'days');
  const left =
    payment.deviceId && boughtDays && !payment.reversalOf
      ? leftToOwn(ctx, payment.deviceId, payment.id)
      : null;
  const contractIds = found.allocations.flatMap((a) =>
    (a.kind === 'contract' || a.kind === 'down_payment') && a.refId ? [a.refId] : [],
  );
  const contractNumbers = Object.fromEntries(
    contractIds.length === 0
      ? []
      : ctx.db
          .select({ id: contracts.id, number: contracts.number })
          .from(contracts)
          .where(inArray(contracts.id, contractIds))
          .all()
          .map((c) => [c.id, c.number]),
  );
  const paidOff = ctx.db
    .select({ contractId: contractEvents.contractId })
    .from(contractEvents)
    .where(and(eq(contractEvents.paymentId, payment.id), eq(contractEvents.event, 'paid_off')))
    .all()
    .map((e) => contractNumbers[e.contractId] ?? '');
  const model = buildReceiptModel(
    {
      ...found,
      ...(payment.deviceId && timeTokens.length > 0
        ? { paidUntil: deviceUntil(ctx, payment.deviceId, timeTokens) }
        : {}),
      ...(left !== null ? { leftToOwnMinor: left } : {}),
      invoiceNumbers,
      contractNumbers,
      paidOff,
      originalReceiptNumber: original,
      cashierDisplayName: cashier?.displayName ?? null,
    },
    settings,
    input.reprint,
  );
  const bytes = renderReceiptPdf(model, input.layout);
  noteAudit(
    ctx,
    `${input.reprint ? 'Reprinted' : 'Printed'} receipt ${payment.receiptNumber} (${input.layout})`,
    [payment.id],
  );
  const suffix = input.reprint ? '-reprint' : '';
  return {
    fileName: `${payment.receiptNumber}${suffix}-${input.layout}.pdf`,
    pdfBase64: bytes.toString('base64'),
    reprint: input.reprint,
  };
};
