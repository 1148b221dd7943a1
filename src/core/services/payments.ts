// Payments at the counter for PAYG devices and the OpenPAYGO tokens they buy (docs/domain.md §5,
// §6, §8.1). The sale is planned first (every refusal happens before anything is written), then the
// payment, its allocations, its tokens and the device's new count are written together inside
// the dispatcher's one transaction, so a token is never shown for a count that was not committed.
import { sealContext } from '../adapters/secret-box';
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { AppError, type IssuedToken, type Payment, type PaymentAllocation } from '../../contract';
import { allocatePayment, type AllocationPart } from '../../domain/allocation';
import { formatKwh } from '../../domain/energy';
import { formatMoney } from '../../domain/money';
import { prepaidUnitPrice, tariffInForce } from '../../domain/tariff';
import {
  encodeToken,
  groupTokenDigits,
  MAX_COUNT,
  maxTimeValue,
  valueForDays,
} from '../../domain/openpaygo/token';
import { noteAudit, type ServiceContext } from '../context';
import {
  contracts,
  customers,
  deviceModels,
  devices,
  offices,
  openpaygoDevices,
  paygPlans,
  paymentAllocations,
  payments,
  stsRequests,
  tariffVersions,
  tokenConfirmations,
  tokens,
} from '../db/schema';
import { accessDebt } from './access-charges';
import { openInvoices } from './accounts';
import { nextCounter } from './counters';
import { requireDayOpen } from './day-end';
import { vendorTokenOfPayment } from './sts';
import { displayName } from './customers';
import { loadDevice } from './devices';
import { officeToday, readSettings, requireOffice } from './office';
import type { Handler } from './types';

type Ctx = ServiceContext;
type PaymentRow = typeof payments.$inferSelect;
type TokenRow = typeof tokens.$inferSelect;

/**
 * docs/domain.md §8.1: a device looks 64 counts (32 ADD_TIME tokens) ahead of its last count, so
 * unentered tokens pile up towards a token the device can no longer find. Warn early, block
 * before the window is exhausted.
 */
export const OUTSTANDING_WARN_AT = 20;
export const OUTSTANDING_BLOCK_AT = 30;

/** Days one ADD_TIME token can carry on a device with this divider (value <= 995, or 999 999). */
function maxDaysPerToken(timeDivider: number, extended: boolean): number {
  return Math.floor(maxTimeValue(extended) / timeDivider);
}

/** Split days over ADD_TIME tokens, each within the value limit (SET tokens do not add up). */
export function splitDays(days: number, timeDivider: number, extended = false): number[] {
  const per = maxDaysPerToken(timeDivider, extended);
  const chunks: number[] = [];
  for (let left = days; left > 0; left -= per) chunks.push(Math.min(per, left));
  return chunks;
}

/** Whether a device's model takes extended OpenPAYGO tokens (12 digits; docs/counter.md). */
export function usesExtendedTokens(ctx: Ctx, modelId: string): boolean {
  const model = ctx.db
    .select({ extended: deviceModels.openpaygoExtended })
    .from(deviceModels)
    .where(eq(deviceModels.id, modelId))
    .get();
  return model?.extended === true;
}

function conflict(message: string): AppError {
  return new AppError('CONFLICT', message);
}

function customerOf(ctx: Ctx, id: string) {
  const c = ctx.db.select().from(customers).where(eq(customers.id, id)).get();
  if (!c) throw conflict('The customer of this payment no longer exists.');
  return { id: c.id, accountNumber: c.accountNumber, name: displayName(c) };
}

/** ADD_TIME tokens of a device not yet confirmed entered. */
export function outstandingTokens(ctx: Ctx, deviceId: string): number {
  const row = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(tokens)
    .leftJoin(tokenConfirmations, eq(tokenConfirmations.tokenId, tokens.id))
    .where(
      and(
        eq(tokens.deviceId, deviceId),
        eq(tokens.type, 'ADD_TIME'),
        isNull(tokenConfirmations.tokenId),
      ),
    )
    .get();
  return row?.n ?? 0;
}

/** What the device has paid towards its plan: 'days' parts, reversals included (negative). */
function paidTowardsDevice(ctx: Ctx, deviceId: string): number {
  const row = ctx.db
    .select({ total: sql<number>`coalesce(sum(${paymentAllocations.amountMinor}), 0)` })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(and(eq(payments.deviceId, deviceId), eq(paymentAllocations.kind, 'days')))
    .get();
  return row?.total ?? 0;
}

