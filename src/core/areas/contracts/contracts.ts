// Appliance contracts (docs/domain.md §6, docs/appliances.md). The rules are in
// domain/contracts: this file loads the facts (the contract, its live schedule, what it was paid),
// asks the domain, and writes the plan it gets back inside the dispatcher's one transaction: the
// payment, its allocations, its tokens and the device's new count together, like the counter.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { AppError, type ContractView, type IssuedToken } from '../../../contract';
import { CONTRACT_STATUS_LABELS } from '../../../domain/contracts/status';
import {
  contractBalance,
  planContractPayment,
  saleDays,
  statusAfterReversal,
  type ContractPaymentPlan,
  type ContractTerms,
} from '../../../domain/contracts/payment';
import { planCancellation } from '../../../domain/contracts/cancel';
import { REMIND_DAYS_BEFORE, reminderFor } from '../../../domain/contracts/reminders';
import {
  CURVE_DAYS,
  repaymentCurves,
  type CohortContract,
} from '../../../domain/contracts/portfolio';
import {
  buildSchedule,
  instalmentStates,
  reschedule as rescheduleDomain,
  type Instalment,
} from '../../../domain/contracts/schedule';
import { formatMoney } from '../../../domain/money';
import { MAX_COUNT } from '../../../domain/openpaygo/token';
import { renderContractPdf } from '../../contracts/contract-pdf';
import { renderCallListPdf } from '../../contracts/call-list-pdf';
import { localDate } from '../../../domain/time';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import {
  appliances,
  contractEvents,
  contractInstalments,
  contractReminders,
  contracts,
  customers,
  devices,
  openpaygoDevices,
  paymentAllocations,
  payments,
  tokens,
} from '../../db/schema';
import { OUTSTANDING_BLOCK_AT, OUTSTANDING_WARN_AT, splitDays } from '../../../domain/sale';
import { nextCounter } from '../shared/counters';
import { displayName } from '../registry/queries';
import { requireDayOpen } from '../counter/queries';
import { recordDeviceEvent } from '../registry';
import { officeToday, readSettings, requireOffice } from '../shared/office';
import { prepared } from '../../db/prepared';
import {
  insertPayment,
  issueSaleTokens,
  previewSale,
  receiptNumber,
  recordSale,
  reversePayment,
} from '../counter';
import { csvExport } from '../shared/lists';
import {
  allocationsOf,
  creditBalance,
  firstTokenSummary,
  fundsOf,
  outstandingTokens,
  paymentOfSubmission,
  paymentView,
  requireOwnedHere,
  tokensWhere,
  usesExtendedTokens,
} from '../counter/queries';
import type { Handler } from '../shared/types';
import { factsOf, statement } from './queries';

type Ctx = ServiceContext;
type ContractRow = typeof contracts.$inferSelect;
type InstalmentRow = typeof contractInstalments.$inferSelect;
type DeviceRow = typeof devices.$inferSelect;

const LOCKABLE_TYPES = new Set(['shs', 'ebike']);

function invalid(field: string, message: string, summary?: string): AppError {
  return new AppError('VALIDATION', summary ?? `${field} ${message}`, {
    issues: [{ field, message }],
  });
}

function conflict(message: string): AppError {
  return new AppError('CONFLICT', message);
}

export function today(ctx: QueryContext): string {
  return officeToday(ctx.db, ctx.clock.nowMs());
}

function money(ctx: QueryContext, minor: number): string {
  return formatMoney(minor, readSettings(ctx.db).currency);
}

function loadContract(ctx: QueryContext, id: string, field = 'contractId'): ContractRow {
  const row = ctx.db.select().from(contracts).where(eq(contracts.id, id)).get();
  if (!row) throw invalid(field, 'does not exist', 'That contract does not exist.');
  return row;
}

function liveInstalments(ctx: QueryContext, contractId: string): InstalmentRow[] {
  return ctx.db
    .select()
    .from(contractInstalments)
    .where(
      and(eq(contractInstalments.contractId, contractId), isNull(contractInstalments.deletedAt)),
    )
    .orderBy(contractInstalments.seq)
    .all();
}

/** Paid towards the contract so far (down payment and reversals included). */
export function paidOn(ctx: QueryContext, contract: ContractRow): number {
  const total = statement(
    ctx,
    'paid-on',
    () => `SELECT coalesce(sum(amount_minor), 0) FROM payment_allocations
      WHERE ref_id = ? AND kind IN ('down_payment', 'contract')`,
  )
    .pluck()
    .get(contract.id) as number;
  return contract.openingPaidMinor + total;
}

function toInstalment(i: InstalmentRow): Instalment {
  return { seq: i.seq, dueDate: i.dueDate, amount: i.amountMinor, periodDays: i.periodDays };
}

function termsOf(c: ContractRow, instalments: readonly InstalmentRow[]): ContractTerms {
  return {
    plan: c.plan,
    price: c.priceMinor,
    downPayment: c.downPaymentMinor,
    instalments: instalments.map(toInstalment),
    dailyPrice: c.dailyPriceMinor,
    minimumPayment: c.minimumPaymentMinor,
    unlockTotal: c.unlockTotalMinor,
  };
}

function person(ctx: QueryContext, customerId: string) {
  const c = ctx.db.select().from(customers).where(eq(customers.id, customerId)).get();
  return c
    ? { id: c.id, accountNumber: c.accountNumber, name: displayName(c) }
    : { id: customerId, accountNumber: '?', name: '?' };
}

function serialOf(ctx: QueryContext, deviceId: string | null): string | null {
  if (!deviceId) return null;
  return (
    ctx.db.select({ serial: devices.serial }).from(devices).where(eq(devices.id, deviceId)).get()
      ?.serial ?? null
  );
}

function viewOf(ctx: QueryContext, c: ContractRow, asOf: string): ContractView {
  const facts = factsOf(ctx, asOf, { id: c.id })[0];
  const s = facts?.standing;
  const open = c.status === 'active' && s !== undefined;
  return {
    id: c.id,
    number: c.number,
    customer: person(ctx, c.customerId),
    applianceId: c.applianceId,
    item: c.item,
    deviceId: c.deviceId,
    deviceSerial: serialOf(ctx, c.deviceId),
    priceMinor: c.priceMinor,
    priceReason: c.priceReason,
    downPaymentMinor: c.downPaymentMinor,
    plan: c.plan,
    frequency: c.frequency,
    dailyPriceMinor: c.dailyPriceMinor,
    minimumPaymentMinor: c.minimumPaymentMinor,
    unlockTotalMinor: c.unlockTotalMinor,
    graceDays: c.graceDays,
    saleDate: c.saleDate,
    status: c.status,
    statusReason: c.statusReason,
    writtenOffMinor: c.writtenOffMinor,
    paidMinor: facts?.row.paid ?? paidOn(ctx, c),
    totalMinor: c.plan === 'instalments' ? c.priceMinor : c.unlockTotalMinor,
    asOf,
    // A closed contract is no longer owed: it stands at nothing outstanding and nothing late.
    standing: open
      ? {
          outstandingMinor: s.outstanding,
          arrearsMinor: s.arrears,
          daysLate: s.daysLate,
          overdue: s.overdue,
          oldestUnpaidDue: s.oldestUnpaidDue,
        }
      : {
          outstandingMinor: 0,
          arrearsMinor: 0,
          daysLate: 0,
          overdue: false,
          oldestUnpaidDue: null,
        },
    soldBy: c.soldBy,
    agent: c.agent,
  };
}

function instalmentViews(
  c: ContractRow,
  rows: readonly InstalmentRow[],
  paid: number,
  asOf: string,
) {
  const states = instalmentStates(rows.map(toInstalment), paid - c.downPaymentMinor);
  return rows.map((r, k) => {
    const s = states[k];
    const outstanding = s?.outstanding ?? r.amountMinor;
    return {
      id: r.id,
      seq: r.seq,
      dueDate: r.dueDate,
      amountMinor: r.amountMinor,
      periodDays: r.periodDays,
      paidMinor: s?.paid ?? 0,
      outstandingMinor: outstanding,
      late: c.status === 'active' && outstanding > 0 && r.dueDate < asOf,
    };
  });
}

