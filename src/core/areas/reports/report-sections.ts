// The monthly pack's further sections (docs/reports.md): debt aging and the disconnection list,
// cashier day-ends, consumption per connection, energy generated against sold, and the appliance
// portfolio. This file only loads rows from the ledgers for a scope and a period; the figures are
// computed by the domain (domain/reports/debt.ts, portfolio.ts, sections.ts).
import { sql } from 'drizzle-orm';
import type { MonthlyFigures, MonthlyRows } from '../../../domain/reports/monthly';
import {
  debtAging,
  type DebtAging,
  type DebtCustomer,
  type DebtInvoice,
} from '../../../domain/reports/debt';
import {
  appliancePortfolio,
  type AppliancePortfolio,
  type ContractMoney,
  type PortfolioContract,
} from '../../../domain/reports/portfolio';
import {
  consumption,
  dayEndsSummary,
  energyBalance,
  generatedWh,
  type CashierTaken,
  type Connection,
  type Consumption,
  type DayClose,
  type DayEndsSummary,
  type EnergyBalance,
  type GenerationReading,
} from '../../../domain/reports/sections';
import type { ContractPlan } from '../../../domain/contracts/schedule';
import type { CustomerKind } from '../../../domain/vocabulary';
import { addDays, localDate } from '../../../domain/time';
import type { Steps } from '../../../domain/steps';
import type { QueryContext } from '../../context';
import { displayName } from '../registry/queries';
import { readSettings } from '../shared/office';
import { scopeVillages, type ReportScope } from './scope';

type Ctx = QueryContext;

export interface SectionPeriod {
  /** Local dates [from, to) and their instants. */
  from: string;
  to: string;
  startIso: string;
  endIso: string;
}

function debtAt(ctx: Ctx, scope: ReportScope, p: SectionPeriod) {
  const inScope = scopeVillages(scope);
  // Final invoices by the end, with the debit notes raised by then, oldest first per customer.
  const rows = ctx.db.all<{
    customerId: string;
    villageId: string;
    periodEnd: string;
    dueDate: string;
    chargedMinor: number;
  }>(sql`
    select i.customer_id as customerId, c.village_id as villageId, i.period_end as periodEnd,
           i.due_date as dueDate,
           i.charges_minor + coalesce((select sum(n.amount_minor) from invoice_notes n
             where n.invoice_id = i.id and n.kind = 'debit' and n.created_at < ${p.endIso}), 0)
             as chargedMinor
    from invoices i join customers c on c.id = i.customer_id
    where i.status = 'final' and coalesce(i.finalised_at, i.created_at) < ${p.endIso}
      and c.village_id in (${inScope})
    order by i.customer_id, i.period_end, i.number`);
  // What pays them: postpaid parts of payments received by the end, and credit notes by then;
  // only for customers with final invoices (payments by customer: payments_customer index).
  const billed = sql`select distinct i.customer_id from invoices i join customers c on c.id = i.customer_id
    where i.status = 'final' and c.village_id in (${inScope})`;
  const paid = new Map(
    ctx.db
      .all<{ customerId: string; paid: number }>(
        sql`
        select customerId, sum(amount) as paid from (
          select p.customer_id as customerId, pa.amount_minor as amount
          from payments p join payment_allocations pa on pa.payment_id = p.id
          where p.customer_id in (${billed}) and p.received_at < ${p.endIso}
            and pa.kind in ('invoice', 'account_credit')
          union all
          select i.customer_id, n.amount_minor
          from invoice_notes n join invoices i on i.id = n.invoice_id
          join customers c on c.id = i.customer_id
          where n.kind = 'credit' and n.created_at < ${p.endIso} and c.village_id in (${inScope})
        ) group by customerId`,
      )
      .map((r) => [r.customerId, r.paid]),
  );
  const byCustomer = new Map<string, DebtCustomer & { invoices: DebtInvoice[] }>();
  for (const r of rows) {
    let c = byCustomer.get(r.customerId);
    if (!c) {
      c = {
        customerId: r.customerId,
        villageId: r.villageId,
        paidMinor: paid.get(r.customerId) ?? 0,
        invoices: [],
      };
      byCustomer.set(r.customerId, c);
    }
    c.invoices.push({ periodEnd: r.periodEnd, dueDate: r.dueDate, chargedMinor: r.chargedMinor });
  }
  const customers = [...byCustomer.values()];
  // Measured at the close of the period's last day.
  return debtAging(customers, addDays(p.to, -1));
}