function unlockIssued(ctx: Ctx, deviceId: string): boolean {
  const row = ctx.db
    .select({ id: tokens.id })
    .from(tokens)
    .where(and(eq(tokens.deviceId, deviceId), eq(tokens.type, 'DISABLE_PAYG')))
    .get();
  return row !== undefined;
}

type OpgRow = typeof openpaygoDevices.$inferSelect;
type DeviceRow = typeof devices.$inferSelect;

interface Sale {
  device: DeviceRow;
  customer: { id: string; accountNumber: string; name: string };
  sale: 'days' | 'energy' | 'invoices';
  scheme: 'openpaygo' | 'sts' | 'none';
  /** Lockable devices only. */
  opg: OpgRow | null;
  dailyPrice: number | null;
  unitPrice: number | null;
  parts: AllocationPart[];
  days: number;
  wh: number;
  /** Days carried by each ADD_TIME token, in issue order. */
  chunks: number[];
  unlocks: boolean;
  outstanding: number;
  warnings: string[];
  accessDebt: number;
  creditBalance: number;
  /** Credit this payment spends (negative: a debt left by a reversal, which it repays first). */
  creditUsed: number;
}

/** Energy tokens and meter displays count in 0.1 kWh (docs/domain.md §3): buy whole steps of it. */
const ENERGY_RESOLUTION_WH = 100;

function loadSaleDevice(ctx: Ctx, deviceId: string) {
  const device = ctx.db
    .select()
    .from(devices)
    .where(and(eq(devices.id, deviceId), isNull(devices.deletedAt)))
    .get();
  if (!device) {
    throw new AppError('VALIDATION', 'That device does not exist (or was deleted).', {
      issues: [{ field: 'deviceId', message: 'does not exist' }],
    });
  }
  if (!device.customerId) {
    throw conflict(`${device.serial} is not assigned to a customer; assign it before selling.`);
  }
  const customer = customerOf(ctx, device.customerId);
  const model = ctx.db
    .select({ tokenScheme: deviceModels.tokenScheme })
    .from(deviceModels)
    .where(eq(deviceModels.id, device.modelId))
    .get();
  return { device, customer, scheme: model?.tokenScheme ?? 'none' };
}

/** Two offices issuing for one device would collide on counts (docs/domain.md §8.1). */
export function requireOwnedHere(ctx: Ctx, device: DeviceRow, opg: OpgRow): void {
  const office = requireOffice(ctx.db);
  if (opg.owningOfficeId === office.id) return;
  const owner = ctx.db
    .select({ code: offices.code })
    .from(offices)
    .where(eq(offices.id, opg.owningOfficeId))
    .get();
  throw conflict(
    `Tokens for ${device.serial} are issued by office ${owner?.code ?? 'another office'}; ` +
      'take the payment there, or hand the device over to this office first.',
  );
}

/**
 * Credit from earlier payments joins the amount before allocation (docs/domain.md §5: leftovers
 * stay on the account, to be spent later). The spent credit is its own negative 'credit' part, so
 * the parts still add up to the amount handed over.
 */
function withCredit(amount: number, credit: number, allocated: AllocationPart[]): AllocationPart[] {
  return credit === 0 ? allocated : [{ kind: 'credit', amount: -credit }, ...allocated];
}

export function fundsOf(ctx: Ctx, amount: number, credit: number): number {
  const funds = amount + credit;
  if (funds <= 0) {
    const currency = readSettings(ctx.db).currency;
    throw new AppError(
      'VALIDATION',
      `The customer owes ${formatMoney(-credit, currency)} from a reversed payment; take more than that.`,
      { issues: [{ field: 'amountMinor', message: 'does not cover what the customer owes' }] },
    );
  }
  return funds;
}

/** Every check of a sale, in an order that gives the most useful refusal; writes nothing. */
function planSale(ctx: Ctx, deviceId: string, amount: number): Sale {
  const { counter, currency } = readSettings(ctx.db);
  if (amount > counter.maxPaymentMinor) {
    throw new AppError(
      'VALIDATION',
      `The amount is above the largest payment allowed at the counter (${formatMoney(counter.maxPaymentMinor, currency)}, see Settings).`,
      { issues: [{ field: 'amountMinor', message: 'is above the counter ceiling' }] },
    );
  }
  const found = loadSaleDevice(ctx, deviceId);
  return found.device.kind === 'meter'
    ? planEnergySale(ctx, found, amount)
    : planDaysSale(ctx, found, amount);
}

type Found = ReturnType<typeof loadSaleDevice>;