function event(
  ctx: Ctx,
  c: ContractRow,
  kind: (typeof contractEvents.$inferInsert)['event'],
  fields: { paymentId?: string; customerId?: string; amountMinor?: number; note?: string } = {},
): void {
  ctx.db
    .insert(contractEvents)
    .values({
      id: ctx.ids.newId(),
      officeId: requireOffice(ctx.db).id,
      contractId: c.id,
      at: ctx.clock.nowIso(),
      event: kind,
      paymentId: fields.paymentId ?? null,
      customerId: fields.customerId ?? null,
      amountMinor: fields.amountMinor ?? null,
      note: fields.note ?? null,
      actor: ctx.actor.name,
    })
    .run();
}

function insertInstalments(ctx: Ctx, c: ContractRow, list: readonly Instalment[], cumFrom: number) {
  if (list.length === 0) return;
  const now = ctx.clock.nowIso();
  const hlc = ctx.hlc.next();
  let cum = cumFrom;
  const rows = list.map((i) => {
    cum += i.amount;
    return {
      id: ctx.ids.newId(),
      officeId: c.officeId,
      contractId: c.id,
      seq: i.seq,
      dueDate: i.dueDate,
      amountMinor: i.amount,
      periodDays: i.periodDays,
      cumThroughMinor: cum,
      createdAt: now,
      updatedHlc: hlc,
    };
  });
  // SQLite takes at most 32766 bound values per statement: 10 columns x 500 rows stays far below.
  for (let k = 0; k < rows.length; k += 500) {
    ctx.db
      .insert(contractInstalments)
      .values(rows.slice(k, k + 500))
      .run();
  }
}

/** OpenPAYGO state of a lockable contract's device, refused when tokens cannot be issued here. */
function tokenDevice(ctx: QueryContext, device: DeviceRow) {
  const opg = ctx.db
    .select()
    .from(openpaygoDevices)
    .where(eq(openpaygoDevices.deviceId, device.id))
    .get();
  if (!opg) {
    throw conflict(
      `${device.serial} has no OpenPAYGO credentials, so GridDesk cannot issue its tokens.`,
    );
  }
  requireOwnedHere(ctx, device, opg);
  return opg;
}

/** Token chunks of a payment, with the device's outstanding-token limits (docs/domain.md §8.1). */
function tokenPlan(ctx: QueryContext, device: DeviceRow, days: number, unlocks: boolean) {
  const opg = tokenDevice(ctx, device);
  const chunks = splitDays(days, opg.timeDivider, usesExtendedTokens(ctx, device.modelId));
  const outstanding = outstandingTokens(ctx, device.id);
  if (outstanding + chunks.length > OUTSTANDING_BLOCK_AT) {
    throw conflict(
      `${device.serial} has ${outstanding} tokens not yet confirmed entered. Ask the customer ` +
        `which tokens they entered and confirm them (at most ${OUTSTANDING_BLOCK_AT} may be ` +
        'outstanding), or take a smaller amount.',
    );
  }
  if (opg.count + chunks.length * 2 + (unlocks ? 2 : 0) > MAX_COUNT) {
    throw conflict(`${device.serial} has used up its token counts; contact the manufacturer.`);
  }
  const warnings =
    outstanding + chunks.length >= OUTSTANDING_WARN_AT
      ? [
          `${outstanding + chunks.length} tokens for ${device.serial} will be unconfirmed: ask ` +
            `the customer to enter them and confirm them; sales stop at ${OUTSTANDING_BLOCK_AT}.`,
        ]
      : [];
  return { opg, chunks, warnings };
}

function deviceRow(ctx: QueryContext, id: string | null): DeviceRow | null {
  if (!id) return null;
  return ctx.db.select().from(devices).where(eq(devices.id, id)).get() ?? null;
}

// ---------------------------------------------------------------------------------------------
// Sale

function checkSale(ctx: Ctx, input: Parameters<Handler<'contracts.sell'>>[1]) {
  const customer = ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.id, input.customerId), isNull(customers.deletedAt)))
    .get();
  if (!customer) throw invalid('customerId', 'does not exist', 'That customer does not exist.');
  if (customer.status !== 'active') {
    throw invalid(
      'customerId',
      'is inactive',
      `${customer.accountNumber} is inactive; reactivate the customer before selling.`,
    );
  }
  const appliance = ctx.db
    .select()
    .from(appliances)
    .where(and(eq(appliances.id, input.applianceId), isNull(appliances.deletedAt)))
    .get();
  if (!appliance)
    throw invalid('applianceId', 'does not exist', 'That appliance is not in the catalog.');
  if (!appliance.paygEnabled) {
    throw invalid(
      'applianceId',
      'is not sold on credit',
      `${appliance.name} is not sold on pay-as-you-go (see the catalog).`,
    );
  }
  const price = input.priceMinor ?? appliance.priceMinor;
  if (price !== appliance.priceMinor && !input.priceReason) {
    throw invalid(
      'priceReason',
      'is required when the price differs from the catalog',
      `The price differs from the catalog's ${money(ctx, appliance.priceMinor)}: give the reason.`,
    );
  }
  if (input.downPaymentMinor >= price) {
    throw invalid(
      'downPaymentMinor',
      'must be below the price',
      `The down payment (${money(ctx, input.downPaymentMinor)}) must be below the price ` +
        `(${money(ctx, price)}); a sale paid in full is not a contract.`,
    );
  }
  const lockable = LOCKABLE_TYPES.has(appliance.type);
  let device: DeviceRow | null = null;
  if (lockable && !input.deviceId) {
    throw invalid(
      'deviceId',
      'is required for a lockable appliance',
      `${appliance.name} locks by tokens: choose its device from stock.`,
    );
  }
  if (!lockable && input.deviceId) {
    throw invalid(
      'deviceId',
      'must be empty for an appliance that does not lock',
      `${appliance.name} takes no tokens: sell it without a device.`,
    );
  }
  if (input.deviceId) {
    device =
      ctx.db
        .select()
        .from(devices)
        .where(and(eq(devices.id, input.deviceId), isNull(devices.deletedAt)))
        .get() ?? null;
    if (!device) throw invalid('deviceId', 'does not exist', 'That device does not exist.');
    if (device.kind !== appliance.type) {
      throw invalid(
        'deviceId',
        `is a ${device.kind}, not a ${appliance.type}`,
        `${device.serial} is a ${device.kind}, but ${appliance.name} is a ${appliance.type}.`,
      );
    }
    const under = ctx.db
      .select({ number: contracts.number })
      .from(contracts)
      .where(and(eq(contracts.deviceId, device.id), eq(contracts.status, 'active')))
      .get();
    if (under) {
      throw invalid(
        'deviceId',
        `is already under contract ${under.number}`,
        `${device.serial} is already under contract ${under.number}.`,
      );
    }
    if (device.status !== 'in_stock' || device.customerId) {
      throw invalid(
        'deviceId',
        'is not in stock',
        `${device.serial} is not in stock (${device.customerId ? 'it is with a customer' : device.status.replace('_', ' ')}); sell a device from stock.`,
      );
    }
    tokenDevice(ctx, device);
  }
  const saleDate = today(ctx);
  let schedule: Instalment[] = [];
  if (input.plan.kind === 'instalments') {
    if (input.plan.firstDueDate <= saleDate) {
      throw invalid(
        'plan.firstDueDate',
        `must be after the sale date (${saleDate})`,
        `The first instalment must fall due after today (${saleDate}).`,
      );
    }
    const built = buildSchedule({
      financed: price - input.downPaymentMinor,
      count: input.plan.instalmentCount,
      frequency: input.plan.frequency,
      firstDueDate: input.plan.firstDueDate,
    });
    if (!built.ok) throw invalid(`plan.${built.field}`, built.message, `Plan: ${built.message}.`);
    schedule = built.instalments;
  } else if (
    input.plan.unlockTotalMinor !== null &&
    input.plan.unlockTotalMinor !== undefined &&
    input.downPaymentMinor >= input.plan.unlockTotalMinor
  ) {
    throw invalid(
      'downPaymentMinor',
      'must be below the unlock total',
      'The down payment must be below the total that unlocks the device.',
    );
  }
  return { customer, appliance, price, device, schedule, saleDate };
}

