// What managers and cashiers read about postpaid accounts (docs/domain.md §7): the customer
// statement (use so far this period, bill so far, end-of-period projection, last invoices and
// payments, balance), debt aging and the disconnection list, with their printable PDFs and the
// invoice PDFs.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { AppError, type Invoice, type OutputOf } from '../../../contract';
import { periodCharges, type PricedVersion } from '../../../domain/billing/charges';
import {
  averageDailyWh,
  firstPeriodState,
  openingReading,
  unbilledWh,
  type CarriedState,
} from '../../../domain/billing/energy';
import { billingPeriod } from '../../../domain/billing/period';
import { formatKwh } from '../../../domain/energy';
import { formatMoney } from '../../../domain/money';
import { agingBucket, DEBT_BUCKETS, type DebtBucket } from '../../../domain/reports/debt';
import { addDays, localDate, localDayBounds } from '../../../domain/time';
import { printDate } from '../../billing/dates';
import { renderInvoicesPdf } from '../../billing/invoice-pdf';
import { facts, finish, INNER, A4, newA4, table } from '../../billing/pdf-kit';
import { noteAudit, type QueryContext } from '../../context';
import {
  customers,
  devices,
  invoices,
  meterReadings,
  paymentAllocations,
  payments,
  readingReviews,
  tariffVersions,
  villages,
} from '../../db/schema';
import { invoiceView, loadInvoiceRow, openInvoices, paysPostpaid } from './queries';
import { DEFAULT_BILLING, loadRun, runInvoices, settingsOf } from '../billing/queries';
import { displayName } from '../registry/queries';
import { trusted } from '../readings/queries';
import { officeToday, readSettings } from '../shared/office';
import type { Handler } from '../shared/types';

const DAY_MS = 86_400_000;

function customerOf(ctx: QueryContext, id: string) {
  const c = ctx.db.select().from(customers).where(eq(customers.id, id)).get();
  if (!c) throw new AppError('NOT_FOUND', 'That customer does not exist.');
  return { id: c.id, accountNumber: c.accountNumber, name: displayName(c), villageId: c.villageId };
}

