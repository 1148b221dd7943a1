// The monthly report and targets (docs/reports.md). This file only loads plain rows from the
// ledgers for a scope and a stretch of time; every figure is computed by the domain
// (domain/reports/monthly.ts), so the report, its exports and target progress agree.
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { AppError, type MonthlyReport, type Target } from '../../../contract';
import { reportPeriod } from '../../../domain/reports/period';
import {
  monthlyFigures,
  targetActual,
  targetProgress,
  type AllocationRow,
  type CustomerRow,
  type InvoiceRow,
  type MonthlyFigures,
  type MonthlyRows,
  type Place,
  type TokenRow,
} from '../../../domain/reports/monthly';
import { addDays, localDayBounds } from '../../../domain/time';
import type { TargetScope } from '../../../domain/vocabulary';
import { noteAudit, type QueryContext } from '../../context';
import { FILE_STEPS, reportFiles, type ReportFile } from '../../reports/export';
import { atOnce, type Steps } from '../../../domain/steps';
import { inTurns, nextTurn } from '../../turns';
import type { ConnectionUse } from '../../../domain/reports/sections';
import { reportSections, SECTION_STEPS } from './report-sections';
import { auditLog, clusters, miniGrids, targets } from '../../db/schema';
import { officeToday, readSettings, requireOffice, thisOffice } from '../shared/office';
import type { Handler } from '../shared/types';

type Ctx = QueryContext;

export interface ReportScope {
  kind: 'company' | 'cluster' | 'mini_grid';
  id: string | null;
  name: string;
}

function refuse(field: string, message: string, issue: string): AppError {
  return new AppError('VALIDATION', message, { issues: [{ field, message: issue }] });
}

/** A mini-grid by its code, else a cluster by its name (either case); none = the company. */
export function resolveScope(ctx: QueryContext, text: string | undefined): ReportScope {
  if (text === undefined) return { kind: 'company', id: null, name: 'Whole company' };
  const grid = ctx.db
    .select({ id: miniGrids.id, code: miniGrids.code, name: miniGrids.name })
    .from(miniGrids)
    .where(and(sql`upper(${miniGrids.code}) = upper(${text})`, isNull(miniGrids.deletedAt)))
    // Codes are unique per office: should two offices have used one while apart, ours is meant.
    .orderBy(sql`${miniGrids.officeId} = ${thisOffice(ctx.db)?.id ?? ''} DESC`, miniGrids.id)
    .get();
  if (grid) return { kind: 'mini_grid', id: grid.id, name: `${grid.name} (${grid.code})` };
  const cluster = ctx.db
    .select({ id: clusters.id, name: clusters.name })
    .from(clusters)
    .where(and(sql`lower(${clusters.name}) = lower(${text})`, isNull(clusters.deletedAt)))
    .get();
  if (cluster) return { kind: 'cluster', id: cluster.id, name: cluster.name };
  throw refuse(
    'scope',
    `No mini-grid has the code "${text}" and no cluster is called "${text}".`,
    `"${text}" is neither a mini-grid code nor a cluster name`,
  );
}

/** The villages (deleted ones too: their past money still counts) of a scope, as a SQL filter. */
export function scopeVillages(scope: ReportScope): SQL {
  switch (scope.kind) {
    case 'company':
      return sql`select id from villages`;
    case 'mini_grid':
      return sql`select id from villages where mini_grid_id = ${scope.id}`;
    case 'cluster':
      return sql`select v.id from villages v join mini_grids g on g.id = v.mini_grid_id where g.cluster_id = ${scope.id}`;
  }
}

export function placesOf(ctx: Ctx, scope: ReportScope): Place[] {
  return ctx.db.all<Place>(sql`
    select v.id as villageId, v.name as villageName, g.id as miniGridId, g.code as miniGridCode,
           g.name as miniGridName, c.id as clusterId, c.name as clusterName
    from villages v join mini_grids g on g.id = v.mini_grid_id join clusters c on c.id = g.cluster_id
    where v.id in (${scopeVillages(scope)})`);
}

