// Billing runs (docs/domain.md §7). A run drafts one invoice per postpaid meter of a mini-grid for
// a period, with the problems that stop it (no reading, flagged reading, no tariff, no customer);
// the manager fixes readings and regenerates; finalising regenerates once more, refuses while
// problems remain, then numbers the invoices (office series per year, no gaps, village order) and
// builds their payment links. The arithmetic is in domain/billing; this service gathers the
// readings, tariff versions and the meter's state carried from its previous invoice.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  AppError,
  type BillingProblem,
  type BillingRun,
  type BillingSettings,
} from '../../../contract';
import { periodCharges, type PricedVersion } from '../../../domain/billing/charges';
import {
  firstPeriodState,
  openingReading,
  periodEnergy,
  type CarriedState,
  type MeterReadingPoint,
} from '../../../domain/billing/energy';
import {
  paymentLink,
  templateProblems as templateProblemsOf,
} from '../../../domain/billing/payment-link';
import { billingPeriod, type Period } from '../../../domain/billing/period';
import { MoneyTooLargeError } from '../../../domain/money';
import { minorToMajorInput } from '../../../domain/money-text';
import { addDays, localDayBounds } from '../../../domain/time';
import { atOnce } from '../../../domain/steps';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import { inTurns, nextTurn } from '../../turns';
import {
  billingRuns,
  billingSettings,
  customers,
  devices,
  invoiceNotes,
  invoices,
  meterReadings,
  miniGrids,
  paymentAllocations,
  payments,
  readingReviews,
  tariffVersions,
  tariffs,
  villages,
} from '../../db/schema';
import { columnPlaceholders, prepared } from '../../db/prepared';
import { invoiceView, paysPostpaid } from '../accounts/queries';
import { reserveCounter } from '../shared/counters';
import { displayName } from '../registry/queries';
import { trusted } from '../readings/queries';
import { officeToday, readSettings, requireOffice, requireOwnedHere } from '../shared/office';
import type { Handler } from '../shared/types';
import { loadRun, runInvoices, settingsOf } from './queries';

type Ctx = ServiceContext;
type RunRow = typeof billingRuns.$inferSelect;
type InvoiceInsert = typeof invoices.$inferInsert;

const DAY_MS = 86_400_000;

function loadMiniGrid(ctx: QueryContext, id: string, field = 'miniGridId') {
  const grid = ctx.db
    .select()
    .from(miniGrids)
    .where(and(eq(miniGrids.id, id), isNull(miniGrids.deletedAt)))
    .get();
  if (!grid) {
    throw new AppError('VALIDATION', 'That mini-grid does not exist.', {
      issues: [{ field, message: 'does not exist' }],
    });
  }
  return grid;
}

export const getSettings: Handler<'billing.getSettings'> = (ctx, input) => {
  loadMiniGrid(ctx, input.miniGridId);
  return settingsOf(ctx, input.miniGridId);
};

export const saveSettings: Handler<'billing.saveSettings'> = (ctx, input) => {
  const grid = loadMiniGrid(ctx, input.miniGridId);
  if (input.provider === 'custom') {
    const problems = input.linkTemplate
      ? templateProblemsOf(input.linkTemplate)
      : ['is required for a custom provider'];
    if (problems.length > 0) {
      throw new AppError('VALIDATION', `The link template ${problems.join('; ')}.`, {
        issues: problems.map((message) => ({ field: 'linkTemplate', message })),
      });
    }
  }
  if (['paystack', 'flutterwave', 'pesapal'].includes(input.provider) && !input.providerPage) {
    throw new AppError('VALIDATION', 'Give the payment page you created with the provider.', {
      issues: [{ field: 'providerPage', message: 'is required for this provider' }],
    });
  }
  const values = { ...input, updatedHlc: ctx.hlc.next() };
  const { miniGridId: _key, ...changes } = values;
  ctx.db
    .insert(billingSettings)
    .values(values)
    .onConflictDoUpdate({ target: billingSettings.miniGridId, set: changes })
    .run();
  noteAudit(
    ctx,
    `Saved billing settings of ${grid.name} (${grid.code}): provider ${input.provider}`,
    [grid.id],
  );
  return settingsOf(ctx, grid.id);
};

