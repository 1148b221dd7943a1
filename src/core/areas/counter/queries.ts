// The counter's reads other areas use: whether the day is open, a payment and its allocations
// and tokens as the contract shows them, a customer's credit, a device's outstanding tokens.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import {
  AppError,
  type IssuedToken,
  type Payment,
  type PaymentAllocation,
} from '../../../contract';
import { spendableFunds, type SaleRefusal } from '../../../domain/sale';
import { groupTokenDigits } from '../../../domain/openpaygo/token';
import { type PaygTokenEvent } from '../../../domain/payg-time';
import type { QueryContext, ServiceContext } from '../../context';
import { prepared } from '../../db/prepared';
import {
  customers,
  dayCloses,
  deviceModels,
  devices,
  offices,
  openpaygoDevices,
  paymentAllocations,
  payments,
  tokenConfirmations,
  tokens,
} from '../../db/schema';
import { displayName } from '../registry/queries';
import { officeToday, readSettings, requireOffice } from '../shared/office';

type PaymentRow = typeof payments.$inferSelect;
type TokenRow = typeof tokens.$inferSelect;
type DeviceRow = typeof devices.$inferSelect;
type OpgRow = typeof openpaygoDevices.$inferSelect;

/** A cashier's close of a day, if a manager closed it. */
export function closeOf(ctx: QueryContext, day: string, cashier: string) {
  // Prepared once: every payment asks it.
  return prepared(ctx.db, 'dayEnd.closeOf', (d) =>
    d
      .select()
      .from(dayCloses)
      .where(
        and(
          eq(dayCloses.officeId, sql.placeholder('officeId')),
          eq(dayCloses.day, sql.placeholder('day')),
          eq(dayCloses.cashierName, sql.placeholder('cashier')),
        ),
      )
      .prepare(),
  ).get({ officeId: requireOffice(ctx.db).id, day, cashier });
}

/** Refuse a payment or reversal by a cashier whose day a manager has closed. */
export function requireDayOpen(ctx: ServiceContext): void {
  const day = officeToday(ctx.db, ctx.clock.nowMs());
  const closed = closeOf(ctx, day, ctx.actor.name);
  if (!closed) return;
  throw new AppError(
    'CONFLICT',
    `Your day (${day}) was closed by ${closed.closedBy}; no more payments can be taken under ` +
      `your name today. Ask a manager, or sign in as another cashier.`,
  );
}