export const sell: Handler<'contracts.sell'> = (ctx, input) => {
  const again = ctx.db
    .select()
    .from(contracts)
    .where(eq(contracts.submissionKey, input.submissionKey))
    .get();
  if (again) {
    if (again.customerId !== input.customerId || again.applianceId !== input.applianceId) {
      throw conflict(
        `This submission was already recorded as contract ${again.number} for another customer ` +
          'or appliance; start a new sale.',
      );
    }
    const down = ctx.db
      .select({ id: payments.id })
      .from(payments)
      .innerJoin(paymentAllocations, eq(paymentAllocations.paymentId, payments.id))
      .where(
        and(eq(paymentAllocations.refId, again.id), eq(paymentAllocations.kind, 'down_payment')),
      )
      .orderBy(payments.receivedAt)
      .get();
    const payment = down
      ? ctx.db.select().from(payments).where(eq(payments.id, down.id)).get()
      : undefined;
    noteAudit(ctx, `Repeated submission of contract ${again.number}: nothing recorded`, [again.id]);
    const asOf = today(ctx);
    const rows = liveInstalments(ctx, again.id);
    const paid = paidOn(ctx, again);
    return {
      contract: viewOf(ctx, again, asOf),
      instalments: instalmentViews(again, rows, paid, asOf),
      payment: payment ? paymentView(ctx, payment) : null,
      tokens: payment ? tokensWhere(ctx, eq(tokens.paymentId, payment.id)) : [],
      duplicate: true,
    };
  }

  const { customer, appliance, price, device, schedule, saleDate } = checkSale(ctx, input);
  if (input.downPaymentMinor > 0) requireDayOpen(ctx);
  const office = requireOffice(ctx.db);
  const now = ctx.clock.nowIso();
  const perDay = input.plan.kind === 'per_day' ? input.plan : null;
  const row: ContractRow = {
    id: ctx.ids.newId(),
    officeId: office.id,
    number: `${office.code}-C-${String(nextCounter(ctx.db, 'contract')).padStart(6, '0')}`,
    submissionKey: input.submissionKey,
    customerId: customer.id,
    applianceId: appliance.id,
    item: device ? `${appliance.name} ${device.serial}` : appliance.name,
    deviceId: device?.id ?? null,
    priceMinor: price,
    priceReason: price === appliance.priceMinor ? null : input.priceReason,
    downPaymentMinor: input.downPaymentMinor,
    plan: input.plan.kind,
    frequency: input.plan.kind === 'instalments' ? input.plan.frequency : null,
    dailyPriceMinor: perDay?.dailyPriceMinor ?? null,
    minimumPaymentMinor: perDay?.minimumPaymentMinor ?? null,
    unlockTotalMinor: perDay?.unlockTotalMinor ?? null,
    graceDays: input.graceDays,
    saleDate,
    openingPaidMinor: 0,
    status: 'active',
    statusAt: null,
    statusReason: null,
    writtenOffMinor: null,
    termsText: readSettings(ctx.db).contracts.terms,
    soldBy: ctx.actor.name,
    agent: input.agent,
    createdAt: now,
    updatedHlc: ctx.hlc.next(),
  };
  ctx.db.insert(contracts).values(row).run();
  insertInstalments(ctx, row, schedule, 0);

  if (device) {
    const next = {
      ...device,
      customerId: customer.id,
      villageId: customer.villageId,
      status: 'installed' as const,
      installedAt: saleDate,
    };
    ctx.db
      .update(devices)
      .set({ ...next, updatedHlc: ctx.hlc.next() })
      .where(eq(devices.id, device.id))
      .run();
    recordDeviceEvent(ctx, office.id, next, 'assigned', `Sold on contract ${row.number}`);
  }
  event(ctx, row, 'sold', { customerId: customer.id, amountMinor: price });

  let paymentRow: typeof payments.$inferSelect | null = null;
  let issued: IssuedToken[] = [];
  if (input.downPaymentMinor > 0) {
    const terms = termsOf(row, []);
    const days = device ? saleDays(terms, saleDate, schedule[0]?.dueDate ?? null) : 0;
    const plan = device ? tokenPlan(ctx, device, days, false) : null;
    paymentRow = {
      id: ctx.ids.newId(),
      officeId: office.id,
      receiptNumber: receiptNumber(ctx, office.code),
      submissionKey: input.submissionKey,
      customerId: customer.id,
      deviceId: device?.id ?? null,
      amountMinor: input.downPaymentMinor,
      method: input.method,
      reference: input.reference,
      receivedAt: now,
      cashierUserId: ctx.actor.userId,
      cashierName: ctx.actor.name,
      reversalOf: null,
      reason: null,
    };
    insertPayment(ctx, paymentRow, [
      {
        kind: 'down_payment',
        amountMinor: input.downPaymentMinor,
        days: device ? days : null,
        wh: null,
        refId: row.id,
      },
    ]);
    if (device && plan && plan.chunks.length > 0) {
      issueSaleTokens(
        ctx,
        { device, chunks: plan.chunks, unlocks: false },
        plan.opg,
        paymentRow.id,
        now,
      );
    }
    issued = tokensWhere(ctx, eq(tokens.paymentId, paymentRow.id));
  }
  noteAudit(
    ctx,
    `Sold ${row.item} to ${customer.accountNumber} on contract ${row.number}: ` +
      `${money(ctx, price)}, down payment ${money(ctx, input.downPaymentMinor)}, ` +
      (input.plan.kind === 'instalments'
        ? `${input.plan.instalmentCount} ${input.plan.frequency} instalments from ${input.plan.firstDueDate}`
        : `${money(ctx, input.plan.dailyPriceMinor)} a day`) +
      (paymentRow ? ` (${paymentRow.receiptNumber})` : ''),
    [row.id, customer.id, ...(device ? [device.id] : []), ...(paymentRow ? [paymentRow.id] : [])],
  );
  const rows = liveInstalments(ctx, row.id);
  const paid = paidOn(ctx, row);
  return {
    contract: viewOf(ctx, row, saleDate),
    instalments: instalmentViews(row, rows, paid, saleDate),
    payment: paymentRow ? paymentView(ctx, paymentRow) : null,
    tokens: issued,
    duplicate: false,
  };
};

// ---------------------------------------------------------------------------------------------
// Payments

export interface ContractPaymentInput {
  submissionKey: string;
  amountMinor: number;
  method: (typeof payments.$inferSelect)['method'];
  reference: string | null;
}

/** The active contract a device is under, if any: the counter sells its days through it. */
export function activeContractOfDevice(
  ctx: QueryContext,
  deviceId: string,
): ContractRow | undefined {
  // Prepared once: every counter sale asks it first.
  return prepared(ctx.db, 'contracts.activeOfDevice', (d) =>
    d
      .select()
      .from(contracts)
      .where(
        and(eq(contracts.deviceId, sql.placeholder('deviceId')), eq(contracts.status, 'active')),
      )
      .prepare(),
  ).get({ deviceId });
}

/** Whether the contract was ever paid off: its device got its unlock token then. */
function everPaidOff(ctx: QueryContext, contractId: string): boolean {
  return (
    statement(
      ctx,
      'ever-paid-off',
      () => "SELECT 1 FROM contract_events WHERE contract_id = ? AND event = 'paid_off' LIMIT 1",
    ).get(contractId) !== undefined
  );
}