function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export const statement: Handler<'accounts.statement'> = (ctx, input) => {
  const customer = customerOf(ctx, input.customerId);
  const settings = readSettings(ctx.db);
  const zone = settings.office.timeZone;
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  const nowIso = ctx.clock.nowIso();
  const meters = ctx.db
    .select({ device: devices, miniGridId: villages.miniGridId })
    .from(devices)
    .leftJoin(villages, eq(villages.id, devices.villageId))
    .where(
      and(
        eq(devices.customerId, customer.id),
        eq(devices.kind, 'meter'),
        eq(devices.billingMode, 'postpaid'),
        isNull(devices.deletedAt),
      ),
    )
    .all();
  const meterViews = meters.map(({ device, miniGridId }) => {
    const billing = miniGridId ? settingsOf(ctx, miniGridId) : DEFAULT_BILLING;
    const closeDay = billing.closeDay;
    let period = billingPeriod(today.slice(0, 7), closeDay);
    if (period.end <= today) period = billingPeriod(addDays(period.end, 1).slice(0, 7), closeDay);
    const readings = ctx.db
      .select({
        id: meterReadings.id,
        at: meterReadings.readAt,
        wh: meterReadings.wh,
        source: meterReadings.source,
      })
      .from(meterReadings)
      .leftJoin(readingReviews, eq(readingReviews.readingId, meterReadings.id))
      .where(and(eq(meterReadings.deviceId, device.id), trusted))
      .orderBy(meterReadings.readAt)
      .all();
    const last = ctx.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.deviceId, device.id), eq(invoices.status, 'final')))
      .orderBy(desc(invoices.period))
      .get();
    // Without an invoice yet, the bill so far opens where the first invoice will.
    const opening = last
      ? null
      : openingReading(
          readings,
          {
            startIso: localDayBounds(period.start, zone).startIso,
            endIso: localDayBounds(period.end, zone).startIso,
          },
          billing.windowDays * DAY_MS,
        );
    const state: CarriedState | null = last ? last.nextState : opening && firstPeriodState(opening);
    const base = {
      meterSerial: device.serial,
      deviceId: device.id,
      serial: device.serial,
      period: period.name,
      periodStart: period.start,
      periodEnd: period.end,
    };
    if (!state)
      return {
        ...base,
        usedWh: 0,
        billSoFarMinor: 0,
        projectedWh: 0,
        projectedBillMinor: 0,
        note: 'No reading yet.',
      };
    const used = unbilledWh(readings, state);
    const elapsed = Math.max(1, daysBetweenDates(period.start, today) + 1);
    const perDay = averageDailyWh(readings, nowIso, 30) ?? used / elapsed;
    const projected = Math.round(used + perDay * Math.max(0, period.days - elapsed));
    const versions: PricedVersion[] = device.tariffId
      ? ctx.db
          .select()
          .from(tariffVersions)
          .where(eq(tariffVersions.tariffId, device.tariffId))
          .all()
          .map((v) => ({
            id: v.id,
            version: v.version,
            effectiveFrom: v.effectiveFrom,
            approvalRef: v.approvalRef,
            definition: v.definition,
          }))
      : [];
    // The bill so far counts the fixed charge up to today; the projection the whole period's.
    const priced = (wh: number, fixedUntil?: string) => {
      try {
        return periodCharges({
          versions,
          start: period.start,
          end: period.end,
          billedWh: wh,
          connectedFrom: device.installedAt,
          ...(fixedUntil ? { fixedUntil } : {}),
        }).totalMinor;
      } catch {
        return 0;
      }
    };
    return {
      ...base,
      usedWh: used,
      billSoFarMinor: priced(used, addDays(today, 1)),
      projectedWh: projected,
      projectedBillMinor: priced(projected),
      note:
        versions.length === 0
          ? 'No tariff: no bill can be estimated.'
          : readings.length === 0
            ? 'No reading yet.'
            : null,
    };
  });
  const { invoices: open, balanceMinor } = openInvoices(ctx, customer.id);
  const openMap = new Map(open.map((i) => [i.id, i.openMinor]));
  const recent = ctx.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.customerId, customer.id), eq(invoices.status, 'final')))
    .orderBy(desc(invoices.periodEnd))
    .limit(6)
    .all()
    .map((r) => invoiceView(ctx, r, openMap));
  const paid = ctx.db
    .select({
      id: payments.id,
      receiptNumber: payments.receiptNumber,
      receivedAt: payments.receivedAt,
      amountMinor: payments.amountMinor,
    })
    .from(payments)
    .where(
      and(
        eq(payments.customerId, customer.id),
        sql`exists (select 1 from ${paymentAllocations} where ${paymentAllocations.paymentId} = ${payments}.id and ${paysPostpaid})`,
      ),
    )
    .orderBy(desc(payments.receivedAt))
    .limit(10)
    .all();
  const numbers = new Map(
    ctx.db
      .select({ id: invoices.id, number: invoices.number })
      .from(invoices)
      .where(eq(invoices.customerId, customer.id))
      .all()
      .map((i) => [i.id, i.number ?? '']),
  );
  const paymentViews = paid.map((p) => ({
    receiptNumber: p.receiptNumber,
    receivedAt: p.receivedAt,
    amountMinor: p.amountMinor,
    invoices: ctx.db
      .select({ ref: paymentAllocations.refId })
      .from(paymentAllocations)
      .where(and(eq(paymentAllocations.paymentId, p.id), eq(paymentAllocations.kind, 'invoice')))
      .all()
      .map((a) => numbers.get(a.ref ?? '') ?? ''),
  }));
  return {
    customer: { id: customer.id, accountNumber: customer.accountNumber, name: customer.name },
    asOf: nowIso,
    meters: meterViews.map(({ meterSerial: _m, ...m }) => m),
    invoices: recent,
    payments: paymentViews,
    balanceMinor,
  };
};

