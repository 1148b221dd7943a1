// The managers' dashboard (docs/dashboard.md). This file only loads grouped sums and plain rows
// from the ledgers for a scope; every figure is made by the domain (domain/reports/dashboard.ts),
// targets by the monthly report's own measure (targetStanding), PAR30 from the contracts' facts.
import { sql } from 'drizzle-orm';
import { AppError, type DashboardReport } from '../../../contract';
import { billingPeriod } from '../../../domain/billing/period';
import {
  dashboardFigures,
  sectionsFor,
  type MonthPartRow,
  type OpenInvoiceFact,
  type TodayPaymentRow,
} from '../../../domain/reports/dashboard';
import { addDays, localDayBounds } from '../../../domain/time';
import { lastGoodBackup, readLastDrill } from '../../backup/service';
import type { QueryContext } from '../../context';
import { factsOf } from '../contracts/queries';
import { officeToday, readSettings } from '../shared/office';
import { targetsWithin, targetStandings } from './reports';
import { resolveScope, scopeVillages, type ReportScope } from './scope';
import type { Handler } from '../shared/types';

type Ctx = QueryContext;

/**
 * The customers of a scope as a filter on `c.village_id` of a join with customers; the company
 * needs no join at all (every customer has a village), which keeps SQLite on the received-at index.
 */
function customerJoin(scope: ReportScope) {
  return scope.kind === 'company'
    ? { join: sql``, where: sql`1` }
    : {
        join: sql`join customers c on c.id = p.customer_id`,
        where: sql`+c.village_id in (${scopeVillages(scope)})`,
      };
}

function loadFacts(ctx: Ctx, scope: ReportScope, date: string, asOf: string, timeZone: string) {
  const inScope = scopeVillages(scope);
  const scoped = customerJoin(scope);
  const day = localDayBounds(date, timeZone);
  const monthStart = `${date.slice(0, 7)}-01`;
  const monthStartIso = localDayBounds(monthStart, timeZone).startIso;

  const today = ctx.db.all<TodayPaymentRow>(sql`
    select p.method as method, p.cashier_name as cashier, sum(p.amount_minor) as amountMinor,
           sum(p.reversal_of is null) as payments
    from payments p ${scoped.join}
    where p.received_at >= ${day.startIso} and p.received_at < ${day.endIso} and ${scoped.where}
    group by p.method, p.cashier_name`);

  // A token belongs to its device's village, or its customer's when the device has none.
  const deviceVillage = sql`coalesce(d.village_id, (select village_id from customers where id = d.customer_id))`;
  const tokensToday = ctx.db.all<{ kind: string; count: number }>(sql`
    select t.type as kind, count(*) as count
    from tokens t join devices d on d.id = t.device_id
    where t.issued_at >= ${day.startIso} and t.issued_at < ${day.endIso} and ${deviceVillage} in (${inScope})
    group by t.type
    union all
    select 'STS' as kind, count(*) as count
    from sts_requests s join devices d on d.id = s.device_id
    where s.created_at >= ${day.startIso} and s.created_at < ${day.endIso} and ${deviceVillage} in (${inScope})`);

  // Summed per UTC quarter-hour: no time zone in use splits one between two local days.
  const monthParts = ctx.db.all<MonthPartRow>(sql`
    select substr(p.received_at, 1, 13) as hour,
           cast(substr(p.received_at, 15, 2) as integer) / 15 as quarter,
           pa.kind as kind, sum(pa.amount_minor) as amountMinor, coalesce(sum(pa.wh), 0) as wh
    from payments p join payment_allocations pa on pa.payment_id = p.id ${scoped.join}
    where p.received_at >= ${monthStartIso} and p.received_at < ${day.endIso} and ${scoped.where}
    group by hour, quarter, pa.kind`);

  // The month's final invoices, found through their billing runs (runs are few; invoices_run_idx).
  const billed = ctx.db.get<{ chargesMinor: number; billedWh: number; invoices: number }>(sql`
    select coalesce(sum(i.charges_minor), 0) as chargesMinor,
           coalesce(sum(json_extract(i.body, '$.billedWh')), 0) as billedWh, count(*) as invoices
    from billing_runs r join invoices i on i.run_id = r.id
    join customers c on c.id = i.customer_id
    where r.period = ${date.slice(0, 7)} and i.status = 'final' and c.village_id in (${inScope})`) ?? {
    chargesMinor: 0,
    billedWh: 0,
    invoices: 0,
  };

  // Debt: every final invoice of the scope's customers in payment order, read from
  // invoices_debt_idx, with what was paid naming it (payment_allocations_ref_idx) and its notes;
  // and the money left on postpaid accounts (payment_allocations_account_credit_idx).
  const invoices = ctx.db.all<OpenInvoiceFact>(sql`
    select i.customer_id as customerId, i.due_date as dueDate,
      i.charges_minor + coalesce((select sum(n.amount_minor) from invoice_notes n
        where n.invoice_id = i.id and n.kind = 'debit'), 0) as chargedMinor,
      coalesce((select sum(pa.amount_minor) from payment_allocations pa
        where pa.ref_id = i.id and pa.kind = 'invoice'), 0)
      + coalesce((select sum(n.amount_minor) from invoice_notes n
        where n.invoice_id = i.id and n.kind = 'credit'), 0) as settledMinor
    from invoices i
    where i.status = 'final' ${scope.kind === 'company' ? sql`` : sql`and i.customer_id in (select id from customers where village_id in (${inScope}))`}
    order by i.status, i.customer_id, i.period_end, i.number`);
  const accountCreditByCustomer = new Map<string, number>();
  for (const r of ctx.db.all<{ id: string; amount: number }>(sql`
    select p.customer_id as id, sum(pa.amount_minor) as amount
    from payment_allocations pa join payments p on p.id = pa.payment_id
    where pa.kind = 'account_credit'
    group by p.customer_id`))
    accountCreditByCustomer.set(r.id, r.amount);

  // Appliance contracts in scope, standing as of today.
  let contracts = factsOf(ctx, asOf, 'active');
  if (scope.kind !== 'company') {
    const ids = new Set(
      ctx.db
        .all<{ id: string }>(
          sql`select c.id as id from customers c where c.village_id in (${inScope})
              and c.id in (select customer_id from contracts where status = 'active')`,
        )
        .map((r) => r.id),
    );
    contracts = contracts.filter((f) => ids.has(f.row.customer_id));
  }

  const registry = ctx.db.get<{ newCustomers: number; newConnections: number; flagged: number }>(
    sql`select
      (select count(*) from customers c
        where c.created_at >= ${monthStartIso} and c.created_at < ${day.endIso}
          and c.village_id in (${inScope})) as newCustomers,
      (select count(*) from devices d
        where d.installed_at >= ${monthStart} and d.installed_at <= ${date}
          and d.deleted_at is null and ${deviceVillage} in (${inScope})) as newConnections,
      (select count(*) from meter_readings r join devices d on d.id = r.device_id
        where r.flag is not null
          and not exists (select 1 from reading_reviews rv where rv.reading_id = r.id)
          and ${deviceVillage} in (${inScope})) as flagged`,
  );

  return {
    facts: {
      date,
      asOf,
      timeZone,
      today,
      tokensToday,
      monthParts,
      billed,
      invoices,
      accountCreditByCustomer,
      contracts: contracts.map((f) => ({
        outstanding: f.standing.outstanding,
        daysLate: f.standing.daysLate,
      })),
      newCustomers: registry?.newCustomers ?? 0,
      newConnections: registry?.newConnections ?? 0,
      flaggedReadings: registry?.flagged ?? 0,
    },
    monthStart,
  };
}

