// Tariffs: create, add versions (append-only, never earlier than the latest), put meters on a
// tariff, and list them with the version in force today. The arithmetic lives in domain/tariff.
import { and, asc, eq, gt, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError, type Tariff, type TariffVersionView } from '../../../contract';
import type { meterScope } from '../../../contract/commands/tariffs';
import { prepaidUnitPrice, tariffInForce, type TariffDefinition } from '../../../domain/tariff';
import { backdateRefusal, type BackdateFacts } from '../../../domain/tariff-backdate';
import { localDate, localDayBounds } from '../../../domain/time';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import {
  accessCharges,
  devices,
  invoices,
  miniGrids,
  villages,
  paymentAllocations,
  payments,
  tariffs,
  tariffVersions,
} from '../../db/schema';
import { recordDeviceEvent } from '../registry';
import { readSettings, requireOffice, requireOwnedHere } from '../shared/office';
import type { Handler } from '../shared/types';

type Ctx = ServiceContext;

const KIND_LABEL = { meter: 'Meter', shs: 'Solar home system', ebike: 'E-bike' } as const;

function today(ctx: QueryContext): string {
  return localDate(ctx.clock.nowMs(), readSettings(ctx.db).office.timeZone);
}

function versionsOf(ctx: QueryContext, tariffId: string): TariffVersionView[] {
  return ctx.db
    .select()
    .from(tariffVersions)
    .where(eq(tariffVersions.tariffId, tariffId))
    .orderBy(asc(tariffVersions.version))
    .all()
    .map((v) => ({
      id: v.id,
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      approvalRef: v.approvalRef,
      definition: v.definition,
      prepaidUnitPriceMilliMinorPerKwh: prepaidUnitPrice(v.definition),
      createdAt: v.createdAt,
      createdBy: v.createdBy,
    }));
}

function tariffView(ctx: QueryContext, row: typeof tariffs.$inferSelect, date: string): Tariff {
  const versions = versionsOf(ctx, row.id);
  const meters = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(devices)
    .where(and(eq(devices.tariffId, row.id), isNull(devices.deletedAt)))
    .get();
  return {
    id: row.id,
    name: row.name,
    versions,
    current: tariffInForce(versions, date) ?? null,
    meters: meters?.n ?? 0,
    createdAt: row.createdAt,
  };
}

/** A live tariff; `field` names the input that pointed at it when it is only a reference. */
function loadTariff(ctx: QueryContext, id: string, field?: string): typeof tariffs.$inferSelect {
  const row = ctx.db
    .select()
    .from(tariffs)
    .where(and(eq(tariffs.id, id), isNull(tariffs.deletedAt)))
    .get();
  if (!row) {
    if (field) {
      throw new AppError('VALIDATION', 'That tariff does not exist.', {
        issues: [{ field, message: 'does not exist' }],
      });
    }
    throw new AppError('NOT_FOUND', 'That tariff does not exist.');
  }
  return row;
}

function insertVersion(
  ctx: Ctx,
  tariffId: string,
  version: number,
  input: { effectiveFrom: string; approvalRef: string | null; definition: TariffDefinition },
): string {
  const id = ctx.ids.newId();
  ctx.db
    .insert(tariffVersions)
    .values({
      id,
      tariffId,
      version,
      effectiveFrom: input.effectiveFrom,
      // Only the domain's fields are stored, in a fixed order, whatever else came in.
      definition: {
        bands: input.definition.bands,
        lifeline: input.definition.lifeline,
        levies: input.definition.levies,
        accessCharge: input.definition.accessCharge,
        minimumPurchaseMinor: input.definition.minimumPurchaseMinor,
        vatBasisPoints: input.definition.vatBasisPoints,
      },
      approvalRef: input.approvalRef,
      createdAt: ctx.clock.nowIso(),
      createdBy: ctx.actor.name,
    })
    .run();
  return id;
}

function inForceFrom(effectiveFrom: string, approvalRef: string | null): string {
  return `in force from ${effectiveFrom}${approvalRef ? ` (approval ${approvalRef})` : ''}`;
}

export const list: Handler<'tariffs.list'> = (ctx) => {
  const date = today(ctx);
  return {
    tariffs: ctx.db
      .select()
      .from(tariffs)
      .where(isNull(tariffs.deletedAt))
      .orderBy(sql`${tariffs.name} COLLATE NOCASE`)
      .all()
      .map((row) => tariffView(ctx, row, date)),
  };
};

export const create: Handler<'tariffs.create'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const clash = ctx.db
    .select({ name: tariffs.name })
    .from(tariffs)
    .where(and(sql`lower(${tariffs.name}) = lower(${input.name})`, isNull(tariffs.deletedAt)))
    .get();
  if (clash) {
    throw new AppError('CONFLICT', `The tariff ${clash.name} already exists.`, {
      issues: [{ field: 'name', message: 'already exists' }],
    });
  }
  const id = ctx.ids.newId();
  ctx.db
    .insert(tariffs)
    .values({
      id,
      officeId: office.id,
      name: input.name,
      createdAt: ctx.clock.nowIso(),
      updatedHlc: ctx.hlc.next(),
    })
    .run();
  const versionId = insertVersion(ctx, id, 1, input);
  noteAudit(
    ctx,
    `Added tariff ${input.name}, version 1 ${inForceFrom(input.effectiveFrom, input.approvalRef)}`,
    [id, versionId],
  );
  return tariffView(ctx, loadTariff(ctx, id), today(ctx));
};