export const statementPdf: Handler<'accounts.statementPdf'> = (ctx, input) => {
  const s = statement(ctx, input);
  if (s instanceof AppError || s instanceof Promise)
    throw new Error('statement must be synchronous');
  const settings = readSettings(ctx.db);
  const money = (m: number) => formatMoney(m, settings.currency);
  const doc = newA4(
    `Statement ${s.customer.accountNumber}`,
    settings.company.name,
    new Date(s.asOf),
  );
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(16).text(settings.company.name);
  doc.font('Helvetica-Bold').fontSize(13).text('ACCOUNT STATEMENT');
  doc.y += 6;
  facts(
    doc,
    [
      ['Customer', s.customer.name],
      ['Account', s.customer.accountNumber],
      ['As of', printDate(localDate(Date.parse(s.asOf), settings.office.timeZone))],
      ['Balance', money(s.balanceMinor)],
    ],
    A4.margin,
    INNER * 0.6,
  );
  doc.y += 8;
  doc.font('Helvetica-Bold').fontSize(11).text('This period', A4.margin);
  table(
    doc,
    [
      { label: 'Meter', width: 0.2 },
      { label: 'Period', width: 0.14 },
      { label: 'Used so far', width: 0.16, right: true },
      { label: 'Bill so far', width: 0.17, right: true },
      { label: 'Projected use', width: 0.16, right: true },
      { label: 'Projected bill', width: 0.17, right: true },
    ],
    s.meters.map((m) => [
      m.serial,
      m.period,
      `${formatKwh(m.usedWh)} kWh`,
      money(m.billSoFarMinor),
      `${formatKwh(m.projectedWh)} kWh`,
      money(m.projectedBillMinor),
    ]),
  );
  doc.y += 8;
  doc.font('Helvetica-Bold').fontSize(11).text('Invoices', A4.margin);
  table(
    doc,
    [
      { label: 'Number', width: 0.24 },
      { label: 'Period', width: 0.14 },
      { label: 'Meter', width: 0.18 },
      { label: 'Charges', width: 0.15, right: true },
      { label: 'Still open', width: 0.15, right: true },
      { label: 'Due', width: 0.14 },
    ],
    s.invoices.map((i) => [
      i.number ?? '',
      i.period,
      i.meterSerial,
      money(i.chargesMinor),
      money(i.openMinor ?? 0),
      i.dueDate,
    ]),
  );
  doc.y += 8;
  doc.font('Helvetica-Bold').fontSize(11).text('Payments', A4.margin);
  table(
    doc,
    [
      { label: 'Receipt', width: 0.22 },
      { label: 'Date', width: 0.18 },
      { label: 'Amount', width: 0.2, right: true },
      { label: 'Invoices paid', width: 0.4 },
    ],
    s.payments.map((p) => [
      p.receiptNumber,
      p.receivedAt.slice(0, 10),
      money(p.amountMinor),
      p.invoices.join(', '),
    ]),
  );
  noteAudit(ctx, `Printed the statement of ${s.customer.accountNumber}`, [s.customer.id]);
  return {
    fileName: `statement-${s.customer.accountNumber}.pdf`,
    pdfBase64: finish(doc).toString('base64'),
  };
};

type AgingRow = OutputOf<'billing.aging'>['rows'][number];

function emptyBuckets(): Record<DebtBucket | 'totalMinor', number> {
  return { not_due: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0, totalMinor: 0 };
}

