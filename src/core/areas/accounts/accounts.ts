// The postpaid account of a customer (docs/domain.md §7): what final invoices and debit notes
// charged, less credit notes and what payments settled (allocations 'invoice' and
// 'account_credit'). Open amounts per invoice are derived, never stored: everything credited is
// applied to the oldest invoices first, so a payment, a reversal or a credit note is reflected
// everywhere at once.
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { noteAudit } from '../../context';
import { invoiceNotes, invoices } from '../../db/schema';
import { nextCounter } from '../shared/counters';
import type { Handler } from '../shared/types';
import { invoiceView, loadInvoiceRow, openInvoices } from './queries';

export const list: Handler<'invoices.list'> = (ctx, input) => {
  const { invoices: open, balanceMinor } = openInvoices(ctx, input.customerId);
  const map = new Map(open.map((i) => [i.id, i.openMinor]));
  const rows = ctx.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.customerId, input.customerId), eq(invoices.status, 'final')))
    .orderBy(sql`${invoices.periodEnd} desc`, sql`${invoices.number} desc`)
    .all();
  return { invoices: rows.map((r) => invoiceView(ctx, r, map)), balanceMinor };
};

export const get: Handler<'invoices.get'> = (ctx, input) =>
  invoiceView(ctx, loadInvoiceRow(ctx, input.id));

export const note: Handler<'invoices.note'> = (ctx, input) => {
  const row = loadInvoiceRow(ctx, input.invoiceId);
  if (row.status !== 'final' || !row.number) {
    throw new AppError(
      'CONFLICT',
      'Only a final invoice is corrected by a note; regenerate the draft instead.',
    );
  }
  if (input.kind === 'credit') {
    const credited = ctx.db
      .select({ total: sql<number>`coalesce(sum(${invoiceNotes.amountMinor}), 0)` })
      .from(invoiceNotes)
      .where(and(eq(invoiceNotes.invoiceId, row.id), eq(invoiceNotes.kind, 'credit')))
      .get();
    const room = row.chargesMinor - (credited?.total ?? 0);
    if (input.amountMinor > room) {
      throw new AppError(
        'VALIDATION',
        `A credit note cannot exceed what the invoice still charges (${room} minor units).`,
        {
          issues: [{ field: 'amountMinor', message: 'is more than the invoice charged' }],
        },
      );
    }
  }
  const year = row.periodEnd.slice(0, 4);
  const tag = input.kind === 'credit' ? 'CN' : 'DN';
  const office = row.number.split('-')[0] ?? '';
  const seq = nextCounter(ctx.db, `${input.kind}-note:${year}`);
  const number = `${office}-${tag}-${year}-${String(seq).padStart(6, '0')}`;
  ctx.db
    .insert(invoiceNotes)
    .values({
      id: ctx.ids.newId(),
      officeId: row.officeId,
      invoiceId: row.id,
      kind: input.kind,
      number,
      amountMinor: input.amountMinor,
      reason: input.reason,
      createdAt: ctx.clock.nowIso(),
      createdBy: ctx.actor.name,
    })
    .run();
  noteAudit(
    ctx,
    `${input.kind === 'credit' ? 'Credit' : 'Debit'} note ${number} on ${row.number}: ${input.reason}`,
    [row.id],
  );
  return invoiceView(ctx, row);
};
