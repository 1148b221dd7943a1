// Postpaid billing (docs/domain.md §7). Settings are master data per mini-grid. A run is a draft
// until finalised; its draft invoices are replaced when it is regenerated, while a FINAL invoice
// never changes (triggers in resources/migrations refuse UPDATE and DELETE of final rows): a
// correction is a credit or debit note, itself append-only.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAtColumn, idColumn, officeColumn, updatedHlcColumn } from './columns';
import { customers, devices, miniGrids } from './registry';
import type { Invoice } from '../../../contract';
import type { CarriedState } from '../../../domain/billing/energy';

/** What an invoice prints, kept as issued; the rest of the contract's Invoice has columns. */
export type InvoiceBody = Omit<
  Invoice,
  | 'id'
  | 'runId'
  | 'number'
  | 'status'
  | 'customer'
  | 'deviceId'
  | 'period'
  | 'periodStart'
  | 'periodEnd'
  | 'dueDate'
  | 'paymentLink'
  | 'openMinor'
  | 'issuedOn'
  | 'notes'
  | 'chargesMinor'
  | 'totalDueMinor'
>;
import { ISSUE_STATUSES, NOTE_KINDS, PAYMENT_PROVIDERS } from '../../../domain/vocabulary';

export const billingSettings = sqliteTable('billing_settings', {
  miniGridId: text('mini_grid_id')
    .primaryKey()
    .references(() => miniGrids.id),
  closeDay: integer('close_day'),
  windowDays: integer('window_days').notNull(),
  dueDays: integer('due_days').notNull(),
  estimateLookbackDays: integer('estimate_lookback_days').notNull(),
  provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
  providerPage: text('provider_page'),
  linkTemplate: text('link_template'),
  updatedHlc: updatedHlcColumn(),
});

export const billingRuns = sqliteTable(
  'billing_runs',
  {
    id: idColumn(),
    officeId: officeColumn(),
    miniGridId: text('mini_grid_id')
      .notNull()
      .references(() => miniGrids.id),
    /** YYYY-MM */
    period: text('period').notNull(),
    status: text('status', { enum: ISSUE_STATUSES }).notNull(),
    problems: text('problems', { mode: 'json' }).$type<unknown[]>().notNull(),
    createdAt: createdAtColumn(),
    createdBy: text('created_by').notNull(),
    generatedAt: text('generated_at').notNull(),
    finalisedAt: text('finalised_at'),
    finalisedBy: text('finalised_by'),
  },
  // One run per mini-grid and period: billing it twice is impossible.
  (t) => [uniqueIndex('billing_runs_grid_period_unique').on(t.miniGridId, t.period)],
);

export const invoices = sqliteTable(
  'invoices',
  {
    id: idColumn(),
    officeId: officeColumn(),
    runId: text('run_id')
      .notNull()
      .references(() => billingRuns.id),
    number: text('number'),
    status: text('status', { enum: ISSUE_STATUSES }).notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    period: text('period').notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    /** Village order for printing: village name then account number. */
    sortKey: text('sort_key').notNull(),
    /** Everything printed: readings, tariff, lines, totals (the invoice as issued). */
    body: text('body', { mode: 'json' }).$type<InvoiceBody>().notNull(),
    /** The meter's state after this period (last actual reading, estimate still carried). */
    nextState: text('next_state', { mode: 'json' }).$type<CarriedState>().notNull(),
    chargesMinor: integer('charges_minor').notNull(),
    totalDueMinor: integer('total_due_minor').notNull(),
    dueDate: text('due_date').notNull(),
    paymentLink: text('payment_link'),
    createdAt: createdAtColumn(),
    finalisedAt: text('finalised_at'),
  },
  (t) => [
    uniqueIndex('invoices_office_number_unique').on(t.officeId, t.number),
    index('invoices_run_idx').on(t.runId, t.sortKey),
    index('invoices_customer_idx').on(t.customerId, t.periodEnd),
    index('invoices_device_idx').on(t.deviceId, t.period),
    // Every final invoice's debt facts in payment order, read from the index alone (the rows
    // carry the printed body): the dashboard's debt and its age.
    index('invoices_debt_idx').on(
      t.status,
      t.customerId,
      t.periodEnd,
      t.number,
      t.dueDate,
      t.chargesMinor,
    ),
  ],
);

export const invoiceNotes = sqliteTable(
  'invoice_notes',
  {
    id: idColumn(),
    officeId: officeColumn(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    kind: text('kind', { enum: NOTE_KINDS }).notNull(),
    number: text('number').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    reason: text('reason').notNull(),
    createdAt: createdAtColumn(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('invoice_notes_invoice_idx').on(t.invoiceId)],
);