/** Everything a contract payment would do; refusals only, nothing written. */
export function planOnContract(ctx: QueryContext, c: ContractRow, amount: number) {
  if (c.status !== 'active') {
    throw invalid(
      'contractId',
      `is ${CONTRACT_STATUS_LABELS[c.status].toLowerCase()}: it takes no more payments`,
      `Contract ${c.number} is ${CONTRACT_STATUS_LABELS[c.status].toLowerCase()}; it takes no more payments.`,
    );
  }
  const { counter } = readSettings(ctx.db);
  if (amount > counter.maxPaymentMinor) {
    throw invalid(
      'amountMinor',
      'is above the counter ceiling',
      `The amount is above the largest payment allowed at the counter (${money(ctx, counter.maxPaymentMinor)}, see Settings).`,
    );
  }
  const paid = paidOn(ctx, c);
  const credit = creditBalance(ctx, c.customerId);
  const funds = fundsOf(ctx, amount, credit);
  // Only the instalments this money can reach are loaded (a weekly plan may have hundreds): from
  // the first not fully paid one to the one the funds run out in.
  const onInstalments = paid - c.downPaymentMinor;
  const reachable = (
    statement(
      ctx,
      'reachable-instalments',
      () => `SELECT seq, due_date, amount_minor, period_days, cum_through_minor
        FROM contract_instalments
        WHERE contract_id = @id AND deleted_at IS NULL AND cum_through_minor > @paid
          AND cum_through_minor - amount_minor < @reach
        ORDER BY cum_through_minor`,
    ).all({ id: c.id, paid: onInstalments, reach: onInstalments + funds }) as {
      seq: number;
      due_date: string;
      amount_minor: number;
      period_days: number;
      cum_through_minor: number;
    }[]
  ).map((i) => ({
    seq: i.seq,
    dueDate: i.due_date,
    amount: i.amount_minor,
    periodDays: i.period_days,
    cumThrough: i.cum_through_minor,
  }));
  const first = reachable[0];
  const terms: ContractTerms = {
    ...termsOf(c, []),
    instalments: reachable,
    settledInstalments: first ? first.cumThrough - first.amount : 0,
  };
  const unlocked = everPaidOff(ctx, c.id);
  const plan: ContractPaymentPlan = planContractPayment({ terms, paid, amount: funds, unlocked });
  if (!plan.ok) {
    const message =
      plan.field === 'amountMinor' && c.plan === 'per_day'
        ? `The amount is below the plan's minimum payment (${money(ctx, Math.max(c.minimumPaymentMinor ?? 0, c.dailyPriceMinor ?? 0))}).`
        : `Contract ${c.number}: ${plan.field} ${plan.message}.`;
    throw invalid(plan.field, plan.message, message);
  }
  const device = deviceRow(ctx, c.deviceId);
  const tokensNeeded = device ? tokenPlan(ctx, device, plan.days, plan.unlocks) : null;
  const parts = [
    ...(credit === 0
      ? []
      : [{ kind: 'credit' as const, amountMinor: -credit, days: null, wh: null, refId: null }]),
    {
      kind: 'contract' as const,
      amountMinor: plan.toContract,
      days: device && !plan.paysOff && !unlocked ? plan.days : null,
      wh: null,
      refId: c.id,
    },
    ...(plan.credit > 0
      ? [{ kind: 'credit' as const, amountMinor: plan.credit, days: null, wh: null, refId: null }]
      : []),
  ];
  return { plan, device, tokensNeeded, parts, credit, paid };
}

export function payOnContract(ctx: Ctx, c: ContractRow, input: ContractPaymentInput) {
  const existing = ctx.db
    .select()
    .from(payments)
    .where(eq(payments.submissionKey, input.submissionKey))
    .get();
  if (existing) {
    const parts = allocationsOf(ctx, existing.id);
    if (
      existing.amountMinor !== input.amountMinor ||
      !parts.some((p) => p.kind === 'contract' && p.refId === c.id)
    ) {
      throw conflict(
        `This submission was already recorded as receipt ${existing.receiptNumber} for a ` +
          'different contract or amount; start a new payment.',
      );
    }
    noteAudit(ctx, `Repeated submission of receipt ${existing.receiptNumber}: nothing recorded`, [
      existing.id,
    ]);
    const paidOff = ctx.db
      .select({ id: contractEvents.id })
      .from(contractEvents)
      .where(and(eq(contractEvents.paymentId, existing.id), eq(contractEvents.event, 'paid_off')))
      .get();
    return {
      payment: paymentView(ctx, existing),
      allocations: parts,
      tokens: tokensWhere(ctx, eq(tokens.paymentId, existing.id)),
      duplicate: true,
      warnings: [],
      paidOff: paidOff !== undefined,
      days: 0,
      contract: viewOf(ctx, c, today(ctx)),
    };
  }

  const { plan, device, tokensNeeded, parts } = planOnContract(ctx, c, input.amountMinor);
  if (!plan.ok) throw new Error('unreachable: planOnContract refuses failed plans');
  requireDayOpen(ctx);
  const office = requireOffice(ctx.db);
  const now = ctx.clock.nowIso();
  const row: typeof payments.$inferSelect = {
    id: ctx.ids.newId(),
    officeId: office.id,
    receiptNumber: receiptNumber(ctx, office.code),
    submissionKey: input.submissionKey,
    customerId: c.customerId,
    deviceId: c.deviceId,
    amountMinor: input.amountMinor,
    method: input.method,
    reference: input.reference,
    receivedAt: now,
    cashierUserId: ctx.actor.userId,
    cashierName: ctx.actor.name,
    reversalOf: null,
    reason: null,
  };
  insertPayment(ctx, row, parts);
  if (device && tokensNeeded) {
    issueSaleTokens(
      ctx,
      { device, chunks: tokensNeeded.chunks, unlocks: plan.unlocks },
      tokensNeeded.opg,
      row.id,
      now,
    );
  }
  let closed = c;
  if (plan.paysOff) {
    closed = { ...c, status: 'paid_off', statusAt: now, updatedHlc: ctx.hlc.next() };
    ctx.db
      .update(contracts)
      .set({ status: 'paid_off', statusAt: now, updatedHlc: closed.updatedHlc })
      .where(eq(contracts.id, c.id))
      .run();
    event(ctx, c, 'paid_off', { paymentId: row.id, amountMinor: plan.toContract });
  }
  noteAudit(
    ctx,
    `Received ${money(ctx, input.amountMinor)} ${input.method.replace('_', ' ')} on contract ` +
      `${c.number}: ${money(ctx, plan.toContract)} to the contract` +
      (plan.days > 0 && device ? `, ${plan.days} days` : '') +
      (plan.paysOff ? ', PAID OFF' + (plan.unlocks && device ? ', unlock token issued' : '') : '') +
      (plan.credit > 0 ? `, ${money(ctx, plan.credit)} kept as credit` : '') +
      ` (${row.receiptNumber})`,
    [row.id, c.id, c.customerId, ...(device ? [device.id] : [])],
  );
  return {
    payment: paymentView(ctx, row),
    allocations: parts,
    tokens: tokensWhere(ctx, eq(tokens.paymentId, row.id)),
    duplicate: false,
    warnings: tokensNeeded?.warnings ?? [],
    paidOff: plan.paysOff,
    // Days the device's tokens carry (none without a device or tokens).
    days: device && tokensNeeded ? plan.days : 0,
    contract: viewOf(ctx, closed, today(ctx)),
  };
}

export const pay: Handler<'contracts.pay'> = (ctx, input) => {
  // The days are for the counter's plan (recordAtCounter); contracts.pay does not answer them.
  const { days: _days, ...paid } = payOnContract(ctx, loadContract(ctx, input.contractId), input);
  return paid;
};

/**
 * The counter's payment for a device (payments.record): a device under an active contract is paid
 * through its contract, with the same keyboard flow and the same answer; any other device is sold
 * days or energy as before.
 */
export const recordAtCounter: Handler<'payments.record'> = (ctx, input) => {
  const retried = paymentOfSubmission(ctx, input.submissionKey);
  const contract = retried ? undefined : activeContractOfDevice(ctx, input.deviceId);
  if (!contract) return recordSale(ctx, input);
  const paid = payOnContract(ctx, contract, input);
  return {
    payment: paid.payment,
    allocations: paid.allocations,
    token: firstTokenSummary(paid.tokens),
    tokens: paid.tokens,
    vendorToken: null,
    duplicate: paid.duplicate,
    warnings: paid.warnings,
    plan: paid.duplicate
      ? null
      : {
          kind: 'contract' as const,
          contractId: contract.id,
          days: paid.days,
          paidOff: paid.paidOff,
        },
  };
};

