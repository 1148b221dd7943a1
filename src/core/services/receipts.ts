// Receipt PDFs of recorded payments. Reads the payment, its allocations and its stored tokens
// (payments.get), builds the receipt model and renders it; never issues a token. The print is
// audited ("Printed receipt ..." or "Reprinted receipt ...") inside the dispatcher's transaction.
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../contract';
import { noteAudit } from '../context';
import { contractEvents, contracts, invoices, payments, users } from '../db/schema';
import { renderReceiptPdf } from '../receipts/pdf';
import { buildReceiptModel } from '../receipts/receipt-model';
import { readSettings } from './office';
import { get as getPayment } from './payments';
import type { Handler } from './types';

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
