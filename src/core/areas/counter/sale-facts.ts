// The facts of a sale at the counter, loaded for the domain's decision (domain/sale.ts): the
// device, its customer, tariff or PAYG plan, credentials and what it was paid so far.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { planSale as planDomainSale, type SaleFacts, type SalePlan } from '../../../domain/sale';
import { formatMoney } from '../../../domain/money';
import { prepaidUnitPrice, tariffInForce } from '../../../domain/tariff';
import type { QueryContext } from '../../context';
import { prepared } from '../../db/prepared';
import {
  deviceModels,
  devices,
  openpaygoDevices,
  paygPlans,
  paymentAllocations,
  payments,
  tariffVersions,
  tokens,
} from '../../db/schema';
import { accessDebt } from './access-charges';
import { openInvoices } from '../accounts/queries';
import { officeToday, readSettings } from '../shared/office';
import {
  creditBalance,
  customerOf,
  outstandingTokens,
  refusalError,
  requireOwnedHere,
  usesExtendedTokens,
  paygTokenHistory,
} from './queries';

type OpgRow = typeof openpaygoDevices.$inferSelect;

/** What the device has paid towards its plan: 'days' parts, reversals included (negative). */
function paidTowardsDevice(ctx: QueryContext, deviceId: string): number {
  const row = prepared(ctx.db, 'payments.paidTowardsDevice', (d) =>
    d
      .select({ total: sql<number>`coalesce(sum(${paymentAllocations.amountMinor}), 0)` })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(
        and(
          eq(payments.deviceId, sql.placeholder('deviceId')),
          eq(paymentAllocations.kind, 'days'),
        ),
      )
      .prepare(),
  ).get({ deviceId });
  return row?.total ?? 0;
}

function unlockIssued(ctx: QueryContext, deviceId: string): boolean {
  const row = prepared(ctx.db, 'payments.unlockIssued', (d) =>
    d
      .select({ id: tokens.id })
      .from(tokens)
      .where(and(eq(tokens.deviceId, sql.placeholder('deviceId')), eq(tokens.type, 'DISABLE_PAYG')))
      .limit(1)
      .prepare(),
  ).get({ deviceId });
  return row !== undefined;
}

type DeviceRow = typeof devices.$inferSelect;
type Currency = SaleFacts['currency'];

/** A planned sale with the rows it concerns: what `record` stores and `preview` shows. */
export interface Sale {
  device: DeviceRow;
  customer: { id: string; accountNumber: string; name: string };
  scheme: 'openpaygo' | 'sts' | 'none';
  /** Lockable devices only. */
  opg: OpgRow | null;
  plan: SalePlan;
}