/** Every customer with final invoices, their open invoices with age in days. */
function openByCustomer(ctx: QueryContext, today: string) {
  const ids = ctx.db
    .selectDistinct({ id: invoices.customerId })
    .from(invoices)
    .where(eq(invoices.status, 'final'))
    .all();
  return ids.map(({ id }) => {
    const customer = customerOf(ctx, id);
    const open = openInvoices(ctx, id);
    const bodies = new Map(
      ctx.db
        .select({
          id: invoices.id,
          body: invoices.body,
          deviceId: invoices.deviceId,
          dueDate: invoices.dueDate,
        })
        .from(invoices)
        .where(and(eq(invoices.customerId, id), eq(invoices.status, 'final')))
        .all()
        .map((r) => [r.id, r]),
    );
    return {
      customer,
      balanceMinor: open.balanceMinor,
      invoices: open.invoices
        .filter((i) => i.openMinor > 0)
        .map((i) => {
          const row = bodies.get(i.id);
          const body = row?.body;
          return {
            ...i,
            dueDate: row?.dueDate ?? i.periodEnd,
            // The disconnection list counts an invoice's age from its date (the period's last day).
            age: daysBetweenDates(addDays(i.periodEnd, -1), today),
            village: body?.village ?? '',
            miniGrid: body?.miniGrid ?? '',
            meter: body?.meterSerial ?? '',
          };
        }),
    };
  });
}

export const aging: Handler<'billing.aging'> = (ctx, input) => {
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  const groups = new Map<string, AgingRow>();
  const totals = emptyBuckets();
  for (const c of openByCustomer(ctx, today)) {
    for (const inv of c.invoices) {
      const key =
        input.groupBy === 'customer'
          ? c.customer.id
          : input.groupBy === 'village'
            ? `${inv.miniGrid}/${inv.village}`
            : inv.miniGrid;
      const label =
        input.groupBy === 'customer'
          ? `${c.customer.accountNumber} ${c.customer.name}`
          : input.groupBy === 'village'
            ? `${inv.village} (${inv.miniGrid})`
            : inv.miniGrid;
      const row = groups.get(key) ?? { key, label, ...emptyBuckets() };
      // The one aging rule, shared with the dashboard and the monthly pack: days past the due date.
      const bucket = agingBucket(inv.dueDate, today);
      row[bucket] += inv.openMinor;
      row.totalMinor += inv.openMinor;
      totals[bucket] += inv.openMinor;
      totals.totalMinor += inv.openMinor;
      groups.set(key, row);
    }
  }
  return {
    asOf: today,
    rows: [...groups.values()].sort(
      (a, b) => b.totalMinor - a.totalMinor || a.label.localeCompare(b.label),
    ),
    totals,
  };
};

export const disconnections: Handler<'billing.disconnections'> = (ctx, input) => {
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  const rows = openByCustomer(ctx, today)
    .filter(
      (c) => c.balanceMinor > 0 && c.balanceMinor >= input.minBalanceMinor && c.invoices.length > 0,
    )
    .map((c) => {
      const oldest = c.invoices[0];
      return { c, oldest };
    })
    .filter(({ oldest }) => oldest !== undefined && oldest.age > input.olderThanDays)
    .map(({ c, oldest }) => ({
      customer: {
        id: c.customer.id,
        accountNumber: c.customer.accountNumber,
        name: c.customer.name,
      },
      village: oldest?.village ?? '',
      meters: [...new Set(c.invoices.map((i) => i.meter))],
      balanceMinor: c.balanceMinor,
      oldestOpenInvoice: oldest?.number ?? '',
      daysOld: oldest?.age ?? 0,
    }))
    .sort((a, b) => a.village.localeCompare(b.village) || b.balanceMinor - a.balanceMinor);
  return { asOf: today, rows };
};