/**
 * What has already counted days from `from` on at this tariff's prices: energy sales and final
 * invoices of the meters on it, and access charges accrued with one of its versions.
 */
function usedSince(ctx: Ctx, tariffId: string, from: string): BackdateFacts['used'] {
  const meters = ctx.db
    .select({ id: devices.id })
    .from(devices)
    .where(and(eq(devices.tariffId, tariffId), isNull(devices.deletedAt)));
  const { startIso } = localDayBounds(from, readSettings(ctx.db).office.timeZone);
  const count = (row: { n: number } | undefined) => row?.n ?? 0;
  return {
    sales: count(
      ctx.db
        .select({ n: sql<number>`count(DISTINCT ${payments.id})` })
        .from(payments)
        .innerJoin(paymentAllocations, eq(paymentAllocations.paymentId, payments.id))
        .where(
          and(
            inArray(payments.deviceId, meters),
            eq(paymentAllocations.kind, 'energy'),
            gte(payments.receivedAt, startIso),
          ),
        )
        .get(),
    ),
    invoices: count(
      ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(invoices)
        .where(
          and(
            inArray(invoices.deviceId, meters),
            eq(invoices.status, 'final'),
            // periodEnd is the day after the period (exclusive).
            gt(invoices.periodEnd, from),
          ),
        )
        .get(),
    ),
    accessCharges: count(
      ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(accessCharges)
        .where(
          and(
            inArray(
              accessCharges.tariffVersionId,
              ctx.db
                .select({ id: tariffVersions.id })
                .from(tariffVersions)
                .where(eq(tariffVersions.tariffId, tariffId)),
            ),
            gte(accessCharges.periodTo, from),
          ),
        )
        .get(),
    ),
  };
}

export const addVersion: Handler<'tariffs.addVersion'> = (ctx, input) => {
  const row = loadTariff(ctx, input.tariffId);
  const latest = ctx.db
    .select({ version: tariffVersions.version, effectiveFrom: tariffVersions.effectiveFrom })
    .from(tariffVersions)
    .where(eq(tariffVersions.tariffId, row.id))
    .orderBy(sql`${tariffVersions.version} DESC`)
    .get();
  const date = today(ctx);
  const backdated = input.effectiveFrom < date;
  // The rule is one domain function; this only gathers its facts (what used the period is only
  // counted when the date is in the past).
  const refusal = backdateRefusal({
    tariffName: row.name,
    effectiveFrom: input.effectiveFrom,
    today: date,
    latest: latest ?? null,
    reason: input.reason,
    used: backdated
      ? usedSince(ctx, row.id, input.effectiveFrom)
      : { sales: 0, invoices: 0, accessCharges: 0 },
  });
  if (refusal) {
    throw new AppError('VALIDATION', refusal.message, {
      issues: [{ field: refusal.field, message: refusal.message }],
    });
  }
  const version = (latest?.version ?? 0) + 1;
  // Version numbers are per tariff: only the tariff's own office adds them, so no two offices
  // can each add "version 3" while apart.
  requireOwnedHere(
    ctx.db,
    row.officeId,
    (owner) => `${row.name} belongs to ${owner}; its prices are changed there.`,
  );
  const versionId = insertVersion(ctx, row.id, version, input);
  ctx.db.update(tariffs).set({ updatedHlc: ctx.hlc.next() }).where(eq(tariffs.id, row.id)).run();
  noteAudit(
    ctx,
    `Added version ${version} of ${row.name}, ${inForceFrom(input.effectiveFrom, input.approvalRef)}` +
      (backdated ? `, dated in the past (today is ${date}): ${input.reason ?? ''}` : ''),
    [row.id, versionId],
  );
  return tariffView(ctx, row, date);
};

type DeviceRow = typeof devices.$inferSelect;

/** Moves the meters not yet on the tariff onto it, each with a device event; returns them. */
function putOnTariff(
  ctx: Ctx,
  officeId: string,
  row: typeof tariffs.$inferSelect,
  meters: DeviceRow[],
): DeviceRow[] {
  const changing = meters.filter((d) => d.tariffId !== row.id);
  for (const device of changing) {
    ctx.db
      .update(devices)
      .set({ tariffId: row.id, updatedHlc: ctx.hlc.next() })
      .where(eq(devices.id, device.id))
      .run();
    recordDeviceEvent(ctx, officeId, device, 'updated', `tariff: ${row.name}`);
  }
  return changing;
}

type Scope = z.infer<typeof meterScope>;

