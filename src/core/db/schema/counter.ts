// The rest of the counter's ledgers: access-charge debt of prepaid meters (docs/domain.md §4), STS
// token custody (§8.2) and the cashier's day-end (Z report). All four are append-only (triggers
// in resources/migrations): a debt is paid by allocations, a vendor token once recorded stays
// recorded, and a closed day stays closed.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAtColumn, idColumn, officeColumn } from './columns';
import { payments } from './payments';
import { devices } from './registry';
import { STS_TOKEN_SOURCES } from '../../../domain/vocabulary';

/**
 * Access charges accrued on a prepaid meter, one row per accrual run and tariff version, covering
 * the local dates `periodFrom`..`periodTo` (inclusive). The next run starts the day after the
 * latest `periodTo`, so running twice, or once after days offline, gives the same total.
 */
export const accessCharges = sqliteTable(
  'access_charges',
  {
    id: idColumn(),
    officeId: officeColumn(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    /** Days (daily charge) or months (monthly charge) charged in the range. */
    periods: integer('periods').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    tariffVersionId: text('tariff_version_id'),
    createdAt: createdAtColumn(),
  },
  (t) => [
    // A second run over the same days cannot add a second row, whatever the service checks first.
    uniqueIndex('access_charges_device_from_unique').on(t.deviceId, t.periodFrom),
    index('access_charges_device_to_idx').on(t.deviceId, t.periodTo),
  ],
);

/** Energy sold for an STS meter whose 20-digit token comes from the vendor's system later. */
export const stsRequests = sqliteTable(
  'sts_requests',
  {
    id: idColumn(),
    officeId: officeColumn(),
    paymentId: text('payment_id')
      .notNull()
      .references(() => payments.id),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    wh: integer('wh').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    uniqueIndex('sts_requests_payment_unique').on(t.paymentId),
    index('sts_requests_device_idx').on(t.deviceId, t.createdAt),
  ],
);

/** The vendor token of a request, as typed or imported; one per request, never reused. */
export const stsTokens = sqliteTable(
  'sts_tokens',
  {
    requestId: text('request_id')
      .primaryKey()
      .references(() => stsRequests.id),
    /** 20 digits, no spaces. */
    token: text('token').notNull(),
    source: text('source', { enum: STS_TOKEN_SOURCES }).notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [uniqueIndex('sts_tokens_token_unique').on(t.token)],
);

/** A cashier's day closed by a manager, with the Z report totals as they were at closing. */
export const dayCloses = sqliteTable(
  'day_closes',
  {
    id: idColumn(),
    officeId: officeColumn(),
    /** Local date (YYYY-MM-DD) in the office time zone. */
    day: text('day').notNull(),
    /** The username the payments carry (`payments.cashier_name`). */
    cashierName: text('cashier_name').notNull(),
    netMinor: integer('net_minor').notNull(),
    receipts: integer('receipts').notNull(),
    /** The whole report as closed, for reprinting exactly what was signed. */
    report: text('report', { mode: 'json' }).notNull(),
    closedAt: text('closed_at').notNull(),
    closedBy: text('closed_by').notNull(),
  },
  (t) => [uniqueIndex('day_closes_office_day_cashier_unique').on(t.officeId, t.day, t.cashierName)],
);