/**
 * A postpaid meter's payment settles the customer's open invoices, oldest first (docs/domain.md
 * §7); what is left is credit on the account for the next invoices.
 */
function planInvoiceSale(ctx: Ctx, { device, customer, scheme }: Found, amount: number): Sale {
  const parts: AllocationPart[] = [];
  let rest = amount;
  for (const inv of openInvoices(ctx, customer.id).invoices) {
    if (rest === 0) break;
    const pay = Math.min(rest, inv.openMinor);
    if (pay <= 0) continue;
    parts.push({ kind: 'invoice', invoiceId: inv.id, amount: pay });
    rest -= pay;
  }
  if (rest > 0) parts.push({ kind: 'account_credit', amount: rest });
  return {
    device,
    customer,
    sale: 'invoices',
    scheme,
    opg: null,
    dailyPrice: null,
    unitPrice: null,
    parts,
    days: 0,
    wh: 0,
    chunks: [],
    unlocks: false,
    outstanding: 0,
    warnings: parts.some((p) => p.kind === 'invoice')
      ? []
      : ['No invoice is open: the whole amount is kept as credit for the next invoices.'],
    accessDebt: 0,
    creditBalance: creditBalance(ctx, customer.id),
    creditUsed: 0,
  };
}

function planEnergySale(ctx: Ctx, found: Found, amount: number): Sale {
  if (found.device.billingMode === 'postpaid') return planInvoiceSale(ctx, found, amount);
  const { device, customer, scheme } = found;
  if (scheme === 'openpaygo') {
    throw conflict(
      `${device.serial} is a meter with OpenPAYGO tokens; GridDesk sells OpenPAYGO devices by days. ` +
        'Set its model to STS custody or no token.',
    );
  }
  if (!device.tariffId) {
    throw conflict(`${device.serial} has no tariff; a manager must put it on one before selling.`);
  }
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  const version = tariffInForce(
    ctx.db.select().from(tariffVersions).where(eq(tariffVersions.tariffId, device.tariffId)).all(),
    today,
  );
  if (!version) {
    throw conflict(`The tariff of ${device.serial} has no version in force on ${today}.`);
  }
  const unitPrice = prepaidUnitPrice(version.definition);
  const debt = accessDebt(ctx, device.id).owedMinor;
  const credit = creditBalance(ctx, customer.id);
  const allocation = allocatePayment({
    amount: fundsOf(ctx, amount, credit),
    steps: { instalments: false, accessDebt: readSettings(ctx.db).counter.payAccessDebtFirst },
    overdueInstalments: [],
    accessDebt: debt,
    purchase: {
      kind: 'energy',
      price: unitPrice,
      resolutionWh: ENERGY_RESOLUTION_WH,
      minimumPurchase: version.definition.minimumPurchaseMinor,
    },
  });
  if (!allocation.ok) {
    const currency = readSettings(ctx.db).currency;
    const minimum = formatMoney(version.definition.minimumPurchaseMinor, currency);
    throw new AppError(
      'VALIDATION',
      allocation.reason === 'minimum'
        ? `After the access-charge debt, ${formatMoney(allocation.residual, currency)} is left, ` +
            `below the minimum purchase of ${minimum}. Take a larger amount, or exactly the debt.`
        : allocation.message,
      { issues: [{ field: 'amountMinor', message: 'is below the minimum purchase' }] },
    );
  }
  const parts = withCredit(amount, credit, allocation.parts);
  const wh = parts.reduce((sum, p) => (p.kind === 'energy' ? sum + p.wh : sum), 0);
  return {
    device,
    customer,
    sale: 'energy',
    scheme,
    opg: null,
    dailyPrice: null,
    unitPrice,
    parts,
    days: 0,
    wh,
    chunks: [],
    unlocks: false,
    outstanding: 0,
    // The pending vendor token is part of the result (vendorToken), shown by every door.
    warnings: [],
    accessDebt: debt,
    creditBalance: credit,
    creditUsed: credit,
  };
}

