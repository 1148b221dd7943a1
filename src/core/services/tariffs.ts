// Tariffs: create, add versions (append-only, never earlier than the latest), put meters on a
// tariff, and list them with the version in force today. The arithmetic lives in domain/tariff.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { AppError, type Tariff, type TariffVersionView } from '../../contract';
import { prepaidUnitPrice, tariffInForce, type TariffDefinition } from '../../domain/tariff';
import { localDate } from '../../domain/time';
import { noteAudit, type ServiceContext } from '../context';
import { devices, tariffs, tariffVersions } from '../db/schema';
import { recordDeviceEvent } from './devices';
import { readSettings, requireOffice } from './office';
import type { Handler } from './types';

type Ctx = ServiceContext;

const KIND_LABEL = { meter: 'Meter', shs: 'Solar home system', ebike: 'E-bike' } as const;

function today(ctx: Ctx): string {
  return localDate(ctx.clock.nowMs(), readSettings(ctx.db).office.timeZone);
}

function versionsOf(ctx: Ctx, tariffId: string): TariffVersionView[] {
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

function tariffView(ctx: Ctx, row: typeof tariffs.$inferSelect, date: string): Tariff {
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
function loadTariff(ctx: Ctx, id: string, field?: string): typeof tariffs.$inferSelect {
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

export const addVersion: Handler<'tariffs.addVersion'> = (ctx, input) => {
  const row = loadTariff(ctx, input.tariffId);
  const latest = ctx.db
    .select({ version: tariffVersions.version, effectiveFrom: tariffVersions.effectiveFrom })
    .from(tariffVersions)
    .where(eq(tariffVersions.tariffId, row.id))
    .orderBy(sql`${tariffVersions.version} DESC`)
    .get();
  // An earlier start would change which version was in force on dates that may already be billed.
  if (latest && input.effectiveFrom < latest.effectiveFrom) {
    throw new AppError(
      'VALIDATION',
      `Version ${latest.version} of ${row.name} is in force from ${latest.effectiveFrom}: a new version cannot start earlier.`,
      { issues: [{ field: 'effectiveFrom', message: `must be ${latest.effectiveFrom} or later` }] },
    );
  }
  const version = (latest?.version ?? 0) + 1;
  const versionId = insertVersion(ctx, row.id, version, input);
  ctx.db.update(tariffs).set({ updatedHlc: ctx.hlc.next() }).where(eq(tariffs.id, row.id)).run();
  noteAudit(
    ctx,
    `Added version ${version} of ${row.name}, ${inForceFrom(input.effectiveFrom, input.approvalRef)}`,
    [row.id, versionId],
  );
  return tariffView(ctx, row, today(ctx));
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
  const changing = found.filter((d) => d.tariffId !== row.id);
  for (const device of changing) {
    ctx.db
      .update(devices)
      .set({ tariffId: row.id, updatedHlc: ctx.hlc.next() })
      .where(eq(devices.id, device.id))
      .run();
    recordDeviceEvent(ctx, office.id, device, 'updated', `tariff: ${row.name}`);
  }
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