/** Local dates [from, to) as UTC instants in the office time zone. */
export function instants(ctx: Ctx, from: string, to: string) {
  const zone = readSettings(ctx.db).office.timeZone;
  return {
    startIso: localDayBounds(from, zone).startIso,
    endIso: localDayBounds(to, zone).startIso,
  };
}

interface Stretch {
  /** Local dates [from, to). */
  from: string;
  to: string;
  /** Billing periods (YYYY-MM) whose final invoices count, inclusive. */
  firstPeriod: string;
  lastPeriod: string;
  /** Local dates of the stretch before, for churn (monthly report only). */
  before?: { from: string; to: string };
}

/** Every figure of a scope over a stretch of local dates, computed by the domain. */
export function figuresFor(ctx: Ctx, scope: ReportScope, stretch: Stretch): MonthlyFigures {
  return monthlyFigures(monthlyRows(ctx, scope, stretch));
}

/** The ledger rows the monthly figures are computed from. */
export function monthlyRows(ctx: Ctx, scope: ReportScope, stretch: Stretch): MonthlyRows {
  const inScope = scopeVillages(scope);
  // Payments are read by month (payments_received_idx), then kept if in scope: the unary + stops
  // SQLite from walking every customer of the scope instead.
  const { startIso, endIso } = instants(ctx, stretch.from, stretch.to);
  const allocations = ctx.db.all<AllocationRow>(sql`
    select pa.payment_id as paymentId, p.customer_id as customerId, c.village_id as villageId,
           p.method as method, pa.kind as kind, pa.amount_minor as amountMinor, pa.wh as wh
    from payment_allocations pa
    join payments p on p.id = pa.payment_id
    join customers c on c.id = p.customer_id
    where p.received_at >= ${startIso} and p.received_at < ${endIso}
      and +c.village_id in (${inScope})`);
  const previousNetByCustomer = new Map<string, number>();
  if (stretch.before) {
    const b = instants(ctx, stretch.before.from, stretch.before.to);
    for (const r of ctx.db.all<{ id: string; net: number }>(sql`
      select p.customer_id as id, sum(p.amount_minor) as net
      from payments p join customers c on c.id = p.customer_id
      where p.received_at >= ${b.startIso} and p.received_at < ${b.endIso}
        and +c.village_id in (${inScope})
      group by p.customer_id`))
      previousNetByCustomer.set(r.id, r.net);
  }
  const invoiceRows = ctx.db.all<InvoiceRow>(sql`
    select i.customer_id as customerId, c.village_id as villageId, i.charges_minor as chargesMinor,
           coalesce(json_extract(i.body, '$.billedWh'), 0) as billedWh
    from invoices i join customers c on c.id = i.customer_id
    where i.status = 'final' and i.period >= ${stretch.firstPeriod} and i.period <= ${stretch.lastPeriod}
      and c.village_id in (${inScope})`);
  // A token belongs to its device's village, or its customer's when the device has none.
  const deviceVillage = sql`coalesce(d.village_id, (select village_id from customers where id = d.customer_id))`;
  const tokenRows = ctx.db.all<TokenRow>(sql`
    select ${deviceVillage} as villageId, t.type as kind
    from tokens t join devices d on d.id = t.device_id
    where t.issued_at >= ${startIso} and t.issued_at < ${endIso} and ${deviceVillage} in (${inScope})
    union all
    select ${deviceVillage} as villageId, 'STS' as kind
    from sts_requests s join devices d on d.id = s.device_id
    where s.created_at >= ${startIso} and s.created_at < ${endIso} and ${deviceVillage} in (${inScope})`);
  const pending = ctx.db.get<{ n: number }>(sql`
    select count(*) as n
    from sts_requests s join devices d on d.id = s.device_id
    left join sts_tokens k on k.request_id = s.id
    where s.created_at < ${endIso} and (k.request_id is null or k.recorded_at >= ${endIso})
      and ${deviceVillage} in (${inScope})`);
  const customerRows = ctx.db.all<CustomerRow>(sql`
    select id, village_id as villageId, created_at as createdAt, deleted_at as deletedAt
    from customers
    where created_at < ${endIso} and (deleted_at is null or deleted_at >= ${startIso})
      and village_id in (${inScope})`);
  return {
    period: stretch.firstPeriod,
    startIso,
    endIso,
    places: placesOf(ctx, scope),
    allocations,
    previousNetByCustomer,
    invoices: invoiceRows,
    tokens: tokenRows,
    stsPendingAtEnd: pending?.n ?? 0,
    customers: customerRows,
  };
}

