// Appliance contracts (docs/domain.md §6, docs/appliances.md): the sale on credit, its live
// schedule of instalments, and an append-only history of what happened to it. Money paid on a
// contract is a payment allocation ('down_payment' or 'contract', ref_id = the contract) in the
// counter's ledger, so receipts, reversals and day-ends see it like any other payment; what each
// instalment received follows from the total (oldest first), so nothing is stored twice.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CONTRACT_EVENTS, CONTRACT_STATUSES } from '../../../domain/contracts/status';
import { CONTRACT_PLANS, INSTALMENT_FREQUENCIES } from '../../../domain/contracts/schedule';
import { REMINDER_KINDS } from '../../../domain/contracts/reminders';
import {
  createdAtColumn,
  deletedAtColumn,
  idColumn,
  officeColumn,
  updatedHlcColumn,
} from './columns';
import { appliances, customers, devices } from './registry';

export const contracts = sqliteTable(
  'contracts',
  {
    id: idColumn(),
    officeId: officeColumn(),
    /** Per-office series, e.g. LAG-C-000001. */
    number: text('number').notNull(),
    /** One per sale form (double click, retry): the second submission finds the first sale. */
    submissionKey: text('submission_key').notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    /** Null for a contract that came from a device's PAYG plan (no catalog item). */
    applianceId: text('appliance_id').references(() => appliances.id),
    /** What was sold, as printed on the contract (the catalog name may change later). */
    item: text('item').notNull(),
    /** Lockable appliances (SHS, e-bike): the device its tokens go to. */
    deviceId: text('device_id').references(() => devices.id),
    priceMinor: integer('price_minor').notNull(),
    /** Why the price differs from the catalog's, when it does. */
    priceReason: text('price_reason'),
    downPaymentMinor: integer('down_payment_minor').notNull(),
    plan: text('plan', { enum: CONTRACT_PLANS }).notNull(),
    frequency: text('frequency', { enum: INSTALMENT_FREQUENCIES }),
    dailyPriceMinor: integer('daily_price_minor'),
    minimumPaymentMinor: integer('minimum_payment_minor'),
    unlockTotalMinor: integer('unlock_total_minor'),
    /** Days after a due date before the contract counts as overdue (lists, reminders). */
    graceDays: integer('grace_days').notNull().default(0),
    /** Local calendar date of the sale. */
    saleDate: text('sale_date').notNull(),
    /**
     * Paid before the contract existed: a device's PAYG-plan payments, carried over by the
     * migration that turned plans into contracts. 0 for contracts sold as contracts.
     */
    openingPaidMinor: integer('opening_paid_minor').notNull().default(0),
    status: text('status', { enum: CONTRACT_STATUSES }).notNull(),
    /** When the status last changed, and why (write-off, repossession, cancellation). */
    statusAt: text('status_at'),
    statusReason: text('status_reason'),
    /**
     * The terms printed on the contract, as the settings had them at the sale: a reprint says what
     * was signed. Null for contracts from before (they print the current terms).
     */
    termsText: text('terms_text'),
    /** The balance taken out of the portfolio by a write-off. */
    writtenOffMinor: integer('written_off_minor'),
    soldBy: text('sold_by').notNull(),
    /**
     * The sales agent who made the sale in the field, as the clerk typed it (agents are often not
     * users of the app); null: sold at the office by `soldBy`. Editable with a reason (history).
     */
    agent: text('agent'),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
  },
  (t) => [
    uniqueIndex('contracts_number_unique').on(t.officeId, t.number),
    uniqueIndex('contracts_submission_key_unique').on(t.submissionKey),
    // A device is under at most one open contract, whatever the service checks first.
    uniqueIndex('contracts_device_active_unique')
      .on(t.deviceId)
      .where(sql`status = 'active' AND device_id IS NOT NULL`),
    index('contracts_customer_idx').on(t.customerId),
    index('contracts_status_idx').on(t.status),
    index('contracts_agent_idx').on(t.agent),
  ],
);

/** The live schedule of an instalment contract; a reschedule tombstones the unpaid rows it replaces. */
export const contractInstalments = sqliteTable(
  'contract_instalments',
  {
    id: idColumn(),
    officeId: officeColumn(),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    seq: integer('seq').notNull(),
    dueDate: text('due_date').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    periodDays: integer('period_days').notNull(),
    /**
     * Sum of the live schedule up to and including this instalment: the oldest unpaid one is the
     * first whose running total passes what was paid, found through the index below.
     */
    cumThroughMinor: integer('cum_through_minor').notNull(),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [
    index('contract_instalments_contract_idx')
      .on(t.contractId, t.cumThroughMinor)
      .where(sql`deleted_at IS NULL`),
    // What fell due before a date: the last instalment before it, by one seek per contract.
    index('contract_instalments_contract_due_idx')
      .on(t.contractId, t.dueDate, t.cumThroughMinor)
      .where(sql`deleted_at IS NULL`),
    index('contract_instalments_due_idx')
      .on(t.dueDate)
      .where(sql`deleted_at IS NULL`),
  ],
);

/** Append-only history of a contract (sold, rescheduled, written off, repossessed...). */
export const contractEvents = sqliteTable(
  'contract_events',
  {
    id: idColumn(),
    officeId: officeColumn(),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    at: text('at').notNull(),
    event: text('event', { enum: CONTRACT_EVENTS }).notNull(),
    paymentId: text('payment_id'),
    customerId: text('customer_id'),
    amountMinor: integer('amount_minor'),
    note: text('note'),
    actor: text('actor').notNull(),
  },
  (t) => [index('contract_events_contract_idx').on(t.contractId, t.at)],
);

/**
 * The reminders outbox (docs/appliances.md, "Reminders"): due and overdue reminders generated once
 * a day, at most one per contract per day, append-only. The call list and its CSV read it; the SMS
 * work will send from it and record what it sent in a table of its own.
 */
export const contractReminders = sqliteTable(
  'contract_reminders',
  {
    id: idColumn(),
    officeId: officeColumn(),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    customerId: text('customer_id').notNull(),
    /** The office's local date the reminder is for. */
    day: text('day').notNull(),
    kind: text('kind', { enum: REMINDER_KINDS }).notNull(),
    amountMinor: integer('amount_minor').notNull(),
    daysLate: integer('days_late').notNull(),
    dueDate: text('due_date'),
    /** The customer's phone when the reminder was made (null: none on file, call list only). */
    phone: text('phone'),
    message: text('message').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    // Idempotent per contract per day: generating again the same day adds nothing.
    uniqueIndex('contract_reminders_contract_day_unique').on(t.contractId, t.day),
    index('contract_reminders_day_idx').on(t.day, t.kind),
  ],
);
