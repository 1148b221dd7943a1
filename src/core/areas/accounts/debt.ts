// Debt aging and the disconnection list (docs/domain.md §7), with their printable PDF.
import { and, eq } from 'drizzle-orm';
import { AppError, type OutputOf } from '../../../contract';
import { formatMoney } from '../../../domain/money';
import { agingBucket, DEBT_BUCKETS, type DebtBucket } from '../../../domain/reports/debt';
import { addDays } from '../../../domain/time';
import { finish, newA4, table } from '../../billing/pdf-kit';
import { noteAudit, type QueryContext } from '../../context';
import { invoices } from '../../db/schema';
import { openInvoices } from './queries';
import { officeToday, readSettings } from '../shared/office';
import type { Handler } from '../shared/types';
import { customerOf, daysBetweenDates } from './report-basics';

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