// --- targets ---

type TargetRow = typeof targets.$inferSelect;

function scopeNameOf(ctx: QueryContext, scope: TargetScope, id: string): string | null {
  if (scope === 'mini_grid') {
    const g = ctx.db
      .select({ code: miniGrids.code })
      .from(miniGrids)
      .where(and(eq(miniGrids.id, id), isNull(miniGrids.deletedAt)))
      .get();
    return g?.code ?? null;
  }
  const c = ctx.db
    .select({ name: clusters.name })
    .from(clusters)
    .where(and(eq(clusters.id, id), isNull(clusters.deletedAt)))
    .get();
  return c?.name ?? null;
}

function targetView(ctx: QueryContext, row: TargetRow): Target {
  return {
    id: row.id,
    scope: row.scope,
    scopeId: row.scopeId,
    scopeName: scopeNameOf(ctx, row.scope, row.scopeId) ?? '(deleted)',
    metric: row.metric,
    value: row.value,
    fromDate: row.fromDate,
    byDate: row.byDate,
    notes: row.notes,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

export const setTarget: Handler<'targets.set'> = (ctx, input) => {
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  if (input.byDate < today)
    throw refuse(
      'byDate',
      `The target date ${input.byDate} is already past (today is ${today}).`,
      'must be today or later',
    );
  const fromDate = input.fromDate ?? today;
  if (fromDate > input.byDate)
    throw refuse(
      'fromDate',
      `The target starts on ${fromDate}, after its date ${input.byDate}.`,
      'must be on or before the target date',
    );
  const name = scopeNameOf(ctx, input.scope, input.scopeId);
  if (name === null)
    throw refuse(
      'scopeId',
      input.scope === 'mini_grid'
        ? 'That mini-grid does not exist.'
        : 'That cluster does not exist.',
      'does not exist',
    );
  const values = {
    scope: input.scope,
    scopeId: input.scopeId,
    metric: input.metric,
    value: input.value,
    fromDate,
    byDate: input.byDate,
    notes: input.notes,
    updatedHlc: ctx.hlc.next(),
  };
  let id = input.id;
  if (id) {
    const found = ctx.db
      .select({ id: targets.id })
      .from(targets)
      .where(and(eq(targets.id, id), isNull(targets.deletedAt)))
      .get();
    if (!found) throw refuse('id', 'That target does not exist.', 'does not exist');
    ctx.db.update(targets).set(values).where(eq(targets.id, id)).run();
  } else {
    id = ctx.ids.newId();
    ctx.db
      .insert(targets)
      .values({
        id,
        officeId: requireOffice(ctx.db).id,
        createdAt: ctx.clock.nowIso(),
        createdBy: ctx.actor.name,
        ...values,
      })
      .run();
  }
  noteAudit(ctx, `Set target ${input.metric} ${input.value} for ${name} by ${input.byDate}`, [id]);
  const row = ctx.db.select().from(targets).where(eq(targets.id, id)).get();
  if (!row) throw new AppError('INTERNAL', 'The target was not saved.');
  return targetView(ctx, row);
};

export const listTargets: Handler<'targets.list'> = (ctx, input) => {
  const rows = ctx.db
    .select()
    .from(targets)
    .where(
      and(
        isNull(targets.deletedAt),
        input.scopeId ? eq(targets.scopeId, input.scopeId) : undefined,
      ),
    )
    .orderBy(desc(targets.byDate), desc(sql`${targets}.rowid`))
    .all();
  // Each measured from its first day through today (or its date, once past).
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  return { rows: rows.map((r) => targetStanding(ctx, r, today)) };
};

/** The targets a report of this scope shows: its own, and those of the places inside it. */
export function targetsWithin(
  ctx: QueryContext,
  scope: ReportScope,
  from: string,
  to: string,
): TargetRow[] {
  const live = ctx.db
    .select()
    .from(targets)
    .where(
      and(
        isNull(targets.deletedAt),
        sql`${targets.fromDate} < ${to}`,
        sql`${targets.byDate} >= ${from}`,
      ),
    )
    .orderBy(targets.byDate, sql`${targets}.rowid`)
    .all();
  if (scope.kind === 'company') return live;
  const gridIds = new Set(
    scope.kind === 'mini_grid'
      ? [scope.id]
      : ctx.db
          .select({ id: miniGrids.id })
          .from(miniGrids)
          .where(eq(miniGrids.clusterId, scope.id ?? ''))
          .all()
          .map((g) => g.id),
  );
  return live.filter((t) =>
    t.scope === 'mini_grid'
      ? gridIds.has(t.scopeId)
      : scope.kind === 'cluster' && t.scopeId === scope.id,
  );
}

function targetScopeOf(ctx: QueryContext, t: TargetRow): ReportScope {
  return {
    kind: t.scope,
    id: t.scopeId,
    name: scopeNameOf(ctx, t.scope, t.scopeId) ?? '(deleted)',
  };
}

/**
 * A target measured over its own place from its first day to the earlier of its date and
 * `lastDay` (the report's last day), with the report's rules; progress = actual / value.
 */
export function targetStanding(ctx: QueryContext, t: TargetRow, lastDay: string) {
  const countedTo = t.byDate < lastDay ? t.byDate : lastDay;
  // A target that has not started yet has nothing to measure.
  if (countedTo < t.fromDate)
    return { ...targetView(ctx, t), countedTo, actual: null, progress: null };
  const stretch = figuresFor(ctx, targetScopeOf(ctx, t), {
    from: t.fromDate,
    to: addDays(countedTo, 1),
    firstPeriod: t.fromDate.slice(0, 7),
    lastPeriod: countedTo.slice(0, 7),
  });
  const actual = targetActual(t.metric, stretch);
  return { ...targetView(ctx, t), countedTo, actual, progress: targetProgress(actual, t.value) };
}

// --- the report ---

/** The last audit entry: every change is audited, so it names the data a report was made from. */
function dataAsOf(ctx: QueryContext): MonthlyReport['dataAsOf'] {
  const last = ctx.db
    .select({ seq: auditLog.seq, hash: auditLog.hash, at: auditLog.at })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1)
    .get();
  return { auditSeq: last?.seq ?? 0, auditHash: last?.hash ?? null, at: last?.at ?? null };
}

/** The report's stops (report.ts monthlyReportSteps): its rows, each section, the targets. */
export const REPORT_STEPS = 2 + SECTION_STEPS;

export function monthlyReport(ctx: Ctx, periodText: string, scopeText?: string): MonthlyReport {
  return atOnce(monthlyReportSteps(ctx, periodText, scopeText));
}

/**
 * The report, stopping after each part of it (rows, sections, targets): the pack's command gives
 * other commands a turn at each stop and reports progress; `onStep` hears of each stop.
 */
export function* monthlyReportSteps(
  ctx: Ctx,
  periodText: string,
  scopeText?: string,
  onStep: () => void = () => undefined,
): Steps<MonthlyReport> {
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  const period = reportPeriod(periodText);
  if (period.firstMonth > today.slice(0, 7))
    throw refuse(
      'period',
      `${period.name} has not started yet (this month is ${today.slice(0, 7)}).`,
      'is in the future',
    );
  const scope = resolveScope(ctx, scopeText);
  // The data it starts from; generated in turns, it may also see changes saved meanwhile.
  const startedFrom = dataAsOf(ctx);
  const month = { start: period.from, end: period.to };
  const rows = monthlyRows(ctx, scope, {
    from: period.from,
    to: period.to,
    firstPeriod: period.firstMonth,
    lastPeriod: period.lastMonth,
    before: period.before,
  });
  const figures = monthlyFigures(rows);
  onStep();
  yield;
  const sections = reportSections(
    ctx,
    scope,
    { from: period.from, to: period.to, startIso: rows.startIso, endIso: rows.endIso },
    rows,
    figures,
  );
  let next = sections.next();
  while (!next.done) {
    onStep();
    yield;
    next = sections.next();
  }
  const more = next.value;
  const settings = readSettings(ctx.db);
  const placeNames = new Map(placesOf(ctx, scope).map((p) => [p.villageId, p] as const));
  const consumer = ({ villageId, ...c }: ConnectionUse) => ({
    ...c,
    villageName: placeNames.get(villageId)?.villageName ?? '',
  });
  const lastDay = addDays(month.end, -1);
  const targetRows = targetsWithin(ctx, scope, month.start, month.end).map((t) =>
    targetStanding(ctx, t, lastDay),
  );
  onStep();
  return {
    period: period.name,
    periodKind: period.kind,
    scope,
    from: month.start,
    to: month.end,
    generatedAt: ctx.clock.nowIso(),
    dataAsOf: startedFrom,
    empty: figures.empty,
    message: figures.empty
      ? `Nothing in this period: no payment, invoice, token or new customer in ${period.name}.`
      : null,
    currency: settings.currency,
    revenue: {
      ...figures.revenue,
      rows: figures.revenue.rows.map((r) => {
        const p = placeNames.get(r.villageId);
        return {
          clusterName: p?.clusterName ?? '',
          miniGridCode: p?.miniGridCode ?? '',
          villageName: p?.villageName ?? '',
          type: r.type,
          method: r.method,
          amountMinor: r.amountMinor,
        };
      }),
    },
    energy: figures.energy,
    customers: figures.customers,
    perCustomer: figures.perCustomer,
    tokens: figures.tokens,
    collections: figures.collections,
    targets: targetRows,
    debt: {
      ...more.debt,
      byVillage: more.debt.byVillage.map((v) => ({
        ...v,
        name: placeNames.get(v.villageId)?.villageName ?? '',
        miniGridCode: placeNames.get(v.villageId)?.miniGridCode ?? '',
      })),
    },
    dayEnds: more.dayEnds,
    consumption: {
      ...more.consumption,
      top: more.consumption.top.map(consumer),
      bottom: more.consumption.bottom.map(consumer),
    },
    generation: more.generation,
    portfolio: more.portfolio,
  };
}

export const monthly: Handler<'reports.monthly'> = (ctx, input) =>
  monthlyReport(ctx, input.period, input.scope);

/**
 * The pack's files. Long at a large company (docs/reports.md "Progress"): it stops after each
 * part of the report and each file to give other commands a turn, sends progress events under the
 * caller's operation id, and stops when that operation is cancelled.
 */
export const monthlyFiles: Handler<'reports.monthlyFiles'> = async (ctx, input) => {
  const total = REPORT_STEPS + FILE_STEPS;
  let done = 0;
  const step = () => {
    done += 1;
    if (input.operationId)
      ctx.events.emit({
        type: 'progress',
        operationId: input.operationId,
        phase: 'report',
        done,
        total,
      });
  };
  const signal = ctx.operations.start(input.operationId, ctx.actor.name);
  try {
    const report = await inTurns(monthlyReportSteps(ctx, input.period, input.scope, step), signal);
    if (!report) return new AppError('CONFLICT', 'The report was cancelled.', { cancelled: true });
    const files = await reportFiles(report, readSettings(ctx.db).company.name, async () => {
      step();
      await nextTurn();
      return signal.aborted;
    });
    if (!files) return new AppError('CONFLICT', 'The report was cancelled.', { cancelled: true });
    return packAnswer(report, files);
  } finally {
    ctx.operations.end(input.operationId);
  }
};

function packAnswer(report: MonthlyReport, files: ReportFile[]) {
  return {
    report,
    files: files.map((f) => ({
      name: f.name,
      mediaType: f.mediaType,
      contentBase64: f.bytes.toString('base64'),
    })),
  };
}