function dayEnds(ctx: Ctx, scope: ReportScope, p: SectionPeriod) {
  const taken = ctx.db.all<CashierTaken>(sql`
    select p.cashier_name as cashierName, sum(case when p.amount_minor > 0 then 1 else 0 end) as receipts,
           sum(p.amount_minor) as netMinor
    from payments p join customers c on c.id = p.customer_id
    where p.received_at >= ${p.startIso} and p.received_at < ${p.endIso}
      and +c.village_id in (${scopeVillages(scope)})
    group by p.cashier_name`);
  // A cashier's day is closed for the whole office: the closes are not split by place.
  const closes = ctx.db.all<DayClose>(sql`
    select day, cashier_name as cashierName, receipts, net_minor as netMinor,
           json_extract(report, '$.cash.differenceMinor') as cashDifferenceMinor
    from day_closes where day >= ${p.from} and day < ${p.to}`);
  return dayEndsSummary(taken, closes);
}

function connections(ctx: Ctx, scope: ReportScope, p: SectionPeriod): Connection[] {
  // A connection: a customer registered at the end with a meter (prepaid or postpaid) by then.
  return ctx.db
    .all<{
      customerId: string;
      accountNumber: string;
      kind: CustomerKind;
      firstName: string;
      lastName: string;
      businessName: string | null;
      villageId: string;
    }>(
      sql`
    select c.id as customerId, c.account_number as accountNumber, c.kind as kind,
           c.first_name as firstName, c.last_name as lastName, c.business_name as businessName,
           c.village_id as villageId
    from customers c
    where c.created_at < ${p.endIso} and (c.deleted_at is null or c.deleted_at >= ${p.endIso})
      and c.village_id in (${scopeVillages(scope)})
      and exists (select 1 from devices d where d.customer_id = c.id and +d.kind = 'meter'
        and d.billing_mode in ('prepaid', 'postpaid') and d.created_at < ${p.endIso}
        and (d.deleted_at is null or d.deleted_at >= ${p.endIso}))`,
    )
    .map((c) => ({
      customerId: c.customerId,
      accountNumber: c.accountNumber,
      name: displayName(c),
      villageId: c.villageId,
    }));
}

function generation(ctx: Ctx, scope: ReportScope, p: SectionPeriod, figures: MonthlyFigures) {
  // Generation meters of the scope's mini-grids, and their trusted readings up to the end.
  const meters = ctx.db.all<{ id: string; miniGridId: string }>(sql`
    select d.id as id, v.mini_grid_id as miniGridId
    from devices d join villages v on v.id = d.village_id
    where d.kind = 'meter' and d.billing_mode = 'generation' and d.deleted_at is null
      and d.village_id in (${scopeVillages(scope)})`);
  const byGrid = new Map<string, number>();
  for (const m of meters) {
    const readings = ctx.db.all<GenerationReading>(sql`
      select r.read_at as at, r.wh as wh
      from meter_readings r left join reading_reviews rv on rv.reading_id = r.id
      where r.device_id = ${m.id} and r.read_at < ${p.endIso}
        and r.read_at >= coalesce((select max(r2.read_at) from meter_readings r2
          left join reading_reviews rv2 on rv2.reading_id = r2.id
          where r2.device_id = ${m.id} and r2.read_at < ${p.startIso}
            and (r2.flag is null or rv2.decision = 'accepted')
            and (rv2.decision is null or rv2.decision = 'accepted')), ${p.startIso})
        and (r.flag is null or rv.decision = 'accepted')
        and (rv.decision is null or rv.decision = 'accepted')`);
    byGrid.set(
      m.miniGridId,
      (byGrid.get(m.miniGridId) ?? 0) + generatedWh(readings, p.startIso, p.endIso),
    );
  }
  return energyBalance(
    figures.energy.byMiniGrid.map((g) => ({
      miniGridId: g.miniGridId,
      code: g.code,
      generatedWh: byGrid.get(g.miniGridId) ?? null,
      soldWh: g.prepaidWh + g.postpaidWh,
    })),
  );
}