/** Whether a device's model takes extended OpenPAYGO tokens (12 digits; docs/counter.md). */
export function usesExtendedTokens(ctx: QueryContext, modelId: string): boolean {
  const model = prepared(ctx.db, 'payments.modelExtended', (d) =>
    d
      .select({ extended: deviceModels.openpaygoExtended })
      .from(deviceModels)
      .where(eq(deviceModels.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: modelId });
  return model?.extended === true;
}

export function customerOf(ctx: QueryContext, id: string) {
  const c = prepared(ctx.db, 'payments.customer', (d) =>
    d
      .select()
      .from(customers)
      .where(eq(customers.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
  if (!c) throw new AppError('CONFLICT', 'The customer of this payment no longer exists.');
  return { id: c.id, accountNumber: c.accountNumber, name: displayName(c) };
}

/** ADD_TIME tokens of a device not yet confirmed entered. */
export function outstandingTokens(ctx: QueryContext, deviceId: string): number {
  const row = prepared(ctx.db, 'payments.outstandingTokens', (d) =>
    d
      .select({ n: sql<number>`count(*)` })
      .from(tokens)
      .leftJoin(tokenConfirmations, eq(tokenConfirmations.tokenId, tokens.id))
      .where(
        and(
          eq(tokens.deviceId, sql.placeholder('deviceId')),
          eq(tokens.type, 'ADD_TIME'),
          isNull(tokenConfirmations.tokenId),
        ),
      )
      .prepare(),
  ).get({ deviceId });
  return row?.n ?? 0;
}

/** Two offices issuing for one device would collide on counts (docs/domain.md §8.1). */
export function requireOwnedHere(ctx: QueryContext, device: DeviceRow, opg: OpgRow): void {
  const office = requireOffice(ctx.db);
  if (opg.owningOfficeId === office.id) return;
  const owner = ctx.db
    .select({ code: offices.code })
    .from(offices)
    .where(eq(offices.id, opg.owningOfficeId))
    .get();
  throw new AppError(
    'CONFLICT',
    `Tokens for ${device.serial} are issued by office ${owner?.code ?? 'another office'}; ` +
      'take the payment there, or hand the device over to this office first.',
  );
}

/** A refusal decided in the domain, as the error the caller gets (field named when known). */
export function refusalError({ code, message, field }: SaleRefusal): AppError {
  return new AppError(
    code,
    message,
    field ? { issues: [{ field: field.name, message: field.message }] } : undefined,
  );
}

/** The money a contract payment can spend (the rule: spendableFunds in domain/sale.ts). */
export function fundsOf(ctx: QueryContext, amount: number, credit: number): number {
  const decision = spendableFunds(amount, credit, readSettings(ctx.db).currency);
  if (!decision.ok) throw refusalError(decision.refusal);
  return decision.funds;
}

export function allocationsOf(ctx: QueryContext, paymentId: string): PaymentAllocation[] {
  return ctx.db
    .select()
    .from(paymentAllocations)
    .where(eq(paymentAllocations.paymentId, paymentId))
    .orderBy(sql`${paymentAllocations}.rowid`)
    .all()
    .map((a) => ({
      kind: a.kind,
      amountMinor: a.amountMinor,
      days: a.days,
      wh: a.wh,
      refId: a.refId,
    }));
}

export function tokensWhere(ctx: QueryContext, where: SQL | undefined): IssuedToken[] {
  return ctx.db
    .select({
      token: tokens,
      enteredAt: tokenConfirmations.confirmedAt,
      timeDivider: openpaygoDevices.timeDivider,
    })
    .from(tokens)
    .leftJoin(tokenConfirmations, eq(tokenConfirmations.tokenId, tokens.id))
    .leftJoin(openpaygoDevices, eq(openpaygoDevices.deviceId, tokens.deviceId))
    .where(where)
    .orderBy(tokens.count)
    .all()
    .map((r) => tokenView(r.token, r.timeDivider ?? 1, r.enteredAt));
}

export function tokenView(
  row: TokenRow,
  timeDivider: number,
  enteredAt: string | null,
): IssuedToken {
  return {
    id: row.id,
    deviceId: row.deviceId,
    type: row.type,
    token: row.token,
    grouped: groupTokenDigits(row.token),
    count: row.count,
    valueRaw: row.valueRaw,
    days: row.type === 'ADD_TIME' ? row.valueRaw / timeDivider : null,
    issuedAt: row.issuedAt,
    issuedBy: row.issuedBy,
    enteredAt,
  };
}

export function paymentView(ctx: QueryContext, row: PaymentRow): Payment {
  const serial = row.deviceId
    ? (ctx.db
        .select({ serial: devices.serial })
        .from(devices)
        .where(eq(devices.id, row.deviceId))
        .get()?.serial ?? null)
    : null;
  const reversal = ctx.db
    .select({ id: payments.id })
    .from(payments)
    .where(eq(payments.reversalOf, row.id))
    .get();
  return {
    id: row.id,
    receiptNumber: row.receiptNumber,
    customer: customerOf(ctx, row.customerId),
    deviceId: row.deviceId,
    deviceSerial: serial,
    amountMinor: row.amountMinor,
    method: row.method,
    reference: row.reference,
    receivedAt: row.receivedAt,
    cashierName: row.cashierName,
    reversalOf: row.reversalOf,
    reason: row.reason,
    reversedBy: reversal?.id ?? null,
  };
}

export function firstTokenSummary(list: IssuedToken[]) {
  const first = list[0];
  return first
    ? { token: first.token, grouped: first.grouped, count: first.count, days: first.days }
    : null;
}

/** The payment of a submission key, if it was recorded already. */
export function paymentOfSubmission(
  ctx: QueryContext,
  submissionKey: string,
): PaymentRow | undefined {
  return prepared(ctx.db, 'payments.bySubmission', (d) =>
    d
      .select()
      .from(payments)
      .where(eq(payments.submissionKey, sql.placeholder('key')))
      .prepare(),
  ).get({ key: submissionKey });
}

/** Customer credit: leftovers of purchases, less what later payments used (docs/domain.md §5). */
export function creditBalance(ctx: QueryContext, customerId: string): number {
  const row = prepared(ctx.db, 'payments.creditBalance', (d) =>
    d
      .select({ total: sql<number>`coalesce(sum(${paymentAllocations.amountMinor}), 0)` })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(
        and(
          eq(payments.customerId, sql.placeholder('customerId')),
          eq(paymentAllocations.kind, 'credit'),
        ),
      )
      .prepare(),
  ).get({ customerId });
  return row?.total ?? 0;
}

/**
 * A device's tokens in count order, up to `lastCount` (all when null), as the paid-time rule
 * reads them (domain/payg-time.ts): one query, shared by the sale and its receipt.
 */
export function paygTokenHistory(
  ctx: QueryContext,
  deviceId: string,
  lastCount: number | null,
): PaygTokenEvent[] {
  return prepared(ctx.db, 'payments.tokenHistory', (d) =>
    d
      .select({
        type: tokens.type,
        valueRaw: tokens.valueRaw,
        issuedAt: tokens.issuedAt,
        timeDivider: openpaygoDevices.timeDivider,
      })
      .from(tokens)
      .leftJoin(openpaygoDevices, eq(openpaygoDevices.deviceId, tokens.deviceId))
      .where(
        and(
          eq(tokens.deviceId, sql.placeholder('deviceId')),
          sql`${tokens.count} <= ${sql.placeholder('last')}`,
        ),
      )
      .orderBy(tokens.count)
      .prepare(),
  )
    .all({ deviceId, last: lastCount ?? Number.MAX_SAFE_INTEGER })
    .map((r) => ({ type: r.type, days: r.valueRaw / (r.timeDivider ?? 1), issuedAt: r.issuedAt }));
}