function planDaysSale(ctx: Ctx, { device, customer, scheme }: Found, amount: number): Sale {
  const opg = ctx.db
    .select()
    .from(openpaygoDevices)
    .where(eq(openpaygoDevices.deviceId, device.id))
    .get();
  if (scheme !== 'openpaygo' || !opg) {
    throw conflict(
      `${device.serial} has no OpenPAYGO credentials, so GridDesk cannot issue its tokens.`,
    );
  }
  requireOwnedHere(ctx, device, opg);
  const plan = ctx.db.select().from(paygPlans).where(eq(paygPlans.deviceId, device.id)).get();
  if (!plan) {
    throw conflict(`${device.serial} has no PAYG plan; a manager must set its price per day.`);
  }
  const credit = creditBalance(ctx, customer.id);
  const allocation = allocatePayment({
    amount: fundsOf(ctx, amount, credit),
    // No instalments or access debt exist yet for PAYG devices: the whole amount buys days.
    steps: { instalments: false, accessDebt: false },
    overdueInstalments: [],
    accessDebt: 0,
    purchase: {
      kind: 'days',
      dailyPrice: plan.dailyPriceMinor,
      minimumPurchase: plan.dailyPriceMinor,
    },
  });
  if (!allocation.ok) {
    const currency = readSettings(ctx.db).currency;
    throw new AppError(
      'VALIDATION',
      `The amount is below one day's price (${formatMoney(plan.dailyPriceMinor, currency)}).`,
      { issues: [{ field: 'amountMinor', message: 'is below one day of the PAYG plan' }] },
    );
  }
  const parts = withCredit(amount, credit, allocation.parts);
  const days = parts.reduce((sum, p) => (p.kind === 'days' ? sum + p.days : sum), 0);
  const bought = parts.reduce((sum, p) => (p.kind === 'days' ? sum + p.amount : sum), 0);
  const chunks = splitDays(days, opg.timeDivider, usesExtendedTokens(ctx, device.modelId));
  const outstanding = outstandingTokens(ctx, device.id);
  if (outstanding + chunks.length > OUTSTANDING_BLOCK_AT) {
    throw conflict(
      `${device.serial} has ${outstanding} tokens not yet confirmed entered` +
        (chunks.length > 1 ? ` and this payment needs ${chunks.length} more` : '') +
        `. Ask the customer which tokens they entered and confirm them (at most ` +
        `${OUTSTANDING_BLOCK_AT} may be outstanding), or take a smaller amount.`,
    );
  }
  const warnings: string[] = [];
  if (outstanding + chunks.length >= OUTSTANDING_WARN_AT) {
    warnings.push(
      `${outstanding + chunks.length} tokens for ${device.serial} will be unconfirmed: ask the ` +
        `customer to enter them and confirm them; sales stop at ${OUTSTANDING_BLOCK_AT}.`,
    );
  }
  const unlocks =
    plan.totalPriceMinor !== null &&
    paidTowardsDevice(ctx, device.id) + bought >= plan.totalPriceMinor &&
    !unlockIssued(ctx, device.id);
  const lastCount = chunks.length * 2 + (unlocks ? 2 : 0) + opg.count;
  if (lastCount > MAX_COUNT) {
    throw conflict(`${device.serial} has used up its token counts; contact the manufacturer.`);
  }
  return {
    device,
    customer,
    sale: 'days',
    scheme,
    opg,
    dailyPrice: plan.dailyPriceMinor,
    unitPrice: null,
    parts,
    days,
    wh: 0,
    chunks,
    unlocks,
    outstanding,
    warnings,
    accessDebt: 0,
    creditBalance: credit,
    creditUsed: credit,
  };
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

export function allocationsOf(ctx: Ctx, paymentId: string): PaymentAllocation[] {
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

export function tokensWhere(ctx: Ctx, where: SQL | undefined): IssuedToken[] {
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

export function paymentView(ctx: Ctx, row: PaymentRow): Payment {
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

export function insertPayment(ctx: Ctx, row: PaymentRow, parts: PaymentAllocation[]): void {
  ctx.db.insert(payments).values(row).run();
  if (parts.length === 0) return;
  ctx.db
    .insert(paymentAllocations)
    .values(
      parts.map((p) => ({
        id: ctx.ids.newId(),
        paymentId: row.id,
        kind: p.kind,
        amountMinor: p.amountMinor,
        days: p.days,
        wh: p.wh,
        refId: p.refId,
      })),
    )
    .run();
}

export function receiptNumber(ctx: Ctx, officeCode: string): string {
  return `${officeCode}-R-${String(nextCounter(ctx.db, 'receipt')).padStart(6, '0')}`;
}

/**
 * The sale's ADD_TIME tokens (and the unlock token at payoff), each at the next count, and the
 * device's new count: all inside the payment's transaction. Returns the last count used.
 */
export function issueSaleTokens(
  ctx: Ctx,
  sale: Pick<Sale, 'device' | 'chunks' | 'unlocks'>,
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
    ctx.db
      .insert(tokens)
      .values({
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
      })
      .run();
    count = encoded.count;
  };
  for (const days of sale.chunks) issue('ADD_TIME', valueForDays(days, opg.timeDivider));
  // Contract payoff (docs/domain.md §6): the unlock token comes once, with the payment that
  // completes it.
  if (sale.unlocks) issue('DISABLE_PAYG', undefined);
  if (count !== opg.count) {
    ctx.db
      .update(openpaygoDevices)
      .set({ count, updatedHlc: ctx.hlc.next() })
      .where(eq(openpaygoDevices.deviceId, sale.device.id))
      .run();
  }
  return count;
}

export const setPaygPlan: Handler<'devices.setPaygPlan'> = (ctx, input) => {
  const device = loadDevice(ctx, input.deviceId);
  if (device.kind === 'meter') {
    throw new AppError(
      'VALIDATION',
      'Meters are sold energy, not days: a PAYG plan is for SHS and e-bikes.',
      {
        issues: [{ field: 'deviceId', message: 'is a meter' }],
      },
    );
  }
  const contract = ctx.db
    .select({ number: contracts.number })
    .from(contracts)
    .where(and(eq(contracts.deviceId, device.id), eq(contracts.status, 'active')))
    .get();
  if (contract) {
    // The contract's plan is the device's plan now (docs/appliances.md); a second price would
    // disagree with it.
    throw new AppError(
      'VALIDATION',
      `${device.serial} is under contract ${contract.number}: change its plan on the contract.`,
      { issues: [{ field: 'deviceId', message: `is under contract ${contract.number}` }] },
    );
  }
  if (input.totalPriceMinor !== null && input.totalPriceMinor < input.dailyPriceMinor) {
    throw new AppError('VALIDATION', 'The total price must be at least one day of the plan.', {
      issues: [{ field: 'totalPriceMinor', message: 'is below the price per day' }],
    });
  }
  const values = {
    deviceId: device.id,
    dailyPriceMinor: input.dailyPriceMinor,
    totalPriceMinor: input.totalPriceMinor,
    createdAt: ctx.clock.nowIso(),
    updatedHlc: ctx.hlc.next(),
  };
  ctx.db
    .insert(paygPlans)
    .values(values)
    .onConflictDoUpdate({
      target: paygPlans.deviceId,
      // created_at stays: it says when the device first got a plan.
      set: {
        dailyPriceMinor: values.dailyPriceMinor,
        totalPriceMinor: values.totalPriceMinor,
        updatedHlc: values.updatedHlc,
      },
    })
    .run();
  const currency = readSettings(ctx.db).currency;
  noteAudit(
    ctx,
    `Set the PAYG plan of ${device.serial}: ${formatMoney(input.dailyPriceMinor, currency)} a day` +
      (input.totalPriceMinor === null
        ? ''
        : `, unlocked at ${formatMoney(input.totalPriceMinor, currency)}`),
    [device.id],
  );
  return {
    deviceId: device.id,
    dailyPriceMinor: input.dailyPriceMinor,
    totalPriceMinor: input.totalPriceMinor,
  };
};

export const preview: Handler<'payments.preview'> = (ctx, input) => {
  const sale = planSale(ctx, input.deviceId, input.amountMinor);
  return {
    customer: sale.customer,
    sale: sale.sale,
    tokenScheme: sale.scheme,
    dailyPriceMinor: sale.dailyPrice,
    unitPriceMilliMinorPerKwh: sale.unitPrice,
    allocations: sale.parts.map(partView),
    days: sale.days,
    wh: sale.wh,
    accessDebtMinor: sale.accessDebt,
    creditUsedMinor: sale.creditUsed,
    tokenCount: sale.chunks.length,
    unlocks: sale.unlocks,
    outstandingTokens: sale.outstanding,
    warnings: sale.warnings,
    creditBalanceMinor: sale.creditBalance,
  };
};

export const record: Handler<'payments.record'> = (ctx, input) => {
  // Idempotency first: a retried submission must find the first one before any check can differ.
  const existing = ctx.db
    .select()
    .from(payments)
    .where(eq(payments.submissionKey, input.submissionKey))
    .get();
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
  insertPayment(ctx, row, sale.parts.map(partView));

  const count = sale.opg ? issueSaleTokens(ctx, sale, sale.opg, row.id, now) : null;
  if (sale.scheme === 'sts' && sale.wh > 0) {
    ctx.db
      .insert(stsRequests)
      .values({
        id: ctx.ids.newId(),
        officeId: office.id,
        paymentId: row.id,
        deviceId: sale.device.id,
        wh: sale.wh,
        amountMinor: sale.parts.reduce((sum, p) => (p.kind === 'energy' ? sum + p.amount : sum), 0),
        createdAt: now,
      })
      .run();
  }

  const issued = tokensWhere(ctx, eq(tokens.paymentId, row.id));
  const currency = readSettings(ctx.db).currency;
  const bought =
    sale.sale === 'days'
      ? `${sale.days} days, token count ${count ?? 0}${sale.unlocks ? ', unlocked for good' : ''}`
      : sale.sale === 'invoices'
        ? `${sale.parts.filter((p) => p.kind === 'invoice').length} invoice(s) settled`
        : `${formatKwh(sale.wh)} kWh${sale.scheme === 'sts' && sale.wh > 0 ? ', vendor token pending' : ''}`;
  noteAudit(
    ctx,
    `Received ${formatMoney(input.amountMinor, currency)} ${input.method.replace('_', ' ')} from ` +
      `${sale.customer.accountNumber} for ${sale.device.serial}: ${bought} (${row.receiptNumber})`,
    [row.id, sale.customer.id, sale.device.id],
  );
  return {
    payment: paymentView(ctx, row),
    allocations: sale.parts.map(partView),
    token: firstTokenSummary(issued),
    tokens: issued,
    vendorToken: vendorTokenOfPayment(ctx, row.id),
    duplicate: false,
    warnings: sale.warnings,
  };
};

export const reverse: Handler<'payments.reverse'> = (ctx, input) => {
  requireDayOpen(ctx);
  const original = ctx.db.select().from(payments).where(eq(payments.id, input.paymentId)).get();
  if (!original) throw new AppError('NOT_FOUND', 'That payment does not exist.');
  if (original.reversalOf !== null) {
    throw conflict(`${original.receiptNumber} is itself a reversal; it cannot be reversed.`);
  }
  const earlier = ctx.db
    .select({ receiptNumber: payments.receiptNumber })
    .from(payments)
    .where(eq(payments.reversalOf, original.id))
    .get();
  if (earlier) {
    throw conflict(
      `${original.receiptNumber} was already reversed (receipt ${earlier.receiptNumber}).`,
    );
  }
  const office = requireOffice(ctx.db);
  if (original.officeId !== office.id) {
    throw conflict(`${original.receiptNumber} was taken by another office; reverse it there.`);
  }
  const row: PaymentRow = {
    ...original,
    id: ctx.ids.newId(),
    receiptNumber: receiptNumber(ctx, office.code),
    // Derived from the original, so the unique key also stops a second reversal at the database.
    submissionKey: `reversal:${original.id}`,
    amountMinor: -original.amountMinor,
    receivedAt: ctx.clock.nowIso(),
    cashierUserId: ctx.actor.userId,
    cashierName: ctx.actor.name,
    reversalOf: original.id,
    reason: input.reason,
  };
  const parts = allocationsOf(ctx, original.id).map((a) => ({
    ...a,
    amountMinor: -a.amountMinor,
    days: a.days === null ? null : -a.days,
    wh: a.wh === null ? null : -a.wh,
  }));
  insertPayment(ctx, row, parts);
  const kept = tokensWhere(ctx, eq(tokens.paymentId, original.id)).length;
  const message =
    kept === 0
      ? `Reversed ${original.receiptNumber}.`
      : `Reversed ${original.receiptNumber}. ${kept} token${kept === 1 ? ' was' : 's were'} ` +
        'already issued and cannot be taken back: the device keeps the days it was given.';
  const currency = readSettings(ctx.db).currency;
  noteAudit(
    ctx,
    `Reversed ${original.receiptNumber} (${formatMoney(original.amountMinor, currency)}) as ` +
      `${row.receiptNumber}: ${input.reason}; ${kept} token(s) kept`,
    [row.id, original.id, original.customerId],
  );
  return { reversal: paymentView(ctx, row), allocations: parts, tokensKept: kept, message };
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

/** Customer credit: leftovers of purchases, less what later payments used (docs/domain.md §5). */
export function creditBalance(ctx: Ctx, customerId: string): number {
  const row = ctx.db
    .select({ total: sql<number>`coalesce(sum(${paymentAllocations.amountMinor}), 0)` })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(and(eq(payments.customerId, customerId), eq(paymentAllocations.kind, 'credit')))
    .get();
  return row?.total ?? 0;
}