function portfolio(ctx: Ctx, scope: ReportScope, p: SectionPeriod) {
  const rows = ctx.db.all<{
    id: string;
    villageId: string;
    saleDate: string;
    graceDays: number;
    plan: ContractPlan;
    price: number;
    downPayment: number;
    dailyPrice: number | null;
    minimumPayment: number | null;
    unlockTotal: number | null;
    openingPaid: number;
    inPortfolio: number;
  }>(sql`
    select k.id, c.village_id as villageId, k.sale_date as saleDate, k.grace_days as graceDays,
           k.plan, k.price_minor as price, k.down_payment_minor as downPayment,
           k.daily_price_minor as dailyPrice, k.minimum_payment_minor as minimumPayment,
           k.unlock_total_minor as unlockTotal, k.opening_paid_minor as openingPaid,
           (k.status in ('active', 'paid_off') or coalesce(k.status_at, '') >= ${p.endIso}) as inPortfolio
    from contracts k join customers c on c.id = k.customer_id
    where k.sale_date < ${p.to} and c.village_id in (${scopeVillages(scope)})`);
  if (rows.length === 0)
    return appliancePortfolio({
      from: p.from,
      to: p.to,
      asOf: addDays(p.to, -1),
      contracts: [],
      money: [],
    });
  const ids = sql.join(
    rows.map((r) => sql`${r.id}`),
    sql`, `,
  );
  const schedules = new Map<
    string,
    { seq: number; dueDate: string; amount: number; periodDays: number }[]
  >();
  for (const i of ctx.db.all<{
    contractId: string;
    seq: number;
    dueDate: string;
    amount: number;
    periodDays: number;
  }>(sql`
    select contract_id as contractId, seq, due_date as dueDate, amount_minor as amount,
           period_days as periodDays
    from contract_instalments where deleted_at is null and contract_id in (${ids})
    order by contract_id, due_date, seq`))
    schedules.set(i.contractId, [...(schedules.get(i.contractId) ?? []), i]);
  const zone = readSettings(ctx.db).office.timeZone;
  const money: ContractMoney[] = ctx.db
    .all<{ contractId: string; at: string; kind: string; amountMinor: number }>(
      sql`
      select pa.ref_id as contractId, p.received_at as at, pa.kind as kind,
             pa.amount_minor as amountMinor
      from payment_allocations pa join payments p on p.id = pa.payment_id
      where pa.kind in ('down_payment', 'contract') and p.received_at < ${p.endIso}
        and pa.ref_id in (${ids})`,
    )
    .map((m) => ({
      contractId: m.contractId,
      date: localDate(Date.parse(m.at), zone),
      deposit: m.kind === 'down_payment',
      amountMinor: m.amountMinor,
    }));
  const contracts: PortfolioContract[] = rows.map((r) => ({
    id: r.id,
    villageId: r.villageId,
    saleDate: r.saleDate,
    graceDays: r.graceDays,
    openingPaidMinor: r.openingPaid,
    inPortfolioAtEnd: r.inPortfolio === 1,
    terms: {
      plan: r.plan,
      price: r.price,
      downPayment: r.downPayment,
      instalments: schedules.get(r.id) ?? [],
      dailyPrice: r.dailyPrice,
      minimumPayment: r.minimumPayment,
      unlockTotal: r.unlockTotal,
    },
  }));
  return appliancePortfolio({ from: p.from, to: p.to, asOf: addDays(p.to, -1), contracts, money });
}

/** The number of stops reportSections makes: one after each section. */
export const SECTION_STEPS = 5;

/**
 * Every further section of the pack for a scope and a period, stopping after each one so a long
 * pack gives other commands a turn (core/turns.ts) and can report progress.
 */
export function* reportSections(
  ctx: Ctx,
  scope: ReportScope,
  period: SectionPeriod,
  rows: MonthlyRows,
  figures: MonthlyFigures,
): Steps<{
  debt: DebtAging;
  dayEnds: DayEndsSummary;
  consumption: Consumption;
  generation: EnergyBalance;
  portfolio: AppliancePortfolio;
}> {
  const debt = debtAt(ctx, scope, period);
  yield;
  const dayEndRows = dayEnds(ctx, scope, period);
  yield;
  const use = consumption(connections(ctx, scope, period), rows.allocations, rows.invoices);
  yield;
  const generated = generation(ctx, scope, period, figures);
  yield;
  const contracts = portfolio(ctx, scope, period);
  yield;
  return {
    debt,
    dayEnds: dayEndRows,
    consumption: use,
    generation: generated,
    portfolio: contracts,
  };
}
