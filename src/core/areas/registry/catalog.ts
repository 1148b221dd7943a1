// Manufacturers, device models and the appliance catalog.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import { appliances, deviceModels, manufacturers } from '../../db/schema';
import { requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';

type Ctx = ServiceContext;

function manufacturerView(ctx: QueryContext, id: string) {
  const row = ctx.db
    .select({
      id: manufacturers.id,
      name: manufacturers.name,
      notes: manufacturers.notes,
      models: sql<number>`(SELECT count(*) FROM device_models m WHERE m.manufacturer_id = ${manufacturers}.id AND m.deleted_at IS NULL)`,
      devices: sql<number>`(SELECT count(*) FROM devices d WHERE d.manufacturer_id = ${manufacturers}.id AND d.deleted_at IS NULL)`,
    })
    .from(manufacturers)
    .where(and(eq(manufacturers.id, id), isNull(manufacturers.deletedAt)))
    .get();
  if (!row) throw new AppError('NOT_FOUND', 'That manufacturer does not exist.');
  return row;
}

function assertManufacturerNameFree(ctx: Ctx, name: string, exceptId?: string) {
  const clash = ctx.db
    .select({ id: manufacturers.id, name: manufacturers.name })
    .from(manufacturers)
    .where(and(sql`lower(${manufacturers.name}) = lower(${name})`, isNull(manufacturers.deletedAt)))
    .get();
  if (clash && clash.id !== exceptId) {
    throw new AppError('CONFLICT', `The manufacturer ${clash.name} already exists.`, {
      issues: [{ field: 'name', message: 'already exists' }],
    });
  }
}

export const listManufacturers: Handler<'manufacturers.list'> = (ctx) => ({
  manufacturers: ctx.db
    .select({ id: manufacturers.id })
    .from(manufacturers)
    .where(isNull(manufacturers.deletedAt))
    .orderBy(sql`${manufacturers.name} COLLATE NOCASE`)
    .all()
    .map((r) => manufacturerView(ctx, r.id)),
});

export const createManufacturer: Handler<'manufacturers.create'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  assertManufacturerNameFree(ctx, input.name);
  const id = ctx.ids.newId();
  ctx.db
    .insert(manufacturers)
    .values({
      id,
      officeId: office.id,
      name: input.name,
      notes: input.notes,
      createdAt: ctx.clock.nowIso(),
      updatedHlc: ctx.hlc.next(),
    })
    .run();
  noteAudit(ctx, `Added manufacturer ${input.name}`, [id]);
  return manufacturerView(ctx, id);
};

export const updateManufacturer: Handler<'manufacturers.update'> = (ctx, input) => {
  const row = manufacturerView(ctx, input.id);
  const name = input.name ?? row.name;
  assertManufacturerNameFree(ctx, name, row.id);
  ctx.db
    .update(manufacturers)
    .set({
      name,
      notes: input.notes === undefined ? row.notes : input.notes,
      updatedHlc: ctx.hlc.next(),
    })
    .where(eq(manufacturers.id, row.id))
    .run();
  noteAudit(ctx, `Updated manufacturer ${name}`, [row.id]);
  return manufacturerView(ctx, row.id);
};

export function modelView(ctx: QueryContext, id: string) {
  const row = ctx.db
    .select({
      id: deviceModels.id,
      manufacturerId: deviceModels.manufacturerId,
      manufacturer: manufacturers.name,
      name: deviceModels.name,
      kind: deviceModels.kind,
      tokenScheme: deviceModels.tokenScheme,
      openpaygoExtended: deviceModels.openpaygoExtended,
      meterProfile: deviceModels.meterProfile,
      notes: deviceModels.notes,
      devices: sql<number>`(SELECT count(*) FROM devices d WHERE d.model_id = ${deviceModels}.id AND d.deleted_at IS NULL)`,
    })
    .from(deviceModels)
    .innerJoin(manufacturers, eq(manufacturers.id, deviceModels.manufacturerId))
    .where(and(eq(deviceModels.id, id), isNull(deviceModels.deletedAt)))
    .get();
  if (!row) {
    throw new AppError('VALIDATION', 'That device model does not exist.', {
      issues: [{ field: 'modelId', message: 'does not exist' }],
    });
  }
  return row;
}

export const listModels: Handler<'models.list'> = (ctx, input) => ({
  models: ctx.db
    .select({ id: deviceModels.id })
    .from(deviceModels)
    .innerJoin(manufacturers, eq(manufacturers.id, deviceModels.manufacturerId))
    .where(
      and(
        isNull(deviceModels.deletedAt),
        input.manufacturerId ? eq(deviceModels.manufacturerId, input.manufacturerId) : undefined,
      ),
    )
    .orderBy(sql`${manufacturers.name} COLLATE NOCASE`, sql`${deviceModels.name} COLLATE NOCASE`)
    .all()
    .map((r) => modelView(ctx, r.id)),
});

function checkModel(
  kind: string,
  tokenScheme: string,
  meterProfile: string | null,
  openpaygoExtended: boolean,
) {
  if (openpaygoExtended && tokenScheme !== 'openpaygo') {
    throw new AppError('VALIDATION', 'Extended tokens are OpenPAYGO tokens.', {
      issues: [{ field: 'openpaygoExtended', message: 'is only for OpenPAYGO models' }],
    });
  }
  if (kind !== 'meter' && meterProfile) {
    throw new AppError('VALIDATION', 'Only meters have a meter profile.', {
      issues: [{ field: 'meterProfile', message: 'is only for meters' }],
    });
  }
  if (kind === 'meter' && tokenScheme === 'openpaygo') return;
  if (kind !== 'meter' && tokenScheme === 'sts') {
    throw new AppError('VALIDATION', 'STS tokens are for prepaid meters only.', {
      issues: [{ field: 'tokenScheme', message: 'STS is for meters' }],
    });
  }
}