/**
 * A manager's reversal (payments.reverse). The ledger takes the money back as for any payment;
 * a contract it reached is then placed again by the domain (statusAfterReversal): a paid-off
 * contract that owes something again is reopened, so it is paid, listed and counted in the
 * portfolio again. Its unlock token stays issued (docs/appliances.md says what the office does).
 */
export const reverseAtCounter: Handler<'payments.reverse'> = (ctx, input) => {
  const result = reversePayment(ctx, input);
  const reached = new Set(
    result.allocations
      .filter((a) => (a.kind === 'contract' || a.kind === 'down_payment') && a.refId !== null)
      .map((a) => a.refId ?? ''),
  );
  const reopened: string[] = [];
  for (const id of reached) {
    const c = loadContract(ctx, id);
    const rows = c.plan === 'instalments' ? liveInstalments(ctx, c.id) : [];
    const status = statusAfterReversal(c.status, termsOf(c, rows), paidOn(ctx, c));
    if (status === c.status) continue;
    if (c.deviceId) {
      const other = activeContractOfDevice(ctx, c.deviceId);
      if (other) {
        throw conflict(
          `This reversal would reopen contract ${c.number}, ` +
            `but its device is now under contract ${other.number}. Settle it on ` +
            `${other.number} instead.`,
        );
      }
    }
    updateContract(ctx, c, { status, statusAt: ctx.clock.nowIso(), statusReason: input.reason });
    event(ctx, c, 'reopened', {
      paymentId: result.reversal.id,
      amountMinor: contractBalance(termsOf(c, rows), paidOn(ctx, c)) ?? undefined,
      note: input.reason,
    });
    reopened.push(c.number);
  }
  if (reopened.length === 0) return result;
  const what =
    `Contract ${reopened.join(', ')} is open again: it owes money and is on the lists again. ` +
    'Its unlock token was already issued and the device stays unlocked; collect the balance ' +
    'or repossess the device.';
  ctx.note.summary = `${ctx.note.summary}; reopened contract ${reopened.join(', ')}`;
  ctx.note.records = [...ctx.note.records, ...reached];
  return { ...result, message: `${result.message} ${what}` };
};

export const previewAtCounter: Handler<'payments.preview'> = (ctx, input) => {
  const contract = activeContractOfDevice(ctx, input.deviceId);
  if (!contract) return previewSale(ctx, input);
  const { plan, tokensNeeded, parts, credit } = planOnContract(ctx, contract, input.amountMinor);
  if (!plan.ok) throw new Error('unreachable: planOnContract refuses failed plans');
  return {
    customer: person(ctx, contract.customerId),
    sale: 'days' as const,
    tokenScheme: tokensNeeded ? ('openpaygo' as const) : ('none' as const),
    dailyPriceMinor: contract.dailyPriceMinor,
    unitPriceMilliMinorPerKwh: null,
    allocations: parts,
    days: plan.paysOff ? 0 : plan.days,
    wh: 0,
    accessDebtMinor: 0,
    creditUsedMinor: credit,
    tokenCount: tokensNeeded?.chunks.length ?? 0,
    unlocks: plan.unlocks && tokensNeeded !== null,
    outstandingTokens: contract.deviceId ? outstandingTokens(ctx, contract.deviceId) : 0,
    warnings: [
      `Paid on contract ${contract.number}` + (plan.paysOff ? ': this payment pays it off.' : '.'),
      ...(tokensNeeded?.warnings ?? []),
    ],
    creditBalanceMinor: credit,
  };
};

// ---------------------------------------------------------------------------------------------
// Reading

export const get: Handler<'contracts.get'> = (ctx, input) => {
  const c = loadContract(ctx, input.id, 'id');
  const asOf = input.asOf ?? today(ctx);
  const rows = liveInstalments(ctx, c.id);
  const paid = paidOn(ctx, c);
  return {
    contract: viewOf(ctx, c, asOf),
    instalments: instalmentViews(c, rows, paid, asOf),
    events: ctx.db
      .select()
      .from(contractEvents)
      .where(eq(contractEvents.contractId, c.id))
      .orderBy(contractEvents.at, sql`${contractEvents}.rowid`)
      .all()
      .map((e) => ({
        at: e.at,
        event: e.event,
        amountMinor: e.amountMinor,
        note: e.note,
        actor: e.actor,
      })),
  };
};

export const pdf: Handler<'contracts.pdf'> = (ctx, input) => {
  const c = loadContract(ctx, input.id, 'id');
  const asOf = today(ctx);
  const place = ctx.raw
    .prepare(
      `SELECT cu.phone, v.name AS village FROM customers cu JOIN villages v ON v.id = cu.village_id
       WHERE cu.id = ?`,
    )
    .get(c.customerId) as { phone: string | null; village: string } | undefined;
  const bytes = renderContractPdf(
    {
      contract: viewOf(ctx, c, asOf),
      instalments: liveInstalments(ctx, c.id).map((i) => ({
        seq: i.seq,
        dueDate: i.dueDate,
        amountMinor: i.amountMinor,
      })),
      customerPhone: place?.phone ?? null,
      customerVillage: place?.village ?? '',
      terms: c.termsText ?? readSettings(ctx.db).contracts.terms,
    },
    readSettings(ctx.db),
    // The sale's instant: the same contract prints the same bytes.
    new Date(c.createdAt),
  );
  noteAudit(ctx, `Printed contract ${c.number}`, [c.id]);
  return { fileName: `${c.number}.pdf`, pdfBase64: bytes.toString('base64') };
};

export const list: Handler<'contracts.list'> = (ctx, input) => {
  const asOf = input.asOf ?? today(ctx);
  const rows = ctx.db
    .select()
    .from(contracts)
    .where(
      and(
        input.customerId ? eq(contracts.customerId, input.customerId) : undefined,
        input.deviceId ? eq(contracts.deviceId, input.deviceId) : undefined,
      ),
    )
    .orderBy(desc(contracts.createdAt))
    .limit(500)
    .all();
  return { rows: rows.map((c) => viewOf(ctx, c, asOf)) };
};

export const overdue: Handler<'contracts.overdue'> = (ctx, input) => {
  const asOf = input.asOf ?? today(ctx);
  const dueUntil =
    input.dueWithinDays === undefined ? undefined : addDaysIso(asOf, input.dueWithinDays);
  let facts = factsOf(ctx, asOf, 'active', dueUntil).filter((f) =>
    dueUntil === undefined
      ? f.standing.overdue
      : f.row.due_through !== null && f.row.due_through > f.row.paid - f.row.down_payment_minor,
  );
  if (input.villageId) {
    const inVillage = new Set(
      statement(ctx, 'village-customers', () => 'SELECT id FROM customers WHERE village_id = ?')
        .pluck()
        .all(input.villageId) as string[],
    );
    facts = facts.filter((f) => inVillage.has(f.row.customer_id));
  }
  if (input.agent !== undefined) {
    // '' asks for the contracts sold at the office (no agent); names match as stored (tidied).
    const agent = input.agent.trim().replace(/\s+/g, ' ') || null;
    facts = facts.filter((f) => f.row.agent === agent);
  }
  // Plain string order for ties: contract numbers are ASCII, and localeCompare on tens of
  // thousands of ties cost more than the query.
  facts.sort(
    (a, b) =>
      b.standing.daysLate - a.standing.daysLate ||
      (a.row.number < b.row.number ? -1 : a.row.number > b.row.number ? 1 : 0),
  );
  const page = facts.slice((input.page - 1) * input.pageSize, input.page * input.pageSize);
  // Names, phones and villages only for the page shown.
  const details = new Map(
    page.length === 0
      ? []
      : (
          ctx.raw
            .prepare(
              `SELECT c.id, cu.account_number, cu.kind, cu.first_name, cu.last_name,
                 cu.business_name, cu.phone, v.name AS village, d.serial
               FROM contracts c JOIN customers cu ON cu.id = c.customer_id
               JOIN villages v ON v.id = cu.village_id
               LEFT JOIN devices d ON d.id = c.device_id
               WHERE c.id IN (${page.map(() => '?').join(',')})`,
            )
            .all(...page.map((f) => f.row.id)) as {
            id: string;
            account_number: string;
            kind: 'individual' | 'business';
            first_name: string;
            last_name: string;
            business_name: string | null;
            phone: string | null;
            village: string;
            serial: string | null;
          }[]
        ).map((d) => [d.id, d]),
  );
  const rows = page.map(({ row: r, standing: s }) => {
    const d = details.get(r.id);
    return {
      contractId: r.id,
      number: r.number,
      customer: {
        id: r.customer_id,
        accountNumber: d?.account_number ?? '?',
        name: d
          ? displayName({
              kind: d.kind,
              firstName: d.first_name,
              lastName: d.last_name,
              businessName: d.business_name,
            })
          : '?',
      },
      phone: d?.phone ?? null,
      village: d?.village ?? '?',
      item: r.item,
      deviceSerial: d?.serial ?? null,
      agent: r.agent,
      daysLate: s.daysLate,
      arrearsMinor: s.arrears,
      outstandingMinor: s.outstanding,
      oldestUnpaidDue: s.oldestUnpaidDue,
    };
  });
  return {
    asOf,
    total: facts.length,
    rows,
    totalArrearsMinor: facts.reduce((sum, f) => sum + f.standing.arrears, 0),
  };
};

