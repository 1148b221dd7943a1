// The customer statement (docs/domain.md §7): use so far this period, bill so far, the
// end-of-period projection, last invoices and payments, the balance; and its printable PDF.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../../contract';
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
import { addDays, localDate, localDayBounds } from '../../../domain/time';
import { printDate } from '../../billing/dates';
import { facts, finish, INNER, A4, newA4, table } from '../../billing/pdf-kit';
import { noteAudit } from '../../context';
import {
  devices,
  invoices,
  meterReadings,
  paymentAllocations,
  payments,
  readingReviews,
  tariffVersions,
  villages,
} from '../../db/schema';
import { invoiceView, openInvoices, paysPostpaid } from './queries';
import { DEFAULT_BILLING, settingsOf } from '../billing/queries';
import { trusted } from '../readings/queries';
import { officeToday, readSettings } from '../shared/office';
import type { Handler } from '../shared/types';
import { customerOf, DAY_MS, daysBetweenDates } from './report-basics';

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