export const createModel: Handler<'models.create'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const maker = manufacturerView(ctx, input.manufacturerId);
  checkModel(input.kind, input.tokenScheme, input.meterProfile, input.openpaygoExtended);
  const clash = ctx.db
    .select({ id: deviceModels.id })
    .from(deviceModels)
    .where(
      and(
        eq(deviceModels.manufacturerId, maker.id),
        sql`lower(${deviceModels.name}) = lower(${input.name})`,
        isNull(deviceModels.deletedAt),
      ),
    )
    .get();
  if (clash) {
    throw new AppError('CONFLICT', `${maker.name} already has a model named ${input.name}.`, {
      issues: [{ field: 'name', message: 'already exists for this manufacturer' }],
    });
  }
  const id = ctx.ids.newId();
  ctx.db
    .insert(deviceModels)
    .values({
      id,
      officeId: office.id,
      manufacturerId: maker.id,
      name: input.name,
      kind: input.kind,
      tokenScheme: input.tokenScheme,
      openpaygoExtended: input.openpaygoExtended,
      meterProfile: input.meterProfile,
      notes: input.notes,
      createdAt: ctx.clock.nowIso(),
      updatedHlc: ctx.hlc.next(),
    })
    .run();
  noteAudit(ctx, `Added model ${maker.name} ${input.name} (${input.kind}, ${input.tokenScheme})`, [
    id,
  ]);
  return modelView(ctx, id);
};

export const updateModel: Handler<'models.update'> = (ctx, input) => {
  const row = modelView(ctx, input.id);
  const kind = input.kind ?? row.kind;
  const tokenScheme = input.tokenScheme ?? row.tokenScheme;
  const openpaygoExtended = input.openpaygoExtended ?? row.openpaygoExtended;
  // Devices in the field run one token format: switching would make every later token unreadable.
  const changesTokens =
    tokenScheme !== row.tokenScheme || openpaygoExtended !== row.openpaygoExtended;
  if ((kind !== row.kind || changesTokens) && row.devices > 0) {
    throw new AppError(
      'CONFLICT',
      `${row.devices} devices use ${row.name}: its kind and token scheme can no longer change.`,
    );
  }
  const meterProfile = input.meterProfile === undefined ? row.meterProfile : input.meterProfile;
  checkModel(kind, tokenScheme, meterProfile, openpaygoExtended);
  ctx.db
    .update(deviceModels)
    .set({
      name: input.name ?? row.name,
      kind,
      tokenScheme,
      openpaygoExtended,
      meterProfile,
      notes: input.notes === undefined ? row.notes : input.notes,
      updatedHlc: ctx.hlc.next(),
    })
    .where(eq(deviceModels.id, row.id))
    .run();
  noteAudit(ctx, `Updated model ${row.manufacturer} ${input.name ?? row.name}`, [row.id]);
  return modelView(ctx, row.id);
};

const applianceColumns = {
  id: appliances.id,
  name: appliances.name,
  type: appliances.type,
  priceMinor: appliances.priceMinor,
  paygEnabled: appliances.paygEnabled,
  notes: appliances.notes,
};

function applianceView(ctx: Ctx, id: string) {
  const row = ctx.db
    .select(applianceColumns)
    .from(appliances)
    .where(and(eq(appliances.id, id), isNull(appliances.deletedAt)))
    .get();
  if (!row) throw new AppError('NOT_FOUND', 'That appliance is not in the catalog.');
  return row;
}

export const listAppliances: Handler<'appliances.list'> = (ctx) => ({
  appliances: ctx.db
    .select(applianceColumns)
    .from(appliances)
    .where(isNull(appliances.deletedAt))
    .orderBy(sql`${appliances.name} COLLATE NOCASE`)
    .all(),
});

export const createAppliance: Handler<'appliances.create'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const id = ctx.ids.newId();
  ctx.db
    .insert(appliances)
    .values({
      id,
      officeId: office.id,
      ...input,
      createdAt: ctx.clock.nowIso(),
      updatedHlc: ctx.hlc.next(),
    })
    .run();
  noteAudit(ctx, `Added appliance ${input.name} to the catalog`, [id]);
  return applianceView(ctx, id);
};

export const updateAppliance: Handler<'appliances.update'> = (ctx, input) => {
  const row = applianceView(ctx, input.id);
  const { id: _id, ...changes } = input;
  ctx.db
    .update(appliances)
    .set({
      name: changes.name ?? row.name,
      type: changes.type ?? row.type,
      priceMinor: changes.priceMinor ?? row.priceMinor,
      paygEnabled: changes.paygEnabled ?? row.paygEnabled,
      notes: changes.notes === undefined ? row.notes : changes.notes,
      updatedHlc: ctx.hlc.next(),
    })
    .where(eq(appliances.id, row.id))
    .run();
  noteAudit(ctx, `Updated appliance ${changes.name ?? row.name}`, [row.id]);
  return applianceView(ctx, row.id);
};