export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The facts of the repayment curves (the rule: repaymentCurves): every contract sold, but not
 * cancelled, with what it was paid by days after its sale, summed by the curve's horizons in SQL
 * so a large ledger is read once. Days count from the sale date to the payment's UTC date.
 */
function cohortCurves(ctx: QueryContext, asOf: string) {
  const rows = statement(
    ctx,
    'cohort-paid',
    // LEFT JOINs: a contract paid nothing yet still counts in its cohort's price.
    () => `SELECT c.id, c.sale_date, c.price_minor, c.opening_paid_minor,
        CASE ${CURVE_DAYS.map((d) => `WHEN julianday(substr(p.received_at, 1, 10)) - julianday(c.sale_date) <= ${d} THEN ${d}`).join(' ')}
          ELSE 100000 END AS day,
        coalesce(sum(p.amount), 0) AS amount
      FROM contracts c
      LEFT JOIN (SELECT pa.ref_id, pa.amount_minor AS amount, p.received_at
        FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id
        WHERE pa.kind IN ('down_payment', 'contract')
          AND substr(p.received_at, 1, 10) <= @asOf) p ON p.ref_id = c.id
      WHERE c.status <> 'cancelled' AND c.sale_date <= @asOf
      GROUP BY c.id, day`,
  ).all({ asOf }) as {
    id: string;
    sale_date: string;
    price_minor: number;
    opening_paid_minor: number;
    day: number;
    amount: number;
  }[];
  const byContract = new Map<
    string,
    CohortContract & { paid: { day: number; amount: number }[] }
  >();
  for (const r of rows) {
    let c = byContract.get(r.id);
    if (!c) {
      // Paid before the contract existed (from a PAYG plan): counted as paid at the sale.
      c = {
        saleDate: r.sale_date,
        price: r.price_minor,
        paid: r.opening_paid_minor > 0 ? [{ day: 0, amount: r.opening_paid_minor }] : [],
      };
      byContract.set(r.id, c);
    }
    c.paid.push({ day: r.day, amount: r.amount });
  }
  return repaymentCurves(byContract.values(), asOf);
}

/** Kept apart from the portfolio's PAR: it reads the whole contract ledger. */
export const cohorts: Handler<'contracts.cohorts'> = (ctx, input) => {
  const asOf = input.asOf ?? today(ctx);
  return { asOf, cohorts: cohortCurves(ctx, asOf) };
};

// ---------------------------------------------------------------------------------------------
// Contract life

function requireActive(c: ContractRow, action: string): void {
  if (c.status === 'active') return;
  const label = CONTRACT_STATUS_LABELS[c.status].toLowerCase();
  throw invalid(
    'contractId',
    `is ${label}: it cannot be ${action}`,
    `Contract ${c.number} is ${label}; it cannot be ${action}.`,
  );
}

function updateContract(ctx: Ctx, c: ContractRow, changes: Partial<ContractRow>): ContractRow {
  const next = { ...c, ...changes, updatedHlc: ctx.hlc.next() };
  ctx.db
    .update(contracts)
    .set({ ...changes, updatedHlc: next.updatedHlc })
    .where(eq(contracts.id, c.id))
    .run();
  return next;
}

export const rescheduleContract: Handler<'contracts.reschedule'> = (ctx, input) => {
  const c = loadContract(ctx, input.contractId);
  requireActive(c, 'rescheduled');
  if (c.plan !== 'instalments') {
    throw invalid(
      'contractId',
      'is a per-day plan: it has no schedule',
      `Contract ${c.number} is paid per day; it has no instalments to reschedule.`,
    );
  }
  const asOf = today(ctx);
  if (input.firstDueDate < asOf) {
    throw invalid(
      'firstDueDate',
      `must be today (${asOf}) or later`,
      `The first new instalment cannot fall due in the past (today is ${asOf}).`,
    );
  }
  const rows = liveInstalments(ctx, c.id);
  const paid = paidOn(ctx, c);
  const result = rescheduleDomain({
    instalments: rows.map(toInstalment),
    paidTowardsInstalments: paid - c.downPaymentMinor,
    count: input.instalmentCount,
    frequency: input.frequency,
    firstDueDate: input.firstDueDate,
  });
  if (!result.ok) {
    const field = result.field === 'contractId' ? 'contractId' : result.field;
    throw invalid(field, result.message, `Contract ${c.number}: ${field} ${result.message}.`);
  }
  const keptSeqs = new Set(result.kept.map((i) => i.seq));
  const replaced = rows.filter((r) => !keptSeqs.has(r.seq));
  const now = ctx.clock.nowIso();
  if (replaced.length > 0) {
    ctx.db
      .update(contractInstalments)
      .set({ deletedAt: now, updatedHlc: ctx.hlc.next() })
      .where(
        inArray(
          contractInstalments.id,
          replaced.map((r) => r.id),
        ),
      )
      .run();
  }
  const keptTotal = result.kept.reduce((s, i) => s + i.amount, 0);
  insertInstalments(
    ctx,
    c,
    [...(result.closed ? [result.closed] : []), ...result.added],
    keptTotal,
  );
  const next = updateContract(ctx, c, { frequency: input.frequency });
  const unpaid = result.added.reduce((s, i) => s + i.amount, 0);
  event(ctx, c, 'rescheduled', {
    amountMinor: unpaid,
    note: `${input.instalmentCount} ${input.frequency} instalments from ${input.firstDueDate}: ${input.reason}`,
  });
  noteAudit(
    ctx,
    `Rescheduled contract ${c.number}: ${money(ctx, unpaid)} unpaid over ${input.instalmentCount} ` +
      `${input.frequency} instalments from ${input.firstDueDate} (was ${replaced.length} unpaid ` +
      `instalment(s)): ${input.reason}`,
    [c.id],
  );
  const live = liveInstalments(ctx, c.id);
  return {
    contract: viewOf(ctx, next, asOf),
    instalments: instalmentViews(next, live, paid, asOf),
  };
};

export const writeOff: Handler<'contracts.writeOff'> = (ctx, input) => {
  const c = loadContract(ctx, input.contractId);
  requireActive(c, 'written off');
  const rows = liveInstalments(ctx, c.id);
  const balance = contractBalance(termsOf(c, rows), paidOn(ctx, c)) ?? 0;
  const now = ctx.clock.nowIso();
  const next = updateContract(ctx, c, {
    status: 'written_off',
    statusAt: now,
    statusReason: input.reason,
    writtenOffMinor: balance,
  });
  event(ctx, c, 'written_off', { amountMinor: balance, note: input.reason });
  noteAudit(ctx, `Wrote off ${money(ctx, balance)} of contract ${c.number}: ${input.reason}`, [
    c.id,
    c.customerId,
  ]);
  return { contract: viewOf(ctx, next, today(ctx)) };
};

