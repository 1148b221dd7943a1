// Customer accounts as other areas read them: open invoices and what each still owes, an
// invoice as the contract shows it, and which allocations pay postpaid bills.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { AppError, type Invoice } from '../../../contract';
import type { QueryContext } from '../../context';
import { customers, invoiceNotes, invoices, paymentAllocations, payments } from '../../db/schema';
import { prepared } from '../../db/prepared';
import { displayName } from '../registry/queries';
import { readSettings } from '../shared/office';
import { oldestFirst, settleInOrder } from '../../../domain/oldest-first';
import { localDate } from '../../../domain/time';

/** The allocation kinds that pay a postpaid account: an invoice settled, or credit kept on it. */
export const POSTPAID_KINDS = ['invoice', 'account_credit'] as const;
export const paysPostpaid = inArray(paymentAllocations.kind, [...POSTPAID_KINDS]);
type InvoiceRow = typeof invoices.$inferSelect;

export interface OpenInvoice {
  id: string;
  number: string;
  periodEnd: string;
  chargedMinor: number;
  openMinor: number;
}

/**
 * The queries of an account and of an invoice's view, prepared once per connection: a run's PDF
 * or CSV views 10,000 invoices, and drizzle building and SQLite preparing each query afresh cost
 * about 2 ms an invoice (docs/performance.md).
 */
function accountQueries(ctx: QueryContext) {
  return prepared(ctx.db, 'accounts.queries', (db) => ({
    finals: db
      .select({
        id: invoices.id,
        number: invoices.number,
        periodEnd: invoices.periodEnd,
        charges: invoices.chargesMinor,
        debit: sql<number>`coalesce((select sum(n.amount_minor) from ${invoiceNotes} n where n.invoice_id = ${invoices}.id and n.kind = 'debit'), 0)`,
        credit: sql<number>`coalesce((select sum(n.amount_minor) from ${invoiceNotes} n where n.invoice_id = ${invoices}.id and n.kind = 'credit'), 0)`,
      })
      .from(invoices)
      .where(
        and(eq(invoices.customerId, sql.placeholder('customerId')), eq(invoices.status, 'final')),
      )
      .orderBy(asc(invoices.periodEnd), asc(invoices.number))
      .prepare(),
    paid: db
      .select({ total: sql<number>`coalesce(sum(${paymentAllocations.amountMinor}), 0)` })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(and(eq(payments.customerId, sql.placeholder('customerId')), paysPostpaid))
      .prepare(),
    customer: db
      .select()
      .from(customers)
      .where(eq(customers.id, sql.placeholder('id')))
      .prepare(),
    notes: db
      .select()
      .from(invoiceNotes)
      .where(eq(invoiceNotes.invoiceId, sql.placeholder('invoiceId')))
      .orderBy(asc(sql`${invoiceNotes}.rowid`))
      .prepare(),
  }));
}

/** Final invoices of a customer, oldest first, with what each still owes (FIFO). */
export function openInvoices(
  ctx: QueryContext,
  customerId: string,
): { invoices: OpenInvoice[]; balanceMinor: number } {
  const q = accountQueries(ctx);
  const rows = q.finals.all({ customerId });
  const paid = q.paid.get({ customerId });
  const charged = oldestFirst(
    rows.map((r) => ({ ...r, charged: r.charges + r.debit })),
    (r) => ({ due: r.periodEnd, key: r.number ?? '' }),
  );
  // Credit notes, like payments, pay the oldest invoices first.
  const credited = (paid?.total ?? 0) + rows.reduce((s, r) => s + r.credit, 0);
  const total = charged.reduce((s, r) => s + r.charged, 0);
  const settled = settleInOrder(
    charged.map((r) => r.charged),
    credited,
  );
  const list = charged.map((r, k) => ({
    id: r.id,
    number: r.number ?? '',
    periodEnd: r.periodEnd,
    chargedMinor: r.charged,
    openMinor: r.charged - (settled.paid[k] ?? 0),
  }));
  return { invoices: list, balanceMinor: total - credited };
}

export function loadInvoiceRow(ctx: QueryContext, id: string): InvoiceRow {
  const row = ctx.db.select().from(invoices).where(eq(invoices.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That invoice does not exist.');
  return row;
}

/**
 * An invoice as the screens and documents show it. `timeZone`: the office's, when the caller
 * views many invoices and has read the settings once already.
 */
export function invoiceView(
  ctx: QueryContext,
  row: InvoiceRow,
  open?: Map<string, number>,
  timeZone?: string,
): Invoice {
  const body = row.body;
  const q = accountQueries(ctx);
  const customer = q.customer.get({ id: row.customerId });
  const notes = q.notes.all({ invoiceId: row.id }).map((n) => ({
    number: n.number,
    kind: n.kind,
    amountMinor: n.amountMinor,
    reason: n.reason,
    at: n.createdAt,
  }));
  let openMinor: number | null = null;
  if (row.status === 'final') {
    const map =
      open ?? new Map(openInvoices(ctx, row.customerId).invoices.map((i) => [i.id, i.openMinor]));
    openMinor = map.get(row.id) ?? 0;
  }
  return {
    ...body,
    id: row.id,
    runId: row.runId,
    number: row.number,
    status: row.status,
    customer: {
      id: row.customerId,
      accountNumber: customer?.accountNumber ?? '',
      name: customer ? displayName(customer) : '',
    },
    deviceId: row.deviceId,
    period: row.period,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    chargesMinor: row.chargesMinor,
    totalDueMinor: row.totalDueMinor,
    dueDate: row.dueDate,
    issuedOn: row.finalisedAt
      ? localDate(Date.parse(row.finalisedAt), timeZone ?? readSettings(ctx.db).office.timeZone)
      : null,
    paymentLink: row.paymentLink,
    openMinor,
    notes,
  };
}
