// Payments at the counter for PAYG devices and the OpenPAYGO tokens they buy (docs/domain.md §5,
// §6, §8.1). The sale is planned first, by the domain from facts loaded here (domain/sale.ts):
// every refusal happens before anything is written. Then the payment, its allocations, its tokens
// and the device's new count are written together inside the dispatcher's one transaction, so a
// token is never shown for a count that was not committed.
import { sealContext } from '../../adapters/secret-box';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  AppError,
  type IssuedToken,
  type Payment,
  type OutputOf,
  type ParsedInputOf,
  type PaymentAllocation,
} from '../../../contract';
import { type AllocationPart } from '../../../domain/allocation';
import { formatKwh } from '../../../domain/energy';
import { creditLeft, type SalePlan } from '../../../domain/sale';
import { formatMoney } from '../../../domain/money';
import { encodeToken, groupTokenDigits, valueForDays } from '../../../domain/openpaygo/token';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import { columnPlaceholders, prepared } from '../../db/prepared';
import {
  openpaygoDevices,
  paymentAllocations,
  payments,
  stsRequests,
  tokenConfirmations,
  tokens,
} from '../../db/schema';
import { nextCounter } from '../shared/counters';
import { vendorTokenOfPayment } from '../tokens/queries';
import { readSettings, requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';
import { planSale, type Sale } from './sale-facts';
import {
  allocationsOf,
  creditBalance,
  firstTokenSummary,
  paymentView,
  paymentOfSubmission,
  requireDayOpen,
  tokensWhere,
  tokenView,
  usesExtendedTokens,
} from './queries';

type Ctx = ServiceContext;
type PaymentRow = typeof payments.$inferSelect;
type TokenRow = typeof tokens.$inferSelect;
type OpgRow = typeof openpaygoDevices.$inferSelect;

function conflict(message: string): AppError {
  return new AppError('CONFLICT', message);
}

function partView(p: AllocationPart): PaymentAllocation {
  return {
    kind: p.kind,
    amountMinor: p.amount,
    days: p.kind === 'days' ? p.days : null,
    wh: p.kind === 'energy' ? p.wh : null,
    refId: p.kind === 'instalment' ? p.instalmentId : p.kind === 'invoice' ? p.invoiceId : null,
  };
}

/** paymentView of a payment written in this command, without reading it back. */
export function newPaymentView(
  row: PaymentRow,
  customer: Payment['customer'],
  deviceSerial: string | null,
): Payment {
  return {
    id: row.id,
    receiptNumber: row.receiptNumber,
    customer,
    deviceId: row.deviceId,
    deviceSerial,
    amountMinor: row.amountMinor,
    method: row.method,
    reference: row.reference,
    receivedAt: row.receivedAt,
    cashierName: row.cashierName,
    reversalOf: row.reversalOf,
    reason: row.reason,
    reversedBy: null,
  };
}

export function insertPayment(ctx: Ctx, row: PaymentRow, parts: PaymentAllocation[]): void {
  prepared(ctx.db, 'payments.insert', (d) =>
    d.insert(payments).values(columnPlaceholders(payments)).prepare(),
  ).run(row);
  const insertPart = prepared(ctx.db, 'payments.insertAllocation', (d) =>
    d.insert(paymentAllocations).values(columnPlaceholders(paymentAllocations)).prepare(),
  );
  for (const p of parts) {
    insertPart.run({
      id: ctx.ids.newId(),
      paymentId: row.id,
      kind: p.kind,
      amountMinor: p.amountMinor,
      days: p.days,
      wh: p.wh,
      refId: p.refId,
    });
  }
}

export function receiptNumber(ctx: Ctx, officeCode: string): string {
  return `${officeCode}-R-${String(nextCounter(ctx.db, 'receipt')).padStart(6, '0')}`;
}

/**
 * The sale's ADD_TIME tokens (and the unlock token at payoff), each at the next count, and the
 * device's new count: all inside the payment's transaction. Returns the last count used and the
 * tokens as the answer shows them.
 */
export function issueSaleTokens(
  ctx: Ctx,
  sale: { device: Sale['device']; chunks: readonly number[]; unlocks: boolean },
  opg: OpgRow,
  paymentId: string,
  now: string,
) {
  const office = requireOffice(ctx.db);
  // The key is opened only here, for the encoding, and never leaves this function.
  const keyHex = ctx.secrets
    .open(opg.keySealed, sealContext.openpaygoKey(sale.device.id))
    .toString('hex');
  let count = opg.count;
  const issued: IssuedToken[] = [];
  const extended = usesExtendedTokens(ctx, sale.device.modelId);
  const issue = (type: 'ADD_TIME' | 'DISABLE_PAYG', value: number | undefined) => {
    const encoded = encodeToken({
      keyHex,
      startingCode: opg.startingCode,
      count,
      type,
      value,
      restrictedDigits: opg.restrictedDigits,
      extended,
    });
    const row: TokenRow = {
      id: ctx.ids.newId(),
      officeId: office.id,
      deviceId: sale.device.id,
      paymentId,
      count: encoded.count,
      type,
      valueRaw: value ?? 998,
      token: encoded.token,
      issuedAt: now,
      issuedBy: ctx.actor.name,
    };
    prepared(ctx.db, 'payments.insertToken', (d) =>
      d.insert(tokens).values(columnPlaceholders(tokens)).prepare(),
    ).run(row);
    // The answer is built from the rows written, not read back: a fresh token is not entered yet.
    issued.push(tokenView(row, opg.timeDivider, null));
    count = encoded.count;
  };
  for (const days of sale.chunks) issue('ADD_TIME', valueForDays(days, opg.timeDivider));
  // The unlock token at payoff, as the plan decided (domain/sale.ts).
  if (sale.unlocks) issue('DISABLE_PAYG', undefined);
  if (count !== opg.count) {
    prepared(ctx.db, 'payments.setCount', (d) =>
      d
        .update(openpaygoDevices)
        .set({
          count: sql`${sql.placeholder('count')}`,
          updatedHlc: sql`${sql.placeholder('hlc')}`,
        })
        .where(eq(openpaygoDevices.deviceId, sql.placeholder('deviceId')))
        .prepare(),
    ).run({ count, hlc: ctx.hlc.next(), deviceId: sale.device.id });
  }
  return { count, issued };
}

/** The plan as payments.record answers it (contract: salePlan). */
function planView(plan: SalePlan): OutputOf<'payments.record'>['plan'] {
  const creditLeftMinor = creditLeft(plan);
  switch (plan.kind) {
    case 'days':
      return {
        kind: 'days',
        days: plan.days,
        paidUntil: plan.until.kind === 'until' ? plan.until.at : null,
        unlocks: plan.until.kind === 'unlocked',
        creditLeftMinor,
      };
    case 'energy':
      return { kind: 'energy', wh: plan.wh, creditLeftMinor };
    case 'invoices':
      return {
        kind: 'invoices',
        invoicesPaid: plan.parts.filter((p) => p.kind === 'invoice').length,
        creditLeftMinor,
      };
  }
}

export const previewSale = (
  ctx: QueryContext,
  input: ParsedInputOf<'payments.preview'>,
): OutputOf<'payments.preview'> => {
  const { customer, scheme, plan } = planSale(ctx, input.deviceId, input.amountMinor);
  const days = plan.kind === 'days' ? plan : null;
  const energy = plan.kind === 'energy' ? plan : null;
  return {
    customer,
    sale: plan.kind,
    tokenScheme: scheme,
    dailyPriceMinor: days?.dailyPrice ?? null,
    unitPriceMilliMinorPerKwh: energy?.unitPrice ?? null,
    allocations: plan.parts.map(partView),
    days: days?.days ?? 0,
    wh: energy?.wh ?? 0,
    accessDebtMinor: energy?.accessDebt ?? 0,
    creditUsedMinor: plan.creditUsed,
    tokenCount: days?.chunks.length ?? 0,
    unlocks: days?.unlocks ?? false,
    outstandingTokens: days?.outstanding ?? 0,
    warnings: plan.warnings,
    creditBalanceMinor: plan.creditBalance,
  };
};

export const recordSale = (
  ctx: Ctx,
  input: ParsedInputOf<'payments.record'>,
): OutputOf<'payments.record'> => {
  // Idempotency first: a retried submission must find the first one before any check can differ.
  const existing = paymentOfSubmission(ctx, input.submissionKey);
  if (existing) {
    if (existing.deviceId !== input.deviceId || existing.amountMinor !== input.amountMinor) {
      throw conflict(
        `This submission was already recorded as receipt ${existing.receiptNumber} for a ` +
          'different device or amount; start a new payment.',
      );
    }
    const issued = tokensWhere(ctx, eq(tokens.paymentId, existing.id));
    noteAudit(ctx, `Repeated submission of receipt ${existing.receiptNumber}: nothing recorded`, [
      existing.id,
    ]);
    return {
      payment: paymentView(ctx, existing),
      allocations: allocationsOf(ctx, existing.id),
      token: firstTokenSummary(issued),
      tokens: issued,
      vendorToken: vendorTokenOfPayment(ctx, existing.id),
      duplicate: true,
      warnings: [],
      plan: null,
    };
  }

  requireDayOpen(ctx);
  const sale = planSale(ctx, input.deviceId, input.amountMinor);
  const office = requireOffice(ctx.db);
  const now = ctx.clock.nowIso();
  const row: PaymentRow = {
    id: ctx.ids.newId(),
    officeId: office.id,
    receiptNumber: receiptNumber(ctx, office.code),
    submissionKey: input.submissionKey,
    customerId: sale.customer.id,
    deviceId: sale.device.id,
    amountMinor: input.amountMinor,
    method: input.method,
    reference: input.reference,
    receivedAt: now,
    cashierUserId: ctx.actor.userId,
    cashierName: ctx.actor.name,
    reversalOf: null,
    reason: null,
  };
  const { plan } = sale;
  insertPayment(ctx, row, plan.parts.map(partView));

  const tokensOut =
    sale.opg && plan.kind === 'days'
      ? issueSaleTokens(
          ctx,
          { device: sale.device, chunks: plan.chunks, unlocks: plan.unlocks },
          sale.opg,
          row.id,
          now,
        )
      : null;
  const vendorWh = sale.scheme === 'sts' && plan.kind === 'energy' ? plan.wh : 0;
  if (vendorWh > 0) {
    ctx.db
      .insert(stsRequests)
      .values({
        id: ctx.ids.newId(),
        officeId: office.id,
        paymentId: row.id,
        deviceId: sale.device.id,
        wh: vendorWh,
        amountMinor: plan.parts.reduce((sum, p) => (p.kind === 'energy' ? sum + p.amount : sum), 0),
        createdAt: now,
      })
      .run();
  }

  const count = tokensOut?.count ?? null;
  const issued = tokensOut?.issued ?? [];
  const currency = readSettings(ctx.db).currency;
  const bought =
    plan.kind === 'days'
      ? `${plan.days} days, token count ${count ?? 0}${plan.unlocks ? ', unlocked for good' : ''}`
      : plan.kind === 'invoices'
        ? `${plan.parts.filter((p) => p.kind === 'invoice').length} invoice(s) settled`
        : `${formatKwh(plan.wh)} kWh${vendorWh > 0 ? ', vendor token pending' : ''}`;
  noteAudit(
    ctx,
    `Received ${formatMoney(input.amountMinor, currency)} ${input.method.replace('_', ' ')} from ` +
      `${sale.customer.accountNumber} for ${sale.device.serial}: ${bought} (${row.receiptNumber})`,
    [row.id, sale.customer.id, sale.device.id],
  );
  return {
    // From what was written: a new payment has no reversal, and its customer and device were
    // loaded for the sale.
    payment: newPaymentView(row, sale.customer, sale.device.serial),
    allocations: plan.parts.map(partView),
    token: firstTokenSummary(issued),
    tokens: issued,
    // Only a request written above can belong to this new payment; its view joins several rows.
    vendorToken: vendorWh > 0 ? vendorTokenOfPayment(ctx, row.id) : null,
    duplicate: false,
    warnings: plan.warnings,
    plan: planView(plan),
  };
};

export const list: Handler<'payments.list'> = (ctx, input) => {
  const where = and(
    input.customerId ? eq(payments.customerId, input.customerId) : undefined,
    input.deviceId ? eq(payments.deviceId, input.deviceId) : undefined,
  );
  const rows = ctx.db
    .select()
    .from(payments)
    .where(where)
    .orderBy(desc(payments.receivedAt), desc(sql`${payments}.rowid`))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .all();
  const totals = ctx.db
    .select({
      n: sql<number>`count(*)`,
      amount: sql<number>`coalesce(sum(${payments.amountMinor}), 0)`,
    })
    .from(payments)
    .where(where)
    .get();
  return {
    rows: rows.map((r) => paymentView(ctx, r)),
    total: totals?.n ?? 0,
    totalAmountMinor: totals?.amount ?? 0,
    creditBalanceMinor: input.customerId ? creditBalance(ctx, input.customerId) : null,
  };
};

export const get: Handler<'payments.get'> = (ctx, input) => {
  const row = ctx.db.select().from(payments).where(eq(payments.id, input.id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That payment does not exist.');
  return {
    payment: paymentView(ctx, row),
    allocations: allocationsOf(ctx, row.id),
    tokens: tokensWhere(ctx, eq(tokens.paymentId, row.id)),
    vendorToken: vendorTokenOfPayment(ctx, row.id),
  };
};

export const confirmEntered: Handler<'tokens.confirmEntered'> = (ctx, input) => {
  const ids = [...new Set(input.tokenIds)];
  const found = ctx.db
    .select({ id: tokens.id, token: tokens.token, confirmed: tokenConfirmations.tokenId })
    .from(tokens)
    .leftJoin(tokenConfirmations, eq(tokenConfirmations.tokenId, tokens.id))
    .where(inArray(tokens.id, ids))
    .all();
  if (found.length !== ids.length) {
    throw new AppError('VALIDATION', 'Some of those tokens do not exist.', {
      issues: [{ field: 'tokenIds', message: 'names a token that does not exist' }],
    });
  }
  const fresh = found.filter((t) => t.confirmed === null);
  if (fresh.length > 0) {
    const at = ctx.clock.nowIso();
    ctx.db
      .insert(tokenConfirmations)
      .values(fresh.map((t) => ({ tokenId: t.id, confirmedAt: at, confirmedBy: ctx.actor.name })))
      .run();
  }
  noteAudit(
    ctx,
    `Confirmed ${fresh.length} token(s) entered: ${fresh.map((t) => groupTokenDigits(t.token)).join(', ') || 'none new'}`,
    fresh.map((t) => t.id),
  );
  return { confirmed: fresh.length, alreadyConfirmed: found.length - fresh.length };
};