function loadSaleDevice(ctx: QueryContext, deviceId: string) {
  const device = prepared(ctx.db, 'payments.saleDevice', (d) =>
    d
      .select()
      .from(devices)
      .where(and(eq(devices.id, sql.placeholder('id')), isNull(devices.deletedAt)))
      .prepare(),
  ).get({ id: deviceId });
  if (!device) {
    throw new AppError('VALIDATION', 'That device does not exist (or was deleted).', {
      issues: [{ field: 'deviceId', message: 'does not exist' }],
    });
  }
  if (!device.customerId) {
    throw new AppError(
      'CONFLICT',
      `${device.serial} is not assigned to a customer; assign it before selling.`,
    );
  }
  const customer = customerOf(ctx, device.customerId);
  const model = prepared(ctx.db, 'payments.modelScheme', (d) =>
    d
      .select({ tokenScheme: deviceModels.tokenScheme })
      .from(deviceModels)
      .where(eq(deviceModels.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: device.modelId });
  return { device, customer, scheme: model?.tokenScheme ?? 'none' };
}

/**
 * Loads the facts of a sale (refusing what cannot be sold at all: no device, no customer, no
 * tariff, no credentials, no plan), then lets the domain decide (domain/sale.ts); writes nothing.
 */
export function planSale(ctx: QueryContext, deviceId: string, amount: number): Sale {
  const { counter, currency } = readSettings(ctx.db);
  if (amount > counter.maxPaymentMinor) {
    throw new AppError(
      'VALIDATION',
      `The amount is above the largest payment allowed at the counter (${formatMoney(counter.maxPaymentMinor, currency)}, see Settings).`,
      { issues: [{ field: 'amountMinor', message: 'is above the counter ceiling' }] },
    );
  }
  const found = loadSaleDevice(ctx, deviceId);
  const { facts, opg } =
    found.device.kind === 'meter'
      ? { facts: energySaleFacts(ctx, found, amount, currency), opg: null }
      : daysSaleFacts(ctx, found, amount, currency);
  const decision = planDomainSale(facts);
  if (!decision.ok) throw refusalError(decision.refusal);
  return {
    device: found.device,
    customer: found.customer,
    scheme: found.scheme,
    opg,
    plan: decision.plan,
  };
}

type Found = ReturnType<typeof loadSaleDevice>;

function energySaleFacts(
  ctx: QueryContext,
  found: Found,
  amount: number,
  currency: Currency,
): SaleFacts {
  const { device, customer, scheme } = found;
  const credit = creditBalance(ctx, customer.id);
  const common = { amount, currency, serial: device.serial, credit };
  if (device.billingMode === 'postpaid') {
    return { kind: 'invoices', ...common, openInvoices: openInvoices(ctx, customer.id).invoices };
  }
  if (scheme === 'openpaygo') {
    throw new AppError(
      'CONFLICT',
      `${device.serial} is a meter with OpenPAYGO tokens; GridDesk sells OpenPAYGO devices by days. ` +
        'Set its model to STS custody or no token.',
    );
  }
  if (!device.tariffId) {
    throw new AppError(
      'CONFLICT',
      `${device.serial} has no tariff; a manager must put it on one before selling.`,
    );
  }
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  const version = tariffInForce(
    ctx.db.select().from(tariffVersions).where(eq(tariffVersions.tariffId, device.tariffId)).all(),
    today,
  );
  if (!version) {
    throw new AppError(
      'CONFLICT',
      `The tariff of ${device.serial} has no version in force on ${today}.`,
    );
  }
  return {
    kind: 'energy',
    ...common,
    accessDebt: accessDebt(ctx, device.id).owedMinor,
    payAccessDebtFirst: readSettings(ctx.db).counter.payAccessDebtFirst,
    unitPrice: prepaidUnitPrice(version.definition),
    minimumPurchase: version.definition.minimumPurchaseMinor,
  };
}

function daysSaleFacts(
  ctx: QueryContext,
  { device, customer, scheme }: Found,
  amount: number,
  currency: Currency,
): { facts: SaleFacts; opg: OpgRow } {
  const opg = prepared(ctx.db, 'payments.openpaygo', (d) =>
    d
      .select()
      .from(openpaygoDevices)
      .where(eq(openpaygoDevices.deviceId, sql.placeholder('deviceId')))
      .prepare(),
  ).get({ deviceId: device.id });
  if (scheme !== 'openpaygo' || !opg) {
    throw new AppError(
      'CONFLICT',
      `${device.serial} has no OpenPAYGO credentials, so GridDesk cannot issue its tokens.`,
    );
  }
  requireOwnedHere(ctx, device, opg);
  const plan = prepared(ctx.db, 'payments.paygPlan', (d) =>
    d
      .select()
      .from(paygPlans)
      .where(eq(paygPlans.deviceId, sql.placeholder('deviceId')))
      .prepare(),
  ).get({ deviceId: device.id });
  if (!plan) {
    throw new AppError(
      'CONFLICT',
      `${device.serial} has no PAYG plan; a manager must set its price per day.`,
    );
  }
  const facts: SaleFacts = {
    kind: 'days',
    amount,
    currency,
    serial: device.serial,
    credit: creditBalance(ctx, customer.id),
    dailyPrice: plan.dailyPriceMinor,
    totalPrice: plan.totalPriceMinor,
    paidTowardsDevice: paidTowardsDevice(ctx, device.id),
    unlockIssued: unlockIssued(ctx, device.id),
    outstanding: outstandingTokens(ctx, device.id),
    count: opg.count,
    timeDivider: opg.timeDivider,
    extendedTokens: usesExtendedTokens(ctx, device.modelId),
    history: paygTokenHistory(ctx, device.id, null),
    now: ctx.clock.nowIso(),
  };
  return { facts, opg };
}
