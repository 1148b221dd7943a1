// Funder exports (docs/reports.md "Funder exports"): loads the period's payments (Odyssey's
// payment data) or the devices installed in it (Prospect's installation data) for a scope, lets
// the domain (domain/reports/funder.ts) fill the fields, and writes CSV and XLSX.
import { sql } from 'drizzle-orm';
import {
  odysseyRows,
  prospectRows,
  type FunderInstallation,
  type FunderPayment,
} from '../../../domain/reports/funder';
import { reportPeriod } from '../../../domain/reports/period';
import type { AllocationKind } from '../../../domain/vocabulary';
import { localDate } from '../../../domain/time';
import { reportCsv, tablesXlsx } from '../../reports/export';
import type { Table } from '../../reports/tables';
import { displayName } from '../registry/queries';
import { officeToday, readSettings } from '../shared/office';
import { instants, resolveScope, scopeVillages } from './scope';
import type { Handler } from '../shared/types';
import { AppError } from '../../../contract';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const funder: Handler<'reports.funder'> = async (ctx, input) => {
  const period = reportPeriod(input.period);
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  if (period.firstMonth > today.slice(0, 7))
    throw new AppError('VALIDATION', `${period.name} has not started yet.`, {
      issues: [{ field: 'period', message: 'is in the future' }],
    });
  const scope = resolveScope(ctx, input.scope);
  const inScope = scopeVillages(scope);
  const { startIso, endIso } = instants(ctx, period.from, period.to);
  const settings = readSettings(ctx.db);
  let table: Table;
  if (input.kind === 'odyssey') {
    const payments = ctx.db.all<Omit<FunderPayment, 'parts'> & { id: string }>(sql`
      select p.id, p.received_at as receivedAt, p.receipt_number as receiptNumber,
             p.amount_minor as amountMinor, p.method, d.serial as deviceSerial,
             d.kind as deviceKind, c.account_number as accountNumber, c.kind as customerKind,
             p.cashier_name as cashierName,
             coalesce(v.latitude, g.latitude) as latitude, coalesce(v.longitude, g.longitude) as longitude
      from payments p join customers c on c.id = p.customer_id
      join villages v on v.id = c.village_id join mini_grids g on g.id = v.mini_grid_id
      left join devices d on d.id = p.device_id
      where p.received_at >= ${startIso} and p.received_at < ${endIso}
        and +c.village_id in (${inScope})
      order by p.received_at, p.receipt_number`);
    const parts = new Map<string, { kind: AllocationKind; amountMinor: number }[]>();
    for (const a of ctx.db.all<{
      paymentId: string;
      kind: AllocationKind;
      amountMinor: number;
    }>(sql`
      select pa.payment_id as paymentId, pa.kind, pa.amount_minor as amountMinor
      from payment_allocations pa join payments p on p.id = pa.payment_id
      where p.received_at >= ${startIso} and p.received_at < ${endIso}`))
      parts.set(a.paymentId, [...(parts.get(a.paymentId) ?? []), a]);
    const rows = odysseyRows(
      payments.map((p) => ({ ...p, parts: parts.get(p.id) ?? [] })),
      settings.currency.code,
    );
    table = {
      name: 'Payments',
      columns: [
        { header: 'timestamp', kind: 'text' },
        { header: 'amount', kind: 'money' },
        { header: 'currency', kind: 'text' },
        { header: 'transaction_type', kind: 'text' },
        { header: 'transaction_id', kind: 'text' },
        { header: 'serial_number', kind: 'text' },
        { header: 'customer_id', kind: 'text' },
        { header: 'meter_id', kind: 'text' },
        { header: 'customer_category', kind: 'text' },
        { header: 'agent', kind: 'text' },
        { header: 'gps', kind: 'text' },
      ],
      rows: rows.map((r) => [
        r.timestamp,
        r.amountMinor,
        r.currency,
        r.transactionType,
        r.transactionId,
        r.serial,
        r.customerId,
        r.meterId,
        r.customerCategory,
        r.agent,
        r.gps,
      ]),
    };
  } else {
    const zone = settings.office.timeZone;
    const list = ctx.db.all<{
      accountNumber: string;
      kind: 'individual' | 'business';
      firstName: string;
      lastName: string;
      businessName: string | null;
      deviceSerial: string;
      deviceKind: string;
      installedAt: string | null;
      number: string | null;
      plan: 'instalments' | 'per_day' | null;
      frequency: string | null;
      instalments: number;
      priceMinor: number | null;
      downPaymentMinor: number | null;
      dailyPriceMinor: number | null;
      status: string | null;
      statusAt: string | null;
    }>(sql`
      select c.account_number as accountNumber, c.kind, c.first_name as firstName,
             c.last_name as lastName, c.business_name as businessName, d.serial as deviceSerial,
             d.kind as deviceKind, d.installed_at as installedAt, k.number, k.plan, k.frequency,
             (select count(*) from contract_instalments i where i.contract_id = k.id and i.deleted_at is null) as instalments,
             k.price_minor as priceMinor, k.down_payment_minor as downPaymentMinor,
             k.daily_price_minor as dailyPriceMinor, k.status, k.status_at as statusAt
      from devices d join customers c on c.id = d.customer_id
      left join contracts k on k.id = (select id from contracts where device_id = d.id order by sale_date desc limit 1)
      where d.installed_at >= ${period.from} and d.installed_at < ${period.to}
        and d.billing_mode is not 'generation' and d.village_id in (${inScope})
      order by d.installed_at, d.serial`);
    const rows = prospectRows(
      list.map((d): FunderInstallation => ({
        accountNumber: d.accountNumber,
        customerName: displayName(d),
        deviceSerial: d.deviceSerial,
        deviceKind: d.deviceKind,
        installedAt: d.installedAt,
        contract:
          d.number && d.plan && d.priceMinor !== null
            ? {
                number: d.number,
                plan: d.plan,
                frequency: d.frequency,
                instalments: d.instalments,
                priceMinor: d.priceMinor,
                downPaymentMinor: d.downPaymentMinor ?? 0,
                dailyPriceMinor: d.dailyPriceMinor,
                status: d.status ?? '',
                statusDate: d.statusAt ? localDate(Date.parse(d.statusAt), zone) : null,
              }
            : null,
      })),
    );
    table = {
      name: 'Installations',
      columns: [
        { header: 'customer_id', kind: 'text' },
        { header: 'customer_name', kind: 'text' },
        { header: 'serial_number', kind: 'text' },
        { header: 'product_type', kind: 'text' },
        { header: 'install_date', kind: 'text' },
        { header: 'payment_plan', kind: 'text' },
        { header: 'contract_number', kind: 'text' },
        { header: 'price', kind: 'money' },
        { header: 'down_payment', kind: 'money' },
        { header: 'paid_off_date', kind: 'text' },
        { header: 'repossession_date', kind: 'text' },
        { header: 'write_off_date', kind: 'text' },
      ],
      rows: rows.map((r) => [
        r.customerId,
        r.customerName,
        r.serial,
        r.productType,
        r.installDate,
        r.paymentPlan,
        r.contractNumber,
        r.priceMinor,
        r.downPaymentMinor,
        r.paidOffDate,
        r.repossessionDate,
        r.writeOffDate,
      ]),
    };
  }
  const scopeSlug =
    scope.kind === 'company'
      ? 'company'
      : scope.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '');
  const base = `griddesk-${input.kind}-${period.name}-${scopeSlug}`;
  const decimals = settings.currency.decimals;
  return {
    kind: input.kind,
    period: period.name,
    rows: table.rows.length,
    files: [
      {
        name: `${base}.csv`,
        mediaType: 'text/csv',
        contentBase64: Buffer.from(reportCsv(table, decimals), 'utf8').toString('base64'),
      },
      {
        name: `${base}.xlsx`,
        mediaType: XLSX_TYPE,
        contentBase64: (await tablesXlsx([table], decimals, ctx.clock.nowIso())).toString('base64'),
      },
    ],
  };
};
