// Payments, their allocations, issued tokens and token confirmations (docs/domain.md §5, §8.1),
// plus the simple PAYG plan of a lockable device (§6). The four ledgers are append-only (triggers
// in resources/migrations): a mistake is fixed by a reversal, a lost token is re-printed from here.
// The PAYG plan is master data keyed by device, so a contract can take over its role later
// without touching the ledgers.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ALLOCATION_KINDS, PAYMENT_METHODS, TOKEN_KINDS } from '../../../domain/vocabulary';
import { createdAtColumn, idColumn, officeColumn, updatedHlcColumn } from './columns';
import { customers, devices } from './registry';

/** Price per day of a lockable device; once the total is paid the unlock token is issued. */
export const paygPlans = sqliteTable('payg_plans', {
  deviceId: text('device_id')
    .primaryKey()
    .references(() => devices.id),
  dailyPriceMinor: integer('daily_price_minor').notNull(),
  totalPriceMinor: integer('total_price_minor'),
  createdAt: createdAtColumn(),
  updatedHlc: updatedHlcColumn(),
});

export const payments = sqliteTable(
  'payments',
  {
    id: idColumn(),
    officeId: officeColumn(),
    /** Per-office series, e.g. LAG-R-000001; reversals get their own number. */
    receiptNumber: text('receipt_number').notNull(),
    /** One per submission (double click, retry): the second one finds the first. */
    submissionKey: text('submission_key').notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    deviceId: text('device_id').references(() => devices.id),
    /** Negative on a reversal. */
    amountMinor: integer('amount_minor').notNull(),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    reference: text('reference'),
    receivedAt: text('received_at').notNull(),
    cashierUserId: text('cashier_user_id'),
    cashierName: text('cashier_name').notNull(),
    reversalOf: text('reversal_of'),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('payments_submission_key_unique').on(t.submissionKey),
    uniqueIndex('payments_receipt_unique').on(t.officeId, t.receiptNumber),
    // At most one reversal per payment, whatever the service checks first.
    uniqueIndex('payments_reversal_of_unique').on(t.reversalOf),
    index('payments_customer_idx').on(t.customerId, t.receivedAt),
    index('payments_device_idx').on(t.deviceId, t.receivedAt),
    // Money received in a period (contracts' collection rate, monthly reports) without reading every payment.
    index('payments_received_idx').on(t.receivedAt),
  ],
);

export const paymentAllocations = sqliteTable(
  'payment_allocations',
  {
    id: idColumn(),
    paymentId: text('payment_id')
      .notNull()
      .references(() => payments.id),
    kind: text('kind', { enum: ALLOCATION_KINDS }).notNull(),
    /** Negative on a reversal; the parts of a payment add up to its amount exactly. */
    amountMinor: integer('amount_minor').notNull(),
    days: integer('days'),
    wh: integer('wh'),
    /** The instalment an 'instalment' part pays; the contract of 'down_payment' and 'contract'. */
    refId: text('ref_id'),
  },
  (t) => [
    index('payment_allocations_payment_idx').on(t.paymentId),
    // What a contract has received: one index range, summed without touching the table.
    index('payment_allocations_ref_idx').on(t.refId, t.kind, t.amountMinor),
    // Money left on postpaid accounts (rare): the dashboard's debt sums it without a scan.
    index('payment_allocations_account_credit_idx')
      .on(t.paymentId, t.amountMinor)
      .where(sql`${t.kind} = 'account_credit'`),
  ],
);

export const tokens = sqliteTable(
  'tokens',
  {
    id: idColumn(),
    officeId: officeColumn(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    paymentId: text('payment_id').references(() => payments.id),
    count: integer('count').notNull(),
    type: text('type', { enum: TOKEN_KINDS }).notNull(),
    /** The encoded value: days x time divider for ADD_TIME, 998 for DISABLE_PAYG. */
    valueRaw: integer('value_raw').notNull(),
    /** As printed (9 digits, or 15 digits of 1-4), without spaces. */
    token: text('token').notNull(),
    issuedAt: text('issued_at').notNull(),
    issuedBy: text('issued_by').notNull(),
  },
  (t) => [
    // Two different tokens at one count of a device must be impossible (docs/domain.md §8.1).
    uniqueIndex('tokens_device_count_unique').on(t.deviceId, t.count),
    // "Was the unlock issued?" and "how many ADD_TIME tokens wait?" at every sale, without
    // walking all of the device's tokens.
    index('tokens_device_type_idx').on(t.deviceId, t.type),
    index('tokens_payment_idx').on(t.paymentId),
  ],
);

/** "The customer typed it in": kept apart so that tokens stay strictly append-only. */
export const tokenConfirmations = sqliteTable('token_confirmations', {
  tokenId: text('token_id')
    .primaryKey()
    .references(() => tokens.id),
  confirmedAt: text('confirmed_at').notNull(),
  confirmedBy: text('confirmed_by').notNull(),
});
