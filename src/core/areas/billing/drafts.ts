// The draft of a billing run (docs/domain.md §7): for each postpaid meter of a mini-grid, its
// invoice for the period or the problem that stops it. Loads the facts in a few queries and hands
// them to the domain's arithmetic (domain/billing); writes nothing, so the run's lifecycle
// (billing.ts) decides when and how a draft is stored.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { AppError, type BillingProblem, type BillingSettings } from '../../../contract';
import { periodCharges, type PricedVersion } from '../../../domain/billing/charges';
import {
  firstPeriodState,
  openingReading,
  periodEnergy,
  type CarriedState,
  type MeterReadingPoint,
} from '../../../domain/billing/energy';
import { type Period } from '../../../domain/billing/period';
import { MoneyTooLargeError } from '../../../domain/money';
import { addDays, localDayBounds } from '../../../domain/time';
import { atOnce } from '../../../domain/steps';
import { type ServiceContext, type QueryContext } from '../../context';
import { inTurns, nextTurn } from '../../turns';
import { prepared } from '../../db/prepared';
import {
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
import { paysPostpaid } from '../accounts/queries';
import { displayName } from '../registry/queries';
import { trusted } from '../readings/queries';
import { readSettings, requireOffice } from '../shared/office';
import { settingsOf } from './queries';

type Ctx = ServiceContext;
type InvoiceInsert = typeof invoices.$inferInsert;

const DAY_MS = 86_400_000;

/** A mini-grid that exists; the refusal names the field the id came in. */
export function loadMiniGrid(ctx: QueryContext, id: string, field = 'miniGridId') {
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

/** A run's draft: the invoices to write and the problems that stop finalising. */
export interface Draft {
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
export function draftRun(
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
export async function draftRunCancellable(
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