/**
 * Correct the sales agent of a contract, whatever its status (the figures by agent read every
 * contract): the old and new names and the reason go into its history and the audit log.
 */
export const setAgent: Handler<'contracts.setAgent'> = (ctx, input) => {
  const c = loadContract(ctx, input.contractId);
  if (c.agent === input.agent) {
    throw invalid(
      'agent',
      `is already ${c.agent ?? 'empty (sold at the office)'}`,
      `Contract ${c.number} already has ${c.agent === null ? 'no agent' : `agent ${c.agent}`}; nothing changed.`,
    );
  }
  const next = updateContract(ctx, c, { agent: input.agent });
  const change = `${c.agent ?? 'the office'} -> ${input.agent ?? 'the office'}`;
  event(ctx, c, 'agent_changed', { note: `${change}: ${input.reason}` });
  noteAudit(ctx, `Changed the agent of contract ${c.number} (${change}): ${input.reason}`, [
    c.id,
    c.customerId,
  ]);
  return { contract: viewOf(ctx, next, today(ctx)) };
};

export const agents: Handler<'contracts.agents'> = (ctx) => ({
  rows: (
    ctx.raw
      .prepare(
        `SELECT agent, sum(status = 'active') AS n FROM contracts
         WHERE agent IS NOT NULL GROUP BY agent`,
      )
      .all() as { agent: string; n: number }[]
  )
    .map((r) => ({ agent: r.agent, activeContracts: r.n }))
    .sort((a, b) => a.agent.localeCompare(b.agent)),
});

export const repossess: Handler<'contracts.repossess'> = (ctx, input) => {
  const c = loadContract(ctx, input.contractId);
  if (c.status !== 'active' && c.status !== 'written_off') {
    const label = CONTRACT_STATUS_LABELS[c.status].toLowerCase();
    throw invalid(
      'contractId',
      `is ${label}: there is nothing to repossess`,
      `Contract ${c.number} is ${label}; there is nothing to repossess.`,
    );
  }
  const now = ctx.clock.nowIso();
  const paid = paidOn(ctx, c);
  const device = deviceRow(ctx, c.deviceId);
  if (device && device.customerId) {
    // The device keeps its OpenPAYGO count and tokens: the next sale continues from them.
    const next = { ...device, customerId: null, status: 'in_stock' as const, installedAt: null };
    ctx.db
      .update(devices)
      .set({ customerId: null, status: 'in_stock', installedAt: null, updatedHlc: ctx.hlc.next() })
      .where(eq(devices.id, device.id))
      .run();
    recordDeviceEvent(
      ctx,
      requireOffice(ctx.db).id,
      next,
      'unassigned',
      `Repossessed (contract ${c.number}): ${input.reason}`,
    );
  }
  const next = updateContract(ctx, c, {
    status: 'repossessed',
    statusAt: now,
    statusReason: input.reason,
  });
  event(ctx, c, 'repossessed', { amountMinor: paid, note: input.reason });
  noteAudit(
    ctx,
    `Repossessed contract ${c.number}` +
      (device ? ` (${device.serial} back in stock)` : '') +
      `, closed with ${money(ctx, paid)} paid: ${input.reason}`,
    [c.id, c.customerId, ...(device ? [device.id] : [])],
  );
  return { contract: viewOf(ctx, next, today(ctx)) };
};

export const transfer: Handler<'contracts.transfer'> = (ctx, input) => {
  const c = loadContract(ctx, input.contractId);
  requireActive(c, 'transferred');
  if (input.customerId === c.customerId) {
    throw invalid(
      'customerId',
      'is already the customer of this contract',
      `Contract ${c.number} is already with that customer.`,
    );
  }
  const customer = ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.id, input.customerId), isNull(customers.deletedAt)))
    .get();
  if (!customer) throw invalid('customerId', 'does not exist', 'That customer does not exist.');
  if (customer.status !== 'active') {
    throw invalid(
      'customerId',
      'is inactive',
      `${customer.accountNumber} is inactive; reactivate the customer first.`,
    );
  }
  const device = deviceRow(ctx, c.deviceId);
  if (device) {
    const next = { ...device, customerId: customer.id, villageId: customer.villageId };
    ctx.db
      .update(devices)
      .set({ customerId: customer.id, villageId: customer.villageId, updatedHlc: ctx.hlc.next() })
      .where(eq(devices.id, device.id))
      .run();
    recordDeviceEvent(
      ctx,
      requireOffice(ctx.db).id,
      next,
      'assigned',
      `Contract ${c.number} transferred: ${input.reason}`,
    );
  }
  const from = person(ctx, c.customerId);
  const next = updateContract(ctx, c, { customerId: customer.id });
  event(ctx, c, 'transferred', { customerId: customer.id, note: input.reason });
  noteAudit(
    ctx,
    `Transferred contract ${c.number} from ${from.accountNumber} to ${customer.accountNumber}: ${input.reason}`,
    [c.id, from.id, customer.id],
  );
  return { contract: viewOf(ctx, next, today(ctx)) };
};

/**
 * A cancellation shortly after the sale (the rule: planCancellation). The refund goes through the
 * ledger's reversal path, one reversal per payment on the contract, so the cashier's day-end and
 * the cash book show the money going out; the device returns to stock with its token state.
 */
export const cancel: Handler<'contracts.cancel'> = (ctx, input) => {
  const c = loadContract(ctx, input.contractId);
  const settings = readSettings(ctx.db);
  const asOf = today(ctx);
  const onContract = ctx.raw
    .prepare(
      `SELECT p.id, p.amount_minor AS amount FROM payments p
       WHERE p.reversal_of IS NULL
         AND 1
         AND EXISTS (SELECT 1 FROM payment_allocations pa WHERE pa.payment_id = p.id
           AND pa.ref_id = ? AND pa.kind IN ('down_payment', 'contract'))
       ORDER BY p.received_at, p.rowid`,
    )
    .all(c.id) as { id: string; amount: number }[];
  const plan = planCancellation({
    status: c.status,
    saleDate: c.saleDate,
    today: asOf,
    cancelWithinDays: settings.contracts.cancelWithinDays,
    openingPaid: c.openingPaidMinor,
    payments: onContract,
  });
  if (!plan.ok) {
    throw invalid(plan.field, plan.message, `Contract ${c.number} ${plan.message}.`);
  }
  const reason = `Contract ${c.number} cancelled: ${input.reason}`;
  const refunds = plan.refunds.map(
    (p) => reversePayment(ctx, { paymentId: p.id, reason }).reversal,
  );
  const now = ctx.clock.nowIso();
  const device = deviceRow(ctx, c.deviceId);
  if (device && device.customerId) {
    const back = { ...device, customerId: null, status: 'in_stock' as const, installedAt: null };
    ctx.db
      .update(devices)
      .set({ customerId: null, status: 'in_stock', installedAt: null, updatedHlc: ctx.hlc.next() })
      .where(eq(devices.id, device.id))
      .run();
    recordDeviceEvent(ctx, requireOffice(ctx.db).id, back, 'unassigned', reason);
  }
  const next = updateContract(ctx, c, {
    status: 'cancelled',
    statusAt: now,
    statusReason: input.reason,
  });
  event(ctx, c, 'cancelled', { amountMinor: plan.refund, note: input.reason });
  const receipts = refunds.map((r) => r.receiptNumber).join(', ');
  const message =
    `Contract ${c.number} is cancelled. ` +
    (refunds.length > 0
      ? `Give back ${money(ctx, plan.refund)} (refund receipt${refunds.length > 1 ? 's' : ''} ${receipts}). `
      : 'Nothing was paid on it, so there is nothing to refund. ') +
    (device ? `Take ${device.serial} back: it is in stock again.` : 'Take the appliance back.');
  noteAudit(
    ctx,
    `Cancelled contract ${c.number} ${plan.refund > 0 ? `, refunded ${money(ctx, plan.refund)} (${receipts})` : ''}` +
      `${device ? `, ${device.serial} back in stock` : ''}: ${input.reason}`,
    [c.id, c.customerId, ...(device ? [device.id] : []), ...refunds.map((r) => r.id)],
  );
  return { contract: viewOf(ctx, next, asOf), refunds, refundedMinor: plan.refund, message };
};

