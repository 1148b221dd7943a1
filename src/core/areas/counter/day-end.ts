// The cashier's day-end (Z report): what one cashier took on one local date, by method, with
// receipts, reversals and tokens. A manager closes the day: the report is stored as it stood, and
// that cashier's payments (and reversals) are refused for the rest of that day. The printed
// report reuses the receipt renderer, so it fits the same thermal rolls and A4.
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { AppError, type ZReport } from '../../../contract';
import { formatMoney } from '../../../domain/money';
import { PAYMENT_METHODS } from '../../../domain/payment-methods';
import { localDayBounds } from '../../../domain/time';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import { dayCloses, payments, stsRequests, stsTokens, tokens, users } from '../../db/schema';
import { renderReceiptPdf } from '../../receipts/pdf';
import type { ReceiptModel } from '../../receipts/receipt-model';
import { officeToday, readSettings, requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';
import { closeOf } from './queries';

type Ctx = ServiceContext;

const METHOD_ORDER = PAYMENT_METHODS;
const METHOD_LABEL = {
  cash: 'Cash',
  mobile_money: 'Mobile money',
  bank: 'Bank',
  other: 'Other',
} as const;

function displayNameOf(ctx: QueryContext, username: string): string {
  return (
    ctx.db
      .select({ displayName: users.displayName })
      .from(users)
      .where(eq(users.username, username))
      .get()?.displayName ?? username
  );
}

/** The live report, computed from the ledgers. */
function computeReport(ctx: QueryContext, day: string, cashier: string): ZReport {
  const { startIso, endIso } = localDayBounds(day, readSettings(ctx.db).office.timeZone);
  const inDay = and(
    eq(payments.cashierName, cashier),
    gte(payments.receivedAt, startIso),
    lt(payments.receivedAt, endIso),
  );
  const rows = ctx.db
    .select({
      receiptNumber: payments.receiptNumber,
      method: payments.method,
      amountMinor: payments.amountMinor,
      reversalOf: payments.reversalOf,
    })
    .from(payments)
    .where(inDay)
    .orderBy(asc(sql`${payments}.rowid`))
    .all();
  const byMethod = METHOD_ORDER.map((method) => {
    const mine = rows.filter((r) => r.method === method);
    return {
      method,
      payments: mine.filter((r) => r.reversalOf === null).length,
      amountMinor: mine.reduce((sum, r) => sum + r.amountMinor, 0),
    };
  }).filter((m) => m.payments > 0 || m.amountMinor !== 0);
  const reversals = rows.filter((r) => r.reversalOf !== null);
  const openpaygo = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(tokens)
    .where(
      and(
        eq(tokens.issuedBy, cashier),
        gte(tokens.issuedAt, startIso),
        lt(tokens.issuedAt, endIso),
      ),
    )
    .get();
  const sts = ctx.db
    .select({
      pending: sql<number>`coalesce(sum(case when ${stsTokens.requestId} is null then 1 else 0 end), 0)`,
      recorded: sql<number>`coalesce(sum(case when ${stsTokens.requestId} is null then 0 else 1 end), 0)`,
    })
    .from(stsRequests)
    .innerJoin(payments, eq(payments.id, stsRequests.paymentId))
    .leftJoin(stsTokens, eq(stsTokens.requestId, stsRequests.id))
    .where(inDay)
    .get();
  return {
    day,
    cashier,
    cashierDisplayName: displayNameOf(ctx, cashier),
    byMethod,
    receipts: {
      count: rows.length,
      first: rows[0]?.receiptNumber ?? null,
      last: rows.at(-1)?.receiptNumber ?? null,
    },
    reversals: {
      count: reversals.length,
      amountMinor: reversals.reduce((sum, r) => sum + r.amountMinor, 0),
    },
    grossMinor: rows.reduce((sum, r) => sum + Math.max(0, r.amountMinor), 0),
    netMinor: rows.reduce((sum, r) => sum + r.amountMinor, 0),
    tokens: {
      openpaygo: openpaygo?.n ?? 0,
      stsPending: sts?.pending ?? 0,
      stsRecorded: sts?.recorded ?? 0,
    },
    cash: {
      expectedMinor: byMethod.find((m) => m.method === 'cash')?.amountMinor ?? 0,
      countedMinor: null,
      differenceMinor: null,
    },
    closed: null,
  };
}

/** The drawer as counted: over (positive) or short (negative) against what the payments say. */
function withCounted(cash: ZReport['cash'], countedMinor: number | undefined): ZReport['cash'] {
  if (countedMinor === undefined) return cash;
  return { ...cash, countedMinor, differenceMinor: countedMinor - cash.expectedMinor };
}

/** A closed day reads as it was closed; an open one is computed now. */
function reportOf(ctx: QueryContext, day: string, cashier: string): ZReport {
  const closed = closeOf(ctx, day, cashier);
  if (!closed) return computeReport(ctx, day, cashier);
  const kept = closed.report as Omit<ZReport, 'cash'> & { cash?: ZReport['cash'] };
  // Days closed before the drawer was counted keep no cash line: expected from the kept totals.
  const cash = kept.cash ?? {
    expectedMinor: kept.byMethod.find((m) => m.method === 'cash')?.amountMinor ?? 0,
    countedMinor: null,
    differenceMinor: null,
  };
  return { ...kept, cash, closed: { at: closed.closedAt, by: closed.closedBy } };
}

/** Day and cashier of a request; counter staff below manager see only their own day. */
function target(
  ctx: QueryContext,
  input: { day?: string | undefined; cashier?: string | undefined },
) {
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  const day = input.day ?? today;
  if (day > today) {
    throw new AppError(
      'VALIDATION',
      `${day} has not come yet; a Z report is for today or earlier.`,
      {
        issues: [{ field: 'day', message: 'is in the future' }],
      },
    );
  }
  const cashier = input.cashier ?? ctx.actor.name;
  const supervisor = ctx.actor.role === 'admin' || ctx.actor.role === 'manager';
  if (cashier !== ctx.actor.name && !supervisor) {
    throw new AppError('FORBIDDEN', "Only a manager may see another cashier's day.");
  }
  return { day, cashier };
}

export const report: Handler<'dayEnd.report'> = (ctx, input) => {
  const { day, cashier } = target(ctx, input);
  return reportOf(ctx, day, cashier);
};

export const cashiers: Handler<'dayEnd.cashiers'> = (ctx, input) => {
  const day = target(ctx, { day: input.day }).day;
  const { startIso, endIso } = localDayBounds(day, readSettings(ctx.db).office.timeZone);
  const names = ctx.db
    .selectDistinct({ name: payments.cashierName })
    .from(payments)
    .where(and(gte(payments.receivedAt, startIso), lt(payments.receivedAt, endIso)))
    .all()
    .map((r) => r.name);
  const closedNames = ctx.db
    .select({ name: dayCloses.cashierName })
    .from(dayCloses)
    .where(eq(dayCloses.day, day))
    .all()
    .map((r) => r.name);
  const rows = [...new Set([...names, ...closedNames])].sort().map((name) => {
    const r = reportOf(ctx, day, name);
    return {
      cashier: name,
      cashierDisplayName: r.cashierDisplayName,
      receipts: r.receipts.count,
      netMinor: r.netMinor,
      closed: r.closed,
    };
  });
  return { day, rows };
};

export const close: Handler<'dayEnd.close'> = (ctx, input) => {
  const { day, cashier } = target(ctx, input);
  const existing = closeOf(ctx, day, cashier);
  if (existing) {
    throw new AppError(
      'CONFLICT',
      `The day ${day} of ${cashier} was already closed by ${existing.closedBy}.`,
    );
  }
  const computed = computeReport(ctx, day, cashier);
  const live = { ...computed, cash: withCounted(computed.cash, input.countedCashMinor) };
  const at = ctx.clock.nowIso();
  ctx.db
    .insert(dayCloses)
    .values({
      id: ctx.ids.newId(),
      officeId: requireOffice(ctx.db).id,
      day,
      cashierName: cashier,
      netMinor: live.netMinor,
      receipts: live.receipts.count,
      report: live,
      closedAt: at,
      closedBy: ctx.actor.name,
    })
    .run();
  const currency = readSettings(ctx.db).currency;
  noteAudit(
    ctx,
    `Closed the day ${day} of ${cashier}: ${live.receipts.count} receipt(s), net ${formatMoney(live.netMinor, currency)}` +
      (live.cash.differenceMinor === null
        ? ''
        : `, cash counted ${formatMoney(live.cash.countedMinor ?? 0, currency)} (difference ${formatMoney(live.cash.differenceMinor, currency)})`),
    [],
  );
  return { ...live, closed: { at, by: ctx.actor.name } };
};

function reportModel(ctx: Ctx, r: ZReport): ReceiptModel {
  const settings = readSettings(ctx.db);
  const money = (minor: number) => formatMoney(minor, settings.currency);
  const lines = [
    { label: 'Day', value: r.day },
    { label: 'Cashier', value: `${r.cashierDisplayName} (${r.cashier})` },
    { label: 'Receipts', value: String(r.receipts.count) },
  ];
  if (r.receipts.first) {
    lines.push(
      { label: 'From', value: r.receipts.first },
      { label: 'To', value: r.receipts.last ?? '' },
    );
  }
  lines.push(
    { label: 'Gross taken', value: money(r.grossMinor) },
    { label: 'Reversals', value: `${r.reversals.count} (${money(r.reversals.amountMinor)})` },
    { label: 'Cash expected in drawer', value: money(r.cash.expectedMinor) },
    {
      label: 'Cash counted',
      value: r.cash.countedMinor === null ? '____________' : money(r.cash.countedMinor),
    },
    {
      label: 'Difference (counted - expected)',
      value: r.cash.differenceMinor === null ? '____________' : money(r.cash.differenceMinor),
    },
    { label: 'OpenPAYGO tokens issued', value: String(r.tokens.openpaygo) },
    { label: 'STS tokens pending', value: String(r.tokens.stsPending) },
    {
      label: 'Status',
      value: r.closed ? `Closed by ${r.closed.by}` : 'OPEN - not closed by a manager',
    },
  );
  return {
    company: settings.company.name,
    office: `${settings.office.name} (${settings.office.code})`,
    title: 'Z REPORT - DAY END',
    reprint: false,
    lines,
    // Net by method, so these lines add up to the net total below them.
    allocations: r.byMethod.map((m) => ({
      label: `${METHOD_LABEL[m.method]} (${m.payments})`,
      value: money(m.amountMinor),
    })),
    total: { label: 'Net total', value: money(r.netMinor) },
    tokens: [],
    footer: ['Cashier signature: ____________', 'Manager signature: ____________'],
    // The closing time makes a closed report's PDF reproducible byte for byte.
    createdAt: new Date(r.closed?.at ?? ctx.clock.nowIso()),
  };
}

export const pdf: Handler<'dayEnd.pdf'> = (ctx, input) => {
  const { day, cashier } = target(ctx, input);
  const r = reportOf(ctx, day, cashier);
  const bytes = renderReceiptPdf(reportModel(ctx, r), input.layout);
  noteAudit(ctx, `Printed the Z report of ${cashier} for ${day} (${input.layout})`, []);
  return {
    fileName: `z-report-${cashier}-${day}-${input.layout}.pdf`,
    pdfBase64: bytes.toString('base64'),
  };
};