export const reportPdf: Handler<'billing.reportPdf'> = (ctx, input) => {
  const settings = readSettings(ctx.db);
  const money = (m: number) => formatMoney(m, settings.currency);
  const doc = newA4(
    input.report === 'aging' ? 'Debt aging' : 'Disconnection list',
    settings.company.name,
    new Date(ctx.clock.nowIso()),
  );
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(16).text(settings.company.name);
  if (input.report === 'aging') {
    const r = aging(ctx, { groupBy: input.groupBy });
    if (r instanceof AppError || r instanceof Promise) throw new Error('aging must be synchronous');
    doc.font('Helvetica-Bold').fontSize(13).text(`DEBT AGING by ${input.groupBy} - ${r.asOf}`);
    doc.y += 6;
    const cols = [
      { label: input.groupBy, width: 0.3 },
      ...['Not due', '1-30 days', '31-60', '61-90', '90+', 'Total'].map((label) => ({
        label,
        width: 0.7 / 6,
        right: true,
      })),
    ];
    const line = (x: Record<DebtBucket | 'totalMinor', number>) => [
      ...DEBT_BUCKETS.map((b) => money(x[b])),
      money(x.totalMinor),
    ];
    const rows = r.rows.map((x) => [x.label, ...line(x)]);
    rows.push(['TOTAL', ...line(r.totals)]);
    table(doc, cols, rows, { bold: (i) => i === rows.length - 1 });
  } else {
    const r = disconnections(ctx, {
      minBalanceMinor: input.minBalanceMinor,
      olderThanDays: input.olderThanDays,
    });
    if (r instanceof AppError || r instanceof Promise)
      throw new Error('disconnections must be synchronous');
    doc.font('Helvetica-Bold').fontSize(13).text(`DISCONNECTION LIST - ${r.asOf}`);
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(
        `Balance at least ${money(input.minBalanceMinor)}, oldest open invoice older than ${input.olderThanDays} days.`,
      );
    doc.y += 6;
    table(
      doc,
      [
        { label: 'Account', width: 0.13 },
        { label: 'Customer', width: 0.22 },
        { label: 'Village', width: 0.15 },
        { label: 'Meters', width: 0.15 },
        { label: 'Balance', width: 0.13, right: true },
        { label: 'Oldest invoice', width: 0.14 },
        { label: 'Days', width: 0.08, right: true },
      ],
      r.rows.map((x) => [
        x.customer.accountNumber,
        x.customer.name,
        x.village,
        x.meters.join(', '),
        money(x.balanceMinor),
        x.oldestOpenInvoice,
        String(x.daysOld),
      ]),
    );
  }
  noteAudit(
    ctx,
    `Printed the ${input.report === 'aging' ? 'debt aging' : 'disconnection list'}`,
    [],
  );
  return {
    fileName: `${input.report}-${officeToday(ctx.db, ctx.clock.nowMs())}.pdf`,
    pdfBase64: finish(doc).toString('base64'),
  };
};

export const invoicesPdf: Handler<'invoices.pdf'> = (ctx, input) => {
  const settings = readSettings(ctx.db);
  let list: Invoice[];
  let name: string;
  if (input.invoiceId) {
    const row = loadInvoiceRow(ctx, input.invoiceId);
    list = [invoiceView(ctx, row)];
    name = row.number ?? `draft-${row.period}`;
  } else {
    // An unknown run is NOT_FOUND and a run without invoices says so: never an empty PDF.
    const run = loadRun(ctx, input.runId ?? '');
    const rows = runInvoices(ctx, run.id);
    if (rows.length === 0) {
      throw new AppError('CONFLICT', 'That billing run has no invoices to print.');
    }
    const zone = settings.office.timeZone;
    list = rows.map((r) => invoiceView(ctx, r, undefined, zone));
    name = `run-${rows[0]?.period ?? 'empty'}`;
  }
  const createdAt = new Date(
    list[0]?.status === 'final' ? `${list[0].periodEnd}T00:00:00Z` : ctx.clock.nowIso(),
  );
  const bytes = renderInvoicesPdf(list, settings, createdAt);
  noteAudit(
    ctx,
    `Printed ${list.length} invoice(s) (${name})`,
    list.map((i) => i.id),
  );
  return { fileName: `invoices-${name}.pdf`, pdfBase64: bytes.toString('base64') };
};