interface Draft {
  rows: InvoiceInsert[];
  problems: BillingProblem[];
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** Meters whose readings are loaded in one query: about 30 ms each at a few readings a meter. */
const READING_SLICE = 500;

interface ReadingRow {
  deviceId: string;
  id: string;
  at: string;
  wh: number;
  source: (typeof meterReadings.$inferSelect)['source'];
}

/**
 * Everything a run needs, loaded for the whole mini-grid in a handful of queries: per meter its
 * readings, flagged readings waiting for a review and previous invoice; per tariff its versions;
 * per customer the account balance and the payments of the period. (One query per meter made a
 * run of 10,000 meters take 15 s; this takes well under the 3 s target.) A generator that stops
 * between queries, so a run started from the screen gives other commands a turn between them
 * (each query is a few hundred ms at 10,000 meters; all of them in one stretch froze the counter).
 */
function* loadRunData(
  ctx: Ctx,
  gridId: string,
  period: Period,
  startIso: string,
  endIso: string,
  billing: Pick<BillingSettings, 'windowDays' | 'estimateLookbackDays'>,
) {
  const inGrid = and(
    eq(villages.miniGridId, gridId),
    eq(devices.kind, 'meter'),
    eq(devices.billingMode, 'postpaid'),
    isNull(devices.deletedAt),
  );
  const meters = ctx.db
    // Only the columns a draft uses: whole device and customer rows cost more to map than to read.
    .select({
      device: {
        id: devices.id,
        serial: devices.serial,
        tariffId: devices.tariffId,
        installedAt: devices.installedAt,
      },
      village: villages.name,
      customer: {
        id: customers.id,
        accountNumber: customers.accountNumber,
        kind: customers.kind,
        firstName: customers.firstName,
        lastName: customers.lastName,
        businessName: customers.businessName,
      },
    })
    .from(devices)
    .innerJoin(villages, eq(villages.id, devices.villageId))
    .leftJoin(customers, eq(customers.id, devices.customerId))
    .where(
      and(
        inGrid,
        sql`(${devices.installedAt} is null or ${devices.installedAt} < ${period.end})`,
        // A spare in the store with nobody on it is not billed and is no problem; a meter still
        // on site without a customer is (someone uses its energy).
        sql`not (${devices.status} = 'in_stock' and ${devices.customerId} is null)`,
      ),
    )
    .orderBy(asc(villages.name), asc(devices.serial))
    .all();
  // Each meter's latest final invoice before the period carries its state; only that one is read
  // (the device index finds it), not every past invoice of the grid with its printed body.
  const previous = new Map<string, typeof invoices.$inferSelect>();
  for (const inv of ctx.db
    .select({ invoice: invoices })
    .from(invoices)
    .innerJoin(devices, eq(devices.id, invoices.deviceId))
    .innerJoin(villages, eq(villages.id, devices.villageId))
    .where(
      and(
        inGrid,
        eq(invoices.status, 'final'),
        sql`${invoices.period} = (select max(p.period) from ${invoices} p where p.device_id = ${invoices.deviceId} and p.status = 'final' and p.period < ${period.name})`,
      ),
    )
    .all()) {
    previous.set(inv.invoice.deviceId, inv.invoice);
  }
  yield;
  // Readings are the bulk of the data: loaded a slice of meters at a time, with a stop between.
  const readings = new Map<string, ReadingRow[]>();
  // Only the readings the period can use are read: none after the closing window, none before
  // the meter's carried base (or the opening window) less the estimate's look-back (see
  // domain/billing/energy.ts). A day of margin on both sides keeps this a pure saving.
  const windowMs = billing.windowDays * DAY_MS;
  const lookbackMs = (billing.estimateLookbackDays + 1) * DAY_MS;
  const until = new Date(Date.parse(endIso) + windowMs + DAY_MS).toISOString();
  const openFrom = Date.parse(startIso) - windowMs;
  const sinceOf = (deviceId: string): number => {
    const base = previous.get(deviceId)?.nextState.base.at;
    return Math.min(openFrom, base === undefined ? openFrom : Date.parse(base)) - lookbackMs;
  };
  for (let from = 0; from < meters.length; from += READING_SLICE) {
    yield;
    const ids = meters.slice(from, from + READING_SLICE).map((m) => m.device.id);
    const since = new Date(Math.min(...ids.map(sinceOf))).toISOString();
    const rows = prepared(ctx.db, 'billing.runReadings', (d) =>
      d
        .select({
          deviceId: meterReadings.deviceId,
          id: meterReadings.id,
          at: meterReadings.readAt,
          wh: meterReadings.wh,
          source: meterReadings.source,
        })
        .from(meterReadings)
        .leftJoin(readingReviews, eq(readingReviews.readingId, meterReadings.id))
        .where(
          and(
            sql`${meterReadings.deviceId} in (select value from json_each(${sql.placeholder('ids')}))`,
            sql`${meterReadings.readAt} >= ${sql.placeholder('since')}`,
            sql`${meterReadings.readAt} <= ${sql.placeholder('until')}`,
            trusted,
          ),
        )
        .orderBy(asc(meterReadings.deviceId), asc(meterReadings.readAt))
        .prepare(),
    ).all({ ids: JSON.stringify(ids), since, until });
    for (const [deviceId, list] of groupBy(rows, (r) => r.deviceId)) readings.set(deviceId, list);
  }
  yield;
  const flagged = groupBy(
    ctx.db
      .select({ deviceId: meterReadings.deviceId, at: meterReadings.readAt })
      .from(meterReadings)
      .innerJoin(devices, eq(devices.id, meterReadings.deviceId))
      .innerJoin(villages, eq(villages.id, devices.villageId))
      .leftJoin(readingReviews, eq(readingReviews.readingId, meterReadings.id))
      .where(and(inGrid, sql`${meterReadings.flag} is not null`, isNull(readingReviews.readingId)))
      .all(),
    (r) => r.deviceId,
  );
  const tariffIds = [
    ...new Set(meters.flatMap((m) => (m.device.tariffId ? [m.device.tariffId] : []))),
  ];
  yield;
  const versions = groupBy(
    tariffIds.length === 0
      ? []
      : ctx.db
          .select()
          .from(tariffVersions)
          .where(inArray(tariffVersions.tariffId, tariffIds))
          .all()
          .map((v) => ({
            tariffId: v.tariffId,
            version: {
              id: v.id,
              version: v.version,
              effectiveFrom: v.effectiveFrom,
              approvalRef: v.approvalRef,
              definition: v.definition,
            },
          })),
    (v) => v.tariffId,
  );
  yield;
  const tariffNames = new Map(
    tariffIds.length === 0
      ? []
      : ctx.db
          .select({ id: tariffs.id, name: tariffs.name })
          .from(tariffs)
          .where(inArray(tariffs.id, tariffIds))
          .all()
          .map((t) => [t.id, t.name]),
  );
  // Account balances of every customer (final invoices and notes less what payments settled).
  const balances = new Map<string, number>();
  const add = (id: string, amount: number) => balances.set(id, (balances.get(id) ?? 0) + amount);
  yield;
  for (const r of ctx.db
    .select({
      customerId: invoices.customerId,
      total: sql<number>`sum(${invoices.chargesMinor} + coalesce((select sum(case n.kind when 'debit' then n.amount_minor else -n.amount_minor end) from ${invoiceNotes} n where n.invoice_id = ${invoices}.id), 0))`,
    })
    .from(invoices)
    .where(eq(invoices.status, 'final'))
    .groupBy(invoices.customerId)
    .all()) {
    add(r.customerId, r.total);
  }
  const settled = paysPostpaid;
  yield;
  for (const r of ctx.db
    .select({
      customerId: payments.customerId,
      total: sql<number>`sum(${paymentAllocations.amountMinor})`,
    })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(settled)
    .groupBy(payments.customerId)
    .all()) {
    add(r.customerId, -r.total);
  }
  yield;
  const paidInPeriod = new Map(
    ctx.db
      .select({
        customerId: payments.customerId,
        total: sql<number>`sum(${paymentAllocations.amountMinor})`,
      })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(
        and(
          settled,
          sql`${payments.receivedAt} >= ${startIso}`,
          sql`${payments.receivedAt} < ${endIso}`,
        ),
      )
      .groupBy(payments.customerId)
      .all()
      .map((r) => [r.customerId, r.total]),
  );
  return { meters, readings, flagged, previous, versions, tariffNames, balances, paidInPeriod };
}

/** Draft every invoice of a mini-grid's period; writes nothing. */
function* startDraft(
  ctx: Ctx,
  runId: string,
  gridId: string,
  period: Period,
  progress: (done: number, total: number) => void,
) {
  const office = requireOffice(ctx.db);
  const settings = readSettings(ctx.db);
  const billing = settingsOf(ctx, gridId);
  const grid = loadMiniGrid(ctx, gridId);
  const zone = settings.office.timeZone;
  const startIso = localDayBounds(period.start, zone).startIso;
  const endIso = localDayBounds(period.end, zone).startIso;
  const windowMs = billing.windowDays * DAY_MS;
  const data = yield* loadRunData(ctx, gridId, period, startIso, endIso, billing);
  const rows: InvoiceInsert[] = [];
  const problems: BillingProblem[] = [];
  const arrearsGiven = new Set<string>();
  const createdAt = ctx.clock.nowIso();
  const draftMeter = (index: number): void => {
    const meter = data.meters[index];
    if (!meter) return;
    const { device, village, customer } = meter;
    if (index % 200 === 0) progress(index, data.meters.length);
    const name = customer ? displayName(customer) : null;
    const problem = (kind: BillingProblem['kind'], message: string): void => {
      problems.push({ kind, deviceId: device.id, serial: device.serial, customer: name, message });
    };
    const tooLarge = (): void =>
      problem(
        'too-large',
        `Meter ${device.serial}: the charges for ${period.name} are too large to count; check its tariff's prices and its readings.`,
      );
    if (!customer)
      return problem('no-customer', `Meter ${device.serial} is postpaid but has no customer.`);
    const versions: PricedVersion[] = (data.versions.get(device.tariffId ?? '') ?? []).map(
      (v) => v.version,
    );
    if (!versions.some((v) => v.effectiveFrom < period.end)) {
      return problem(
        'no-tariff',
        `Meter ${device.serial} has no tariff in force in ${period.name}.`,
      );
    }
    const readings: MeterReadingPoint[] = data.readings.get(device.id) ?? [];
    const previous = data.previous.get(device.id);
    let state: CarriedState;
    let opening: { at: string; wh: number; estimated: boolean; source: string };
    if (previous) {
      state = previous.nextState;
      opening = previous.body.closing;
    } else {
      const first = openingReading(readings, { startIso, endIso }, windowMs);
      if (!first)
        return problem(
          'no-reading',
          `Meter ${device.serial} has no reading to open the period with.`,
        );
      state = firstPeriodState(first);
      opening = { at: first.at, wh: first.wh, estimated: false, source: first.source };
    }
    const until = new Date(Date.parse(endIso) + windowMs).toISOString();
    const waiting = (data.flagged.get(device.id) ?? []).filter(
      (f) => f.at > state.base.at && f.at <= until,
    ).length;
    if (waiting > 0) {
      return problem(
        'flagged',
        `Meter ${device.serial} has ${waiting} flagged reading(s) to accept or reject first.`,
      );
    }
    const energy = periodEnergy({
      readings,
      state,
      endIso,
      windowMs,
      lookbackDays: billing.estimateLookbackDays,
    });
    if (!energy.ok) return problem('no-reading', `Meter ${device.serial}: ${energy.message}`);
    let charges: ReturnType<typeof periodCharges>;
    try {
      charges = periodCharges({
        versions,
        start: period.start,
        end: period.end,
        billedWh: energy.billedWh,
        connectedFrom: device.installedAt,
      });
    } catch (error) {
      // One meter whose bill cannot be counted exactly (a huge price times a huge use) is set
      // aside like a missing reading; it must not stop the run for every other meter.
      if (!(error instanceof MoneyTooLargeError)) throw error;
      return tooLarge();
    }
    // The account's balance before this run is brought forward once per customer.
    const arrears = arrearsGiven.has(customer.id) ? 0 : (data.balances.get(customer.id) ?? 0);
    if (!Number.isSafeInteger(arrears + charges.totalMinor)) return tooLarge();
    arrearsGiven.add(customer.id);
    const body = {
      meterSerial: device.serial,
      village,
      miniGrid: grid.name,
      tariff: {
        name: data.tariffNames.get(device.tariffId ?? '') ?? '',
        versions: charges.versions.map((v) => ({
          version: v.version,
          days: v.days,
          approvalRef: v.approvalRef,
        })),
      },
      opening,
      closing: {
        at: energy.closing.at,
        wh: energy.closing.wh,
        estimated: energy.closing.estimated,
        source: energy.closing.source,
      },
      billedWh: energy.billedWh,
      lines: charges.lines.map((l) => ({
        kind: l.kind,
        label: l.label,
        wh: l.wh,
        priceMilliMinorPerKwh: l.priceMilliMinorPerKwh,
        amountMinor: l.amountMinor,
      })),
      netMinor: charges.netMinor,
      vatMinor: charges.vatMinor,
      arrearsMinor: arrears,
      paymentsInPeriodMinor: data.paidInPeriod.get(customer.id) ?? 0,
    };
    rows.push({
      id: ctx.ids.newId(),
      officeId: office.id,
      runId,
      number: null,
      status: 'draft',
      customerId: customer.id,
      deviceId: device.id,
      period: period.name,
      periodStart: period.start,
      periodEnd: period.end,
      sortKey: `${village}\u0000${customer.accountNumber}\u0000${device.serial}`,
      body,
      nextState: energy.next,
      chargesMinor: charges.totalMinor,
      totalDueMinor: arrears + charges.totalMinor,
      dueDate: addDays(addDays(period.end, -1), billing.dueDays),
      paymentLink: null,
      createdAt,
      finalisedAt: null,
    });
  };
  return {
    total: data.meters.length,
    draftMeter,
    done: (): Draft => {
      progress(data.meters.length, data.meters.length);
      return { rows, problems };
    },
  };
}

/** Draft every invoice of a mini-grid's period in one go (inside a transaction); writes nothing. */
function draftRun(
  ctx: Ctx,
  runId: string,
  gridId: string,
  period: Period,
  progress: (done: number, total: number) => void,
): Draft {
  const draft = atOnce(startDraft(ctx, runId, gridId, period, progress));
  for (let i = 0; i < draft.total; i++) draft.draftMeter(i);
  return draft.done();
}

/**
 * The same, giving the event loop a turn every few hundred meters so progress events go out and a
 * cancel can arrive; null when cancelled. Nothing is written until the caller's transaction.
 */
async function draftRunCancellable(
  ctx: Ctx,
  runId: string,
  gridId: string,
  period: Period,
  progress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<Draft | null> {
  const draft = await inTurns(startDraft(ctx, runId, gridId, period, progress), signal);
  if (!draft) return null;
  for (let i = 0; i < draft.total; i++) {
    if (i % 250 === 0) {
      await nextTurn();
      if (signal.aborted) return null;
    }
    draft.draftMeter(i);
  }
  return draft.done();
}

function runView(ctx: QueryContext, run: RunRow): BillingRun {
  const grid = ctx.db
    .select({ name: miniGrids.name })
    .from(miniGrids)
    .where(eq(miniGrids.id, run.miniGridId))
    .get();
  const stats = ctx.db
    .select({
      n: sql<number>`count(*)`,
      total: sql<number>`coalesce(sum(${invoices.chargesMinor}), 0)`,
      estimated: sql<number>`coalesce(sum(case when json_extract(${invoices.body}, '$.closing.estimated') then 1 else 0 end), 0)`,
    })
    .from(invoices)
    .where(eq(invoices.runId, run.id))
    .get();
  return {
    id: run.id,
    miniGridId: run.miniGridId,
    miniGrid: grid?.name ?? '',
    period: run.period,
    status: run.status,
    invoices: stats?.n ?? 0,
    estimated: stats?.estimated ?? 0,
    totalChargesMinor: stats?.total ?? 0,
    problems: run.problems as BillingProblem[],
    generatedAt: run.generatedAt,
    finalisedAt: run.finalisedAt,
    finalisedBy: run.finalisedBy,
  };
}

function periodOf(ctx: Ctx, gridId: string, name: string): Period {
  const period = billingPeriod(name, settingsOf(ctx, gridId).closeDay);
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  if (period.end > today) {
    throw new AppError(
      'VALIDATION',
      `The period ${name} ends on ${addDays(period.end, -1)}; it can be billed from ${period.end}.`,
      { issues: [{ field: 'period', message: 'has not ended yet' }] },
    );
  }
  return period;
}

function progressOf(ctx: Ctx, operationId: string | undefined) {
  return (done: number, total: number) => {
    if (operationId && (done % 200 === 0 || done === total)) {
      ctx.events.emit({ type: 'progress', operationId, phase: 'billing', done, total });
    }
  };
}

/** Draft invoices per write transaction: about 15 ms of writing at a time. */
const WRITE_SLICE = 250;
/**
 * local_meta `billing_writing:<run id>`: the run's draft invoices are being written a slice at a
 * time. Found at start, the writing was interrupted: the run is removed (dropInterruptedRuns).
 */
const WRITING = 'billing_writing:';

function markWriting(raw: Ctx['raw'], runId: string): void {
  raw
    .prepare('INSERT OR REPLACE INTO local_meta (key, value) VALUES (?, ?)')
    .run(WRITING + runId, '1');
}

function refuseWhileWriting(ctx: Ctx, run: RunRow): void {
  if (ctx.raw.prepare('SELECT 1 FROM local_meta WHERE key = ?').get(WRITING + run.id) !== undefined)
    throw new AppError(
      'CONFLICT',
      `The run for ${run.period} is still being written; try again when it is done.`,
    );
}

function deleteDrafts(ctx: Ctx, runId: string): void {
  ctx.db
    .delete(invoices)
    .where(and(eq(invoices.runId, runId), eq(invoices.status, 'draft')))
    .run();
}

function insertDrafts(ctx: Ctx, rows: InvoiceInsert[]): void {
  // One prepared statement for every row: building a 500-row INSERT's text cost more than SQLite.
  const insert = prepared(ctx.db, 'billing.insertInvoice', (d) =>
    d.insert(invoices).values(columnPlaceholders(invoices)).prepare(),
  );
  for (const row of rows) insert.run(row);
}

/** The run's problems and generation time: the last step of writing a draft. */
function completeDraft(ctx: Ctx, runId: string, draft: Draft): void {
  ctx.db
    .update(billingRuns)
    .set({ problems: draft.problems, generatedAt: ctx.clock.nowIso() })
    .where(eq(billingRuns.id, runId))
    .run();
}

/** Replace a run's draft invoices at once (inside the caller's transaction). */
function writeDraft(ctx: Ctx, run: RunRow, draft: Draft): void {
  deleteDrafts(ctx, run.id);
  insertDrafts(ctx, draft.rows);
  completeDraft(ctx, run.id, draft);
}

/** The columns that make a draft invoice what it is (all but its id and creation time). */
const SAME_DRAFT_COLUMNS = [
  'office_id',
  'customer_id',
  'period',
  'period_start',
  'period_end',
  'sort_key',
  'body',
  'next_state',
  'charges_minor',
  'total_due_minor',
  'due_date',
] as const;

/**
 * The drafted rows that differ from the run's stored drafts, and the ids of stored drafts that no
 * drafted row matches. A draft is matched by its meter and every column but its id and creation
 * time (JSON as drizzle writes it), so a regenerate or a finalise over unchanged data writes
 * nothing: at 10,000 meters rewriting every draft was most of a finalise.
 */
function changedDrafts(ctx: Ctx, runId: string, rows: InvoiceInsert[]) {
  const stored = ctx.raw
    .prepare(
      `SELECT id, device_id, ${SAME_DRAFT_COLUMNS.join(', ')} FROM invoices WHERE run_id = ? AND status = 'draft'`,
    )
    .all(runId) as Record<string, unknown>[];
  const byDevice = new Map<string, Record<string, unknown>[]>();
  for (const row of stored) {
    const key = String(row.device_id);
    const list = byDevice.get(key);
    if (list) list.push(row);
    else byDevice.set(key, [row]);
  }
  const fresh: InvoiceInsert[] = [];
  for (const row of rows) {
    const values: Record<(typeof SAME_DRAFT_COLUMNS)[number], unknown> = {
      office_id: row.officeId,
      customer_id: row.customerId,
      period: row.period,
      period_start: row.periodStart,
      period_end: row.periodEnd,
      sort_key: row.sortKey,
      body: JSON.stringify(row.body),
      next_state: JSON.stringify(row.nextState),
      charges_minor: row.chargesMinor,
      total_due_minor: row.totalDueMinor,
      due_date: row.dueDate,
    };
    const candidates = byDevice.get(row.deviceId) ?? [];
    const same = candidates.findIndex((c) => SAME_DRAFT_COLUMNS.every((k) => c[k] === values[k]));
    if (same >= 0) candidates.splice(same, 1);
    else fresh.push(row);
  }
  const stale = [...byDevice.values()].flat().map((r) => String(r.id));
  return { fresh, stale };
}

/**
 * Replace a run's draft invoices a slice per transaction, with a turn for other commands between
 * slices; the run is marked as being written throughout (the caller completes it and removes the
 * mark in its last transaction, with the audit entry). Drafts that come out the same are kept.
 */
async function writeInTurns(ctx: Ctx, runId: string, draft: Draft): Promise<void> {
  const deleteOne = ctx.raw.prepare("DELETE FROM invoices WHERE id = ? AND status = 'draft'");
  const tx = (fn: () => void) => ctx.raw.transaction(fn).immediate();
  tx(() => markWriting(ctx.raw, runId));
  const { fresh, stale } = changedDrafts(ctx, runId, draft.rows);
  for (let i = 0; i < stale.length; i += WRITE_SLICE) {
    tx(() => {
      for (const id of stale.slice(i, i + WRITE_SLICE)) deleteOne.run(id);
    });
    await nextTurn();
  }
  for (let i = 0; i < fresh.length; i += WRITE_SLICE) {
    tx(() => insertDrafts(ctx, fresh.slice(i, i + WRITE_SLICE)));
    await nextTurn();
  }
}

/** The last step of writing a run in turns (inside the caller's transaction). */
function completeWritten(ctx: Ctx, runId: string, draft: Draft): BillingRun {
  completeDraft(ctx, runId, draft);
  ctx.raw.prepare('DELETE FROM local_meta WHERE key = ?').run(WRITING + runId);
  return runView(ctx, loadRun(ctx, runId));
}

/**
 * At start: a run whose draft invoices were being written when GridDesk stopped is removed with
 * them (it was never complete, and never audited); the manager runs billing again. Returns how
 * many runs were removed.
 */
export function dropInterruptedRuns(raw: Ctx['raw']): number {
  const keys = raw
    .prepare("SELECT key FROM local_meta WHERE key LIKE 'billing\\_writing:%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  raw.transaction(() => {
    for (const key of keys) {
      const runId = key.slice(WRITING.length);
      raw.prepare("DELETE FROM invoices WHERE run_id = ? AND status = 'draft'").run(runId);
      raw.prepare("DELETE FROM billing_runs WHERE id = ? AND status = 'draft'").run(runId);
      raw.prepare('DELETE FROM local_meta WHERE key = ?').run(key);
    }
  })();
  return keys.length;
}

function refuseExisting(
  ctx: Ctx,
  grid: { id: string; name: string; officeId: string },
  period: string,
): void {
  // A run is keyed by its mini-grid and period: only the grid's own office bills it, so two
  // offices never both bill one grid for one month.
  requireOwnedHere(
    ctx.db,
    grid.officeId,
    (owner) => `${grid.name} belongs to ${owner}; its customers are billed there.`,
  );
  const existing = ctx.db
    .select()
    .from(billingRuns)
    .where(and(eq(billingRuns.miniGridId, grid.id), eq(billingRuns.period, period)))
    .get();
  if (!existing) return;
  throw new AppError(
    'CONFLICT',
    existing.status === 'final'
      ? `${grid.name} was already billed for ${period}; correct an invoice with a credit or debit note.`
      : `${grid.name} already has a draft run for ${period}: open it and regenerate.`,
  );
}

const CANCELLED = 'Billing was cancelled; nothing was written.';

interface GridDraft {
  grid: { id: string; name: string; officeId: string };
  period: Period;
  runId: string;
  draft: Draft;
}

function insertRun(ctx: Ctx, { grid, period, runId }: GridDraft): RunRow {
  refuseExisting(ctx, grid, period.name);
  const now = ctx.clock.nowIso();
  const row: RunRow = {
    id: runId,
    officeId: requireOffice(ctx.db).id,
    miniGridId: grid.id,
    period: period.name,
    status: 'draft',
    problems: [],
    createdAt: now,
    createdBy: ctx.actor.name,
    generatedAt: now,
    finalisedAt: null,
    finalisedBy: null,
  };
  ctx.db.insert(billingRuns).values(row).run();
  return row;
}

function auditRuns(ctx: Ctx, runs: BillingRun[], periodName: string): void {
  noteAudit(
    ctx,
    `Drafted billing for ${periodName}: ${runs.map((r) => `${r.miniGrid}: ${r.invoices} invoice(s), ${r.problems.length} problem(s)`).join('; ')}`,
    runs.map((r) => r.id),
  );
}

/** Write the drafted runs and their invoices at once (inside the caller's transaction). */
function storeRuns(ctx: Ctx, drafts: GridDraft[], periodName: string): { runs: BillingRun[] } {
  const runs = drafts.map((d) => {
    const row = insertRun(ctx, d);
    writeDraft(ctx, row, d.draft);
    return runView(ctx, loadRun(ctx, row.id));
  });
  auditRuns(ctx, runs, periodName);
  return { runs };
}

/**
 * Drafting happens first, outside any transaction, with turns for other commands so progress shows
 * and Cancel works. The runs and their draft invoices are then written a slice per transaction
 * (writeInTurns), and one last transaction completes them with the audit entry.
 */
export const run: Handler<'billing.run'> = async (ctx, input) => {
  const progress = progressOf(ctx, input.operationId);
  const signal = ctx.operations.start(input.operationId, ctx.actor.name);
  try {
    const drafts: GridDraft[] = [];
    for (const gridId of [...new Set(input.miniGridIds)]) {
      const grid = loadMiniGrid(ctx, gridId, 'miniGridIds');
      const period = periodOf(ctx, gridId, input.period);
      refuseExisting(ctx, grid, period.name);
      const runId = ctx.ids.newId();
      const draft = await draftRunCancellable(ctx, runId, gridId, period, progress, signal);
      if (!draft) return new AppError('CONFLICT', CANCELLED, { cancelled: true });
      drafts.push({ grid, period, runId, draft });
    }
    // The runs exist from here on, marked as being written (checked again: none appeared meanwhile).
    ctx.raw
      .transaction(() => {
        for (const d of drafts) {
          insertRun(ctx, d);
          markWriting(ctx.raw, d.runId);
        }
      })
      .immediate();
    for (const d of drafts) await writeInTurns(ctx, d.runId, d.draft);
    return ctx.transact(() => {
      const runs = drafts.map((d) => completeWritten(ctx, d.runId, d.draft));
      auditRuns(ctx, runs, input.period);
      return { runs };
    });
  } finally {
    ctx.operations.end(input.operationId);
  }
};

/**
 * The same run drafted in one go, without yielding: for a caller already inside a transaction
 * (the demo loader, which bills past months during setup). Same checks, same rows.
 */
export const runNow: Handler<'billing.run'> = (ctx, input) => {
  const drafts: GridDraft[] = [...new Set(input.miniGridIds)].map((gridId) => {
    const grid = loadMiniGrid(ctx, gridId, 'miniGridIds');
    const period = periodOf(ctx, gridId, input.period);
    refuseExisting(ctx, grid, period.name);
    const runId = ctx.ids.newId();
    return { grid, period, runId, draft: draftRun(ctx, runId, gridId, period, () => undefined) };
  });
  return ctx.transact(() => storeRuns(ctx, drafts, input.period));
};

export const regenerate: Handler<'billing.regenerate'> = async (ctx, input) => {
  const progress = progressOf(ctx, input.operationId);
  const signal = ctx.operations.start(input.operationId, ctx.actor.name);
  try {
    const row = loadRun(ctx, input.runId);
    if (row.status === 'final') {
      throw new AppError(
        'CONFLICT',
        `The run for ${row.period} is final; correct an invoice with a credit or debit note.`,
      );
    }
    refuseWhileWriting(ctx, row);
    const period = billingPeriod(row.period, settingsOf(ctx, row.miniGridId).closeDay);
    const draft = await draftRunCancellable(ctx, row.id, row.miniGridId, period, progress, signal);
    if (!draft) return new AppError('CONFLICT', CANCELLED, { cancelled: true });
    // Finalising is refused while the run is being written, so it stays a draft from here on.
    const current = loadRun(ctx, row.id);
    if (current.status === 'final')
      throw new AppError('CONFLICT', `The run for ${row.period} was finalised meanwhile.`);
    refuseWhileWriting(ctx, current);
    await writeInTurns(ctx, row.id, draft);
    return ctx.transact(() => {
      const view = completeWritten(ctx, row.id, draft);
      noteAudit(
        ctx,
        `Regenerated billing of ${view.miniGrid} for ${row.period}: ${view.invoices} invoice(s), ${view.problems.length} problem(s)`,
        [row.id],
      );
      return view;
    });
  } finally {
    ctx.operations.end(input.operationId);
  }
};

function refuseFinal(row: RunRow): void {
  if (row.status === 'final')
    throw new AppError('CONFLICT', `The run for ${row.period} is already final.`);
}

/** Finalising is refused while problems remain; the manager sees the fresh draft's problems. */
function problemsRefusal(ctx: Ctx, runId: string, draft: Draft): AppError {
  const view = runView(ctx, loadRun(ctx, runId));
  return new AppError(
    'CONFLICT',
    `The run cannot be finalised: ${draft.problems.length} problem(s) remain. ${draft.problems
      .slice(0, 5)
      .map((p) => p.message)
      .join(' ')}`,
    { problems: view.problems },
  );
}

/**
 * Number the run's draft invoices (no gaps, in sort order), give them payment links and due dates,
 * and make them and the run final (inside the caller's transaction, with the audit entry).
 */
function numberAndClose(ctx: Ctx, row: RunRow, period: Period): BillingRun {
  const settings = readSettings(ctx.db);
  const billing = settingsOf(ctx, row.miniGridId);
  const now = ctx.clock.nowIso();
  const drafts = ctx.db
    .select({
      id: invoices.id,
      totalDueMinor: invoices.totalDueMinor,
      accountNumber: customers.accountNumber,
    })
    .from(invoices)
    .leftJoin(customers, eq(customers.id, invoices.customerId))
    .where(eq(invoices.runId, row.id))
    .orderBy(asc(invoices.sortKey))
    .all();
  const year =
    period.end > period.start ? addDays(period.end, -1).slice(0, 4) : period.start.slice(0, 4);
  // Issued today: the customer gets the due days from the day the invoice exists.
  const dueDate = addDays(officeToday(ctx.db, ctx.clock.nowMs()), billing.dueDays);
  const first = drafts.length > 0 ? reserveCounter(ctx.db, `invoice:${year}`, drafts.length) : 0;
  const close = ctx.raw.prepare(
    "UPDATE invoices SET number = ?, status = 'final', payment_link = ?, finalised_at = ?, due_date = ? WHERE id = ?",
  );
  const numbers = drafts.map((inv, i) => {
    const number = `${settings.office.code}-${year}-${String(first + i).padStart(6, '0')}`;
    const link = paymentLink(
      { provider: billing.provider, page: billing.providerPage, template: billing.linkTemplate },
      {
        invoice: number,
        amountMinor: inv.totalDueMinor,
        decimals: settings.currency.decimals,
        account: inv.accountNumber ?? '',
        currency: settings.currency.code,
      },
    );
    close.run(number, link, now, dueDate, inv.id);
    return number;
  });
  ctx.db
    .update(billingRuns)
    .set({ status: 'final', finalisedAt: now, finalisedBy: ctx.actor.name })
    .where(eq(billingRuns.id, row.id))
    .run();
  const view = runView(ctx, loadRun(ctx, row.id));
  noteAudit(
    ctx,
    `Finalised billing of ${view.miniGrid} for ${row.period}: ${numbers.length} invoice(s)` +
      (numbers.length ? ` ${numbers[0]}..${numbers[numbers.length - 1]}` : ''),
    [row.id],
  );
  return view;
}

/**
 * Finalise from a screen: the run is drafted once more with turns for other commands, its drafts
 * written a slice at a time (as billing.run does), and only the numbering is one transaction.
 * What is finalised is the data as it stood while drafting, exactly as a run drafts it; a change
 * made meanwhile counts as made just after finalising.
 */
export const finalise: Handler<'billing.finalise'> = async (ctx, input) => {
  const row = loadRun(ctx, input.runId);
  refuseFinal(row);
  refuseWhileWriting(ctx, row);
  const period = billingPeriod(row.period, settingsOf(ctx, row.miniGridId).closeDay);
  const draft = await draftRunCancellable(
    ctx,
    row.id,
    row.miniGridId,
    period,
    () => undefined,
    new AbortController().signal,
  );
  if (!draft) throw new AppError('CONFLICT', CANCELLED, { cancelled: true });
  // Checked again after the turns: another finalise or a regenerate may have started meanwhile.
  const current = loadRun(ctx, row.id);
  refuseFinal(current);
  refuseWhileWriting(ctx, current);
  await writeInTurns(ctx, row.id, draft);
  return ctx.transact(() => {
    completeWritten(ctx, row.id, draft);
    if (draft.problems.length > 0) return problemsRefusal(ctx, row.id, draft);
    return numberAndClose(ctx, loadRun(ctx, row.id), period);
  });
};

/** The same at once, for a caller already inside a transaction (the demo loader). */
export const finaliseNow: Handler<'billing.finalise'> = (ctx, input) =>
  ctx.transact(() => {
    const row = loadRun(ctx, input.runId);
    refuseFinal(row);
    refuseWhileWriting(ctx, row);
    const period = billingPeriod(row.period, settingsOf(ctx, row.miniGridId).closeDay);
    const draft = draftRun(ctx, row.id, row.miniGridId, period, () => undefined);
    writeDraft(ctx, row, draft);
    if (draft.problems.length > 0) return problemsRefusal(ctx, row.id, draft);
    return numberAndClose(ctx, row, period);
  });

export const runs: Handler<'billing.runs'> = (ctx, input) => ({
  runs: ctx.db
    .select()
    .from(billingRuns)
    .where(input.miniGridId ? eq(billingRuns.miniGridId, input.miniGridId) : undefined)
    .orderBy(desc(billingRuns.period), asc(billingRuns.createdAt))
    .all()
    .map((r) => runView(ctx, r)),
});

export const getRun: Handler<'billing.getRun'> = (ctx, input) => {
  const row = loadRun(ctx, input.runId);
  const zone = readSettings(ctx.db).office.timeZone;
  return {
    run: runView(ctx, row),
    invoices: runInvoices(ctx, row.id).map((i) => invoiceView(ctx, i, undefined, zone)),
  };
};

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csv: Handler<'invoices.csv'> = (ctx, input) => {
  const row = loadRun(ctx, input.runId);
  const header = [
    'number',
    'status',
    'account',
    'customer',
    'meter',
    'village',
    'period',
    'previous_kwh',
    'previous_at',
    'present_kwh',
    'present_at',
    'estimated',
    'kwh_billed',
    'charges',
    'vat',
    'arrears',
    'total_due',
    'due_date',
    'payment_link',
  ];
  const settings = readSettings(ctx.db);
  const decimals = settings.currency.decimals;
  // Exact digits from integer minor units (never through a float).
  const major = (minor: number) => minorToMajorInput(minor, decimals);
  const lines = runInvoices(ctx, row.id).map((r) => {
    const i = invoiceView(ctx, r, undefined, settings.office.timeZone);
    return [
      i.number ?? 'draft',
      i.status,
      i.customer.accountNumber,
      i.customer.name,
      i.meterSerial,
      i.village,
      i.period,
      i.opening.wh / 1000,
      i.opening.at,
      i.closing.wh / 1000,
      i.closing.at,
      i.closing.estimated ? 'yes' : 'no',
      i.billedWh / 1000,
      major(i.chargesMinor),
      major(i.vatMinor),
      major(i.arrearsMinor),
      major(i.totalDueMinor),
      i.dueDate,
      i.paymentLink,
    ]
      .map(csvCell)
      .join(',');
  });
  const grid = ctx.db
    .select({ code: miniGrids.code })
    .from(miniGrids)
    .where(eq(miniGrids.id, row.miniGridId))
    .get();
  return {
    fileName: `invoices-${grid?.code ?? 'run'}-${row.period}.csv`,
    csv: [header.join(','), ...lines].join('\n') + '\n',
  };
};