/** The live meters of a mini-grid or village (in stock ones too: they are billed once placed). */
function metersIn(ctx: QueryContext, scope: Scope): { place: string; meters: DeviceRow[] } {
  const fail = (field: string, what: string) =>
    new AppError('VALIDATION', `That ${what} does not exist.`, {
      issues: [{ field: `scope.${field}`, message: 'does not exist' }],
    });
  let place: string;
  let where;
  if (scope.villageId) {
    const village = ctx.db
      .select({ name: villages.name, grid: miniGrids.name })
      .from(villages)
      .innerJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
      .where(and(eq(villages.id, scope.villageId), isNull(villages.deletedAt)))
      .get();
    if (!village) throw fail('villageId', 'village');
    place = `${village.name} (${village.grid})`;
    where = eq(devices.villageId, scope.villageId);
  } else {
    const grid = ctx.db
      .select({ name: miniGrids.name })
      .from(miniGrids)
      .where(and(eq(miniGrids.id, scope.miniGridId ?? ''), isNull(miniGrids.deletedAt)))
      .get();
    if (!grid) throw fail('miniGridId', 'mini-grid');
    place = grid.name;
    where = inArray(
      devices.villageId,
      ctx.db
        .select({ id: villages.id })
        .from(villages)
        .where(eq(villages.miniGridId, scope.miniGridId ?? '')),
    );
  }
  const meters = ctx.db
    .select()
    .from(devices)
    .where(
      and(
        where,
        eq(devices.kind, 'meter'),
        isNull(devices.deletedAt),
        scope.billingMode ? eq(devices.billingMode, scope.billingMode) : undefined,
      ),
    )
    .all();
  return { place, meters };
}

export const previewSiteAssign: Handler<'tariffs.previewSiteAssign'> = (ctx, input) => {
  const row = loadTariff(ctx, input.tariffId, 'tariffId');
  const { place, meters } = metersIn(ctx, input.scope);
  const names = new Map(
    ctx.db
      .select({ id: tariffs.id, name: tariffs.name })
      .from(tariffs)
      .all()
      .map((x) => [x.id, x.name]),
  );
  const counts = new Map<string | null, number>();
  for (const m of meters) {
    const name = m.tariffId ? (names.get(m.tariffId) ?? null) : null;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return {
    place,
    meters: meters.length,
    changing: meters.filter((m) => m.tariffId !== row.id).length,
    from: [...counts.entries()]
      .map(([tariff, n]) => ({ tariff, meters: n }))
      .sort((a, b) => b.meters - a.meters || (a.tariff ?? '').localeCompare(b.tariff ?? '')),
  };
};

export const assignSite: Handler<'tariffs.assignSite'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const row = loadTariff(ctx, input.tariffId, 'tariffId');
  const { place, meters } = metersIn(ctx, input.scope);
  const changing = putOnTariff(ctx, office.id, row, meters);
  const which = input.scope.billingMode ? `${input.scope.billingMode} ` : '';
  noteAudit(
    ctx,
    `Put ${changing.length} of the ${meters.length} ${which}meters of ${place} on tariff ${row.name}` +
      (changing.length < meters.length
        ? ` (${meters.length - changing.length} were already on it)`
        : ''),
    [row.id, ...changing.map((d) => d.id)],
  );
  return {
    assigned: changing.length,
    meters: meters.length,
    tariff: tariffView(ctx, row, today(ctx)),
  };
};

export const assign: Handler<'tariffs.assign'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const row = loadTariff(ctx, input.tariffId, 'tariffId');
  const ids = [...new Set(input.deviceIds)];
  const found = ctx.db
    .select()
    .from(devices)
    .where(and(inArray(devices.id, ids), isNull(devices.deletedAt)))
    .all();
  if (found.length !== ids.length) {
    const missing = ids.length - found.length;
    throw new AppError(
      'VALIDATION',
      missing === 1
        ? 'One of the devices does not exist (or was deleted).'
        : `${missing} of the devices do not exist (or were deleted).`,
      { issues: [{ field: 'deviceIds', message: 'must name existing meters' }] },
    );
  }
  const notMeters = found.filter((d) => d.kind !== 'meter');
  const first = notMeters[0];
  if (first) {
    const others = notMeters.length > 1 ? ` (and ${notMeters.length - 1} other devices)` : '';
    throw new AppError(
      'VALIDATION',
      `${KIND_LABEL[first.kind]} SN ${first.serial} is not a meter${others}: only meters have a tariff.`,
      { issues: [{ field: 'deviceIds', message: 'must name meters only' }] },
    );
  }
  const changing = putOnTariff(ctx, office.id, row, found);
  const serials = changing.map((d) => d.serial).sort();
  const shown = serials.slice(0, 5).join(', ') + (serials.length > 5 ? ', ...' : '');
  noteAudit(
    ctx,
    changing.length === 0
      ? `Meters already on tariff ${row.name}; nothing changed`
      : `Put ${changing.length === 1 ? 'meter' : `${changing.length} meters`} ${shown} on tariff ${row.name}`,
    [row.id, ...changing.map((d) => d.id)],
  );
  return { assigned: changing.length, tariff: tariffView(ctx, row, today(ctx)) };
};
