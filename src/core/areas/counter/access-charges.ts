// Access-charge debt of prepaid meters (docs/domain.md §4): the domain computes the charges of a
// date range (domain/access-charges.ts); this service finds the range each meter still owes (from
// the day after its latest accrual, or its installation date) and appends the rows. The unique
// index on (device, period_from) and the "from the latest period_to" rule make it idempotent.
// Postpaid meters are charged on their invoices instead (billing), so they are left out here.
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import {
  accrueAccessCharges,
  type AccrualRow,
  type AccrualVersion,
} from '../../../domain/access-charges';
import { formatMoney } from '../../../domain/money';
import { addDays } from '../../../domain/time';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import {
  accessCharges,
  devices,
  paymentAllocations,
  payments,
  tariffVersions,
} from '../../db/schema';
import { officeToday, readSettings, requireOffice, thisOffice } from '../shared/office';
import type { Handler } from '../shared/types';

type Ctx = ServiceContext;

interface Due {
  deviceId: string;
  serial: string;
  from: string;
  versions: AccrualVersion[];
}

/** Prepaid installed meters on a tariff that has (or had) an access charge, with what they owe. */
function metersDue(ctx: QueryContext, today: string): Due[] {
  const officeId = requireOffice(ctx.db).id;
  const meters = ctx.db
    .select({
      id: devices.id,
      serial: devices.serial,
      tariffId: devices.tariffId,
      installedAt: devices.installedAt,
      accruedThrough: sql<
        string | null
      >`(select max(${accessCharges.periodTo}) from ${accessCharges} where ${accessCharges.deviceId} = ${devices}.id)`,
    })
    .from(devices)
    .where(
      and(
        // Charges are keyed by meter and first day: only the meter's own office accrues them,
        // so two offices never charge one meter for the same days.
        eq(devices.officeId, officeId),
        eq(devices.kind, 'meter'),
        eq(devices.billingMode, 'prepaid'),
        eq(devices.status, 'installed'),
        isNull(devices.deletedAt),
        isNotNull(devices.tariffId),
        isNotNull(devices.installedAt),
      ),
    )
    .all();
  const tariffIds = [...new Set(meters.map((m) => m.tariffId).filter((t) => t !== null))];
  if (tariffIds.length === 0) return [];
  const versionsByTariff = new Map<string, AccrualVersion[]>();
  for (const v of ctx.db
    .select()
    .from(tariffVersions)
    .where(inArray(tariffVersions.tariffId, tariffIds))
    .all()) {
    const list = versionsByTariff.get(v.tariffId) ?? [];
    list.push({
      id: v.id,
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      accessCharge: v.definition.accessCharge,
    });
    versionsByTariff.set(v.tariffId, list);
  }
  const due: Due[] = [];
  for (const m of meters) {
    const versions = versionsByTariff.get(m.tariffId ?? '') ?? [];
    // A tariff that never had an access charge owes nothing: skip it rather than scan its days.
    if (!versions.some((v) => v.accessCharge !== null)) continue;
    const from = m.accruedThrough ? addDays(m.accruedThrough, 1) : (m.installedAt ?? today);
    if (from <= today) due.push({ deviceId: m.id, serial: m.serial, from, versions });
  }
  return due;
}

/** What a meter owes in access charges: accrued, less what payments allocated to it. */
export function accessDebt(ctx: QueryContext, deviceId: string) {
  const accrued = ctx.db
    .select({
      total: sql<number>`coalesce(sum(${accessCharges.amountMinor}), 0)`,
      through: sql<string | null>`max(${accessCharges.periodTo})`,
    })
    .from(accessCharges)
    .where(eq(accessCharges.deviceId, deviceId))
    .get();
  const paid = ctx.db
    .select({ total: sql<number>`coalesce(sum(${paymentAllocations.amountMinor}), 0)` })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(and(eq(payments.deviceId, deviceId), eq(paymentAllocations.kind, 'access_debt')))
    .get();
  const accruedMinor = accrued?.total ?? 0;
  const paidMinor = paid?.total ?? 0;
  return {
    accruedMinor,
    paidMinor,
    owedMinor: Math.max(0, accruedMinor - paidMinor),
    accruedThrough: accrued?.through ?? null,
  };
}

/**
 * The rows to add for one meter, or why that meter is left out of this run. A tariff whose charge
 * cannot be counted exactly must not stop the accrual of every other meter: it is reported
 * (answer, audit summary, log) and the meter stays due, so a corrected tariff catches it up.
 */
function meterRows(
  ctx: Ctx,
  meter: Due,
  today: string,
  runTotal: number,
): { rows: AccrualRow[]; total: number } | { reason: string } {
  let rows: AccrualRow[];
  try {
    rows = accrueAccessCharges(meter.from, today, meter.versions);
  } catch (error) {
    if (error instanceof RangeError) return { reason: error.message };
    throw error;
  }
  const total = rows.reduce((sum, r) => sum + r.amountMinor, 0);
  const owed = accessDebt(ctx, meter.deviceId).accruedMinor;
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(owed + total)) {
    return {
      reason: "the meter's access-charge debt would be too large to count; check the tariff",
    };
  }
  if (!Number.isSafeInteger(runTotal + total)) {
    return { reason: 'left for the next run: this run already accrued as much as it can count' };
  }
  return { rows, total };
}

export const accrue: Handler<'accessCharges.accrue'> = (ctx) => {
  const office = requireOffice(ctx.db);
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  const createdAt = ctx.clock.nowIso();
  let meters = 0;
  let amount = 0;
  const skipped: { deviceId: string; serial: string; reason: string }[] = [];
  for (const meter of metersDue(ctx, today)) {
    const planned = meterRows(ctx, meter, today, amount);
    if ('reason' in planned) {
      skipped.push({ deviceId: meter.deviceId, serial: meter.serial, reason: planned.reason });
      ctx.log.warn('access charges not accrued for a meter', {
        deviceId: meter.deviceId,
        reason: planned.reason,
      });
      continue;
    }
    const { rows } = planned;
    if (rows.length === 0) continue;
    ctx.db
      .insert(accessCharges)
      .values(
        rows.map((r) => ({
          id: ctx.ids.newId(),
          officeId: office.id,
          deviceId: meter.deviceId,
          ...r,
          createdAt,
        })),
      )
      .run();
    meters += 1;
    amount += planned.total;
  }
  const currency = readSettings(ctx.db).currency;
  const done =
    meters === 0
      ? `Access charges already accrued through ${today}`
      : `Accrued access charges through ${today} on ${meters} meter(s): ${formatMoney(amount, currency)}`;
  const left =
    skipped.length === 0
      ? ''
      : `; not accrued: ${skipped.map((s) => `${s.serial} (${s.reason})`).join(', ')}`;
  noteAudit(
    ctx,
    `${done}${left}`,
    skipped.map((s) => s.deviceId),
  );
  return { through: today, meters, amountMinor: amount, skipped };
};

export const status: Handler<'accessCharges.status'> = (ctx) => {
  if (!thisOffice(ctx.db)) return { today: '1970-01-01', due: 0 };
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  return { today, due: metersDue(ctx, today).length };
};

export const debt: Handler<'accessCharges.debt'> = (ctx, input) => accessDebt(ctx, input.deviceId);