export function dashboardReport(
  ctx: Ctx,
  period: string | undefined,
  scopeText: string | undefined,
): DashboardReport {
  const settings = readSettings(ctx.db);
  const asOf = officeToday(ctx.db, ctx.clock.nowMs());
  const month = period ?? asOf.slice(0, 7);
  if (month > asOf.slice(0, 7))
    throw new AppError(
      'VALIDATION',
      `${month} has not started yet (this month is ${asOf.slice(0, 7)}).`,
      {
        issues: [{ field: 'period', message: 'is in the future' }],
      },
    );
  const scope = resolveScope(ctx, scopeText);
  // The counter's day: today in this month, the last day of a month that is over.
  const date = month === asOf.slice(0, 7) ? asOf : addDays(billingPeriod(month, null).end, -1);
  const { facts, monthStart } = loadFacts(ctx, scope, date, asOf, settings.office.timeZone);
  const figures = dashboardFigures(facts);
  const role = ctx.actor.role;
  const sections = role === null ? sectionsFor('admin') : sectionsFor(role);
  const sees = (s: (typeof sections)[number]) => sections.includes(s);
  const lastGood = sees('system') ? lastGoodBackup(ctx.db) : null;
  const drill = sees('system') ? readLastDrill(ctx.db) : null;
  return {
    period: month,
    date,
    monthStart,
    asOf,
    scope,
    generatedAt: ctx.clock.nowIso(),
    currency: settings.currency,
    sections,
    counter: sees('counter') ? figures.counter : null,
    month: sees('month') ? figures.month : null,
    debt: sees('debt') ? figures.debt : null,
    portfolio: sees('portfolio') ? figures.portfolio : null,
    registry: sees('registry') ? figures.registry : null,
    system: sees('system')
      ? {
          lastGoodBackupAt: lastGood?.createdAt ?? null,
          lastDrill: drill ? { at: drill.at, ok: drill.ok } : null,
          targets: targetStandings(
            ctx,
            targetsWithin(ctx, scope, monthStart, addDays(date, 1)),
            date,
          ),
        }
      : null,
  };
}

export const dashboard: Handler<'reports.dashboard'> = (ctx, input) =>
  dashboardReport(ctx, input.period, input.scope);