// ---------------------------------------------------------------------------------------------
// Reminders outbox

/**
 * Today's reminders (the rule: reminderFor): this office's active contracts, their standing and
 * what falls due in the next REMIND_DAYS_BEFORE days, from the same facts as the overdue list.
 * One per contract per day: a contract that already has today's reminder is left as it is.
 */
export const generateReminders: Handler<'contracts.remindersGenerate'> = (ctx) => {
  const day = today(ctx);
  const office = requireOffice(ctx.db);
  const settings = readSettings(ctx.db);
  const made = new Set(
    statement(
      ctx,
      'reminders-made',
      () => 'SELECT contract_id FROM contract_reminders WHERE day = ?',
    )
      .pluck()
      .all(day) as string[],
  );
  const facts = factsOf(ctx, day, 'active', addDaysIso(day, REMIND_DAYS_BEFORE));
  const now = ctx.clock.nowIso();
  const phones = statement(
    ctx,
    'reminder-customer',
    () => 'SELECT phone FROM customers WHERE id = ?',
  );
  const nextDue = statement(
    ctx,
    'reminder-next-due',
    () => `SELECT due_date FROM contract_instalments
      WHERE contract_id = ? AND deleted_at IS NULL AND cum_through_minor > ?
      ORDER BY cum_through_minor LIMIT 1`,
  );
  const officeOf = statement(
    ctx,
    'contract-office',
    () => 'SELECT office_id FROM contracts WHERE id = ?',
  );
  let created = 0;
  for (const { row: r, standing } of facts) {
    if (made.has(r.id)) continue;
    // Only the office that owns a contract reminds its customer (sync-rules.ts).
    if ((officeOf.pluck().get(r.id) as string) !== office.id) continue;
    const onInstalments = r.paid - r.down_payment_minor;
    const soon =
      r.due_through !== null && r.due_through > onInstalments
        ? {
            amount: r.due_through - onInstalments,
            dueDate: (nextDue.pluck().get(r.id, onInstalments) as string | undefined) ?? day,
          }
        : null;
    const reminder = reminderFor({ standing, dueSoon: soon });
    if (!reminder) continue;
    const amount = formatMoney(reminder.amount, settings.currency);
    const message =
      reminder.kind === 'overdue'
        ? `${settings.company.name}: contract ${r.number} is ${reminder.daysLate} days late. ` +
          `Please pay ${amount} at the office or to your agent.`
        : `${settings.company.name}: contract ${r.number}, ${amount} is due on ${reminder.dueDate}. ` +
          'Please pay at the office or to your agent.';
    const customer = phones.get(r.customer_id) as { phone: string | null } | undefined;
    ctx.db
      .insert(contractReminders)
      .values({
        id: ctx.ids.newId(),
        officeId: office.id,
        contractId: r.id,
        customerId: r.customer_id,
        day,
        kind: reminder.kind,
        amountMinor: reminder.amount,
        daysLate: reminder.daysLate,
        dueDate: reminder.dueDate,
        phone: customer?.phone ?? null,
        message,
        createdAt: now,
      })
      .run();
    created += 1;
  }
  noteAudit(
    ctx,
    created === 0
      ? `Reminders for ${day}: none new (${made.size} already made)`
      : `Made ${created} contract reminder(s) for ${day}`,
  );
  return { day, created, alreadyMade: made.size };
};

/** A day's reminders, most days late first, with the customer and village (the call list). */
function reminderRows(ctx: QueryContext, day: string, kind: 'due' | 'overdue' | null) {
  return (
    ctx.raw
      .prepare(
        `SELECT r.contract_id, c.number, r.customer_id, cu.account_number, cu.kind AS ckind,
           cu.first_name, cu.last_name, cu.business_name, v.name AS village, r.phone, r.kind,
           r.amount_minor, r.days_late, r.due_date, r.message
         FROM contract_reminders r
         JOIN contracts c ON c.id = r.contract_id
         JOIN customers cu ON cu.id = r.customer_id
         JOIN villages v ON v.id = cu.village_id
         WHERE r.day = @day AND (@kind IS NULL OR r.kind = @kind)
         ORDER BY r.days_late DESC, c.number`,
      )
      .all({ day, kind }) as {
      contract_id: string;
      number: string;
      customer_id: string;
      account_number: string;
      ckind: 'individual' | 'business';
      first_name: string;
      last_name: string;
      business_name: string | null;
      village: string;
      phone: string | null;
      kind: 'due' | 'overdue';
      amount_minor: number;
      days_late: number;
      due_date: string | null;
      message: string;
    }[]
  ).map((r) => ({
    contractId: r.contract_id,
    number: r.number,
    customer: {
      id: r.customer_id,
      accountNumber: r.account_number,
      name: displayName({
        kind: r.ckind,
        firstName: r.first_name,
        lastName: r.last_name,
        businessName: r.business_name,
      }),
    },
    village: r.village,
    phone: r.phone,
    kind: r.kind,
    amountMinor: r.amount_minor,
    daysLate: r.days_late,
    dueDate: r.due_date,
    message: r.message,
  }));
}

export const reminders: Handler<'contracts.reminders'> = (ctx, input) => {
  const day = input.day ?? today(ctx);
  const rows = reminderRows(ctx, day, input.kind ?? null);
  const { decimals } = readSettings(ctx.db).currency;
  const csv =
    input.format === 'csv'
      ? csvExport(
          `reminders-${day}`,
          ctx.clock.nowIso(),
          [
            'contract',
            'account',
            'customer',
            'village',
            'phone',
            'kind',
            'amount',
            'days late',
            'due date',
            'message',
          ],
          rows.map((r) => [
            r.number,
            r.customer.accountNumber,
            r.customer.name,
            r.village,
            r.phone ?? '',
            r.kind,
            (r.amountMinor / 10 ** decimals).toFixed(decimals),
            r.daysLate,
            r.dueDate ?? '',
            r.message,
          ]),
        ).csv
      : null;
  return { day, rows, csv };
};

/**
 * The call list on A4: the day's reminders with each contract's last payment (the newest money
 * paid on it, reversals left out), so the caller can say "we last saw you on ...".
 */
export const callListPdf: Handler<'contracts.callListPdf'> = (ctx, input) => {
  const day = input.day ?? today(ctx);
  const rows = reminderRows(ctx, day, null);
  const settings = readSettings(ctx.db);
  const last = new Map<string, { date: string; amountMinor: number }>();
  const lastPayment = statement(
    ctx,
    'last-contract-payment',
    () => `SELECT p.received_at, pa.amount_minor FROM payment_allocations pa
      JOIN payments p ON p.id = pa.payment_id
      WHERE pa.ref_id = ? AND pa.kind IN ('down_payment', 'contract') AND pa.amount_minor > 0
        AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reversal_of = p.id)
      ORDER BY p.received_at DESC LIMIT 1`,
  );
  for (const r of rows) {
    const found = lastPayment.get(r.contractId) as
      { received_at: string; amount_minor: number } | undefined;
    if (found) {
      last.set(r.contractId, {
        date: localDate(Date.parse(found.received_at), settings.office.timeZone),
        amountMinor: found.amount_minor,
      });
    }
  }
  const bytes = renderCallListPdf(
    day,
    rows.map((r) => ({ ...r, lastPayment: last.get(r.contractId) ?? null })),
    settings,
    new Date(ctx.clock.nowIso()),
  );
  noteAudit(ctx, `Printed the call list of ${day}: ${rows.length} to call`, []);
  return { fileName: `call-list-${day}.pdf`, pdfBase64: bytes.toString('base64') };
};
