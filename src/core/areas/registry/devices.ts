// Devices: registration, assignment to customers, moves and status changes (each recorded in the
// append-only device history), OpenPAYGO credentials (key sealed at rest), lists and export.
import { sealContext } from '../../adapters/secret-box';
import { and, asc, desc, eq, isNull, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError, type Device, type DeviceRow } from '../../../contract';
import type { deviceFilters, deviceSort } from '../../../contract/commands/devices';
import { assignmentRefusal, type AssignmentRefusal } from '../../../domain/device-assignment';
import { localDate } from '../../../domain/time';
import type { BillingMode } from '../../../domain/vocabulary';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import {
  customers,
  deviceEvents,
  deviceModels,
  devices,
  manufacturers,
  miniGrids,
  offices,
  openpaygoDevices,
  tariffs,
  villages,
} from '../../db/schema';
import { modelView } from './catalog';
import { loadCustomer } from './customers';
import { customerRef, displayName, loadDevice, matchingIds } from './queries';
import { readSettings, requireOffice } from '../shared/office';
import { requireLiveVillage, siteOfVillage } from './sites';
import type { Handler } from '../shared/types';
import { csvExport, pagedList, type PageWindow } from '../shared/lists';

type Ctx = ServiceContext;
type DeviceDbRow = typeof devices.$inferSelect;
type EventKind = (typeof deviceEvents.$inferInsert)['event'];

export function recordDeviceEvent(
  ctx: Ctx,
  officeId: string,
  device: Pick<DeviceDbRow, 'id' | 'customerId' | 'villageId' | 'status'>,
  event: EventKind,
  note: string | null = null,
): void {
  ctx.db
    .insert(deviceEvents)
    .values({
      id: ctx.ids.newId(),
      officeId,
      deviceId: device.id,
      at: ctx.clock.nowIso(),
      event,
      customerId: device.customerId,
      villageId: device.villageId,
      status: device.status,
      note,
      actor: ctx.actor.name,
    })
    .run();
}

function today(ctx: Ctx): string {
  return localDate(ctx.clock.nowMs(), readSettings(ctx.db).office.timeZone);
}

function assertSerialFree(ctx: Ctx, manufacturerId: string, serial: string, exceptId?: string) {
  const other = ctx.db
    .select({ id: devices.id, customerId: devices.customerId })
    .from(devices)
    .where(
      and(
        eq(devices.manufacturerId, manufacturerId),
        eq(devices.serial, serial),
        isNull(devices.deletedAt),
      ),
    )
    .get();
  if (other && other.id !== exceptId) {
    const owner = other.customerId ? loadCustomer(ctx, other.customerId).accountNumber : null;
    throw new AppError(
      'CONFLICT',
      `Serial ${serial} is already registered for this manufacturer${owner ? ` (assigned to ${owner})` : ' (in stock)'}.`,
      { issues: [{ field: 'serial', message: 'is already registered' }] },
    );
  }
}

function checkBillingMode(
  kind: string,
  mode: BillingMode | null | undefined,
  customerId: string | null,
): BillingMode | null {
  if (kind !== 'meter') {
    if (mode) {
      throw new AppError('VALIDATION', 'Only meters have a billing mode.', {
        issues: [{ field: 'billingMode', message: 'is only for meters' }],
      });
    }
    return null;
  }
  if (mode === 'generation' && customerId)
    throw new AppError(
      'VALIDATION',
      'A generation meter measures a plant, not a customer: register it without a customer.',
      { issues: [{ field: 'billingMode', message: 'a generation meter has no customer' }] },
    );
  return mode === 'postpaid' || mode === 'generation' ? mode : 'prepaid';
}

export function sealCredentials(
  ctx: Ctx,
  deviceId: string,
  officeId: string,
  creds: {
    key: string;
    startingCode: number;
    count: number;
    timeDivider: number;
    restrictedDigits: boolean;
  },
): void {
  const keySealed = ctx.secrets.seal(
    Buffer.from(creds.key, 'hex'),
    sealContext.openpaygoKey(deviceId),
  );
  const values = {
    deviceId,
    keySealed,
    startingCode: creds.startingCode,
    count: creds.count,
    provisionedCount: creds.count,
    timeDivider: creds.timeDivider,
    restrictedDigits: creds.restrictedDigits,
    owningOfficeId: officeId,
    updatedHlc: ctx.hlc.next(),
  };
  ctx.db
    .insert(openpaygoDevices)
    .values(values)
    .onConflictDoUpdate({ target: openpaygoDevices.deviceId, set: values })
    .run();
}

function toDevice(ctx: QueryContext, row: DeviceDbRow): Device {
  const model = modelView(ctx, row.modelId);
  const owner = row.customerId ? loadCustomerLoose(ctx, row.customerId) : null;
  const site = row.villageId ? siteOfVillage(ctx, row.villageId) : undefined;
  const opg = ctx.db
    .select({
      startingCode: openpaygoDevices.startingCode,
      count: openpaygoDevices.count,
      timeDivider: openpaygoDevices.timeDivider,
      restrictedDigits: openpaygoDevices.restrictedDigits,
      owningOfficeId: openpaygoDevices.owningOfficeId,
      owningOffice: offices.code,
    })
    .from(openpaygoDevices)
    .leftJoin(offices, eq(offices.id, openpaygoDevices.owningOfficeId))
    .where(eq(openpaygoDevices.deviceId, row.id))
    .get();
  const here = requireOffice(ctx.db);
  const tariff = row.tariffId
    ? ctx.db
        .select({ id: tariffs.id, name: tariffs.name })
        .from(tariffs)
        .where(eq(tariffs.id, row.tariffId))
        .get()
    : undefined;
  return {
    id: row.id,
    kind: row.kind,
    serial: row.serial,
    manufacturerId: row.manufacturerId,
    manufacturer: model.manufacturer,
    modelId: row.modelId,
    model: model.name,
    tokenScheme: model.tokenScheme,
    status: row.status,
    billingMode: row.billingMode,
    installedAt: row.installedAt,
    notes: row.notes,
    customer: owner,
    site: site
      ? {
          villageId: site.villageId,
          village: site.village,
          miniGridId: site.miniGridId,
          miniGrid: site.miniGrid,
        }
      : null,
    tariff: tariff ?? null,
    openpaygo: opg
      ? {
          keySet: true as const,
          startingCode: opg.startingCode,
          count: opg.count,
          timeDivider: opg.timeDivider,
          restrictedDigits: opg.restrictedDigits,
          owningOffice: opg.owningOffice ?? 'another office',
          ownedHere: opg.owningOfficeId === here.id,
        }
      : null,
    createdAt: row.createdAt,
  };
}

function loadCustomerLoose(ctx: QueryContext, id: string) {
  const c = ctx.db.select().from(customers).where(eq(customers.id, id)).get();
  return c ? { id: c.id, accountNumber: c.accountNumber, name: displayName(c) } : null;
}

export const create: Handler<'devices.create'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const model = modelView(ctx, input.modelId);
  assertSerialFree(ctx, model.manufacturerId, input.serial);
  const customer = input.customerId ? loadCustomer(ctx, input.customerId) : null;
  if (customer?.status === 'inactive') {
    throw new AppError(
      'CONFLICT',
      `Customer ${customer.accountNumber} is inactive; reactivate them first.`,
    );
  }
  const villageId = input.villageId ?? customer?.villageId ?? null;
  if (villageId) requireLiveVillage(ctx, villageId);
  const status = input.status ?? (customer ? 'installed' : 'in_stock');
  if (status === 'installed' && !villageId) {
    throw new AppError('VALIDATION', 'An installed device needs a village.', {
      issues: [{ field: 'villageId', message: 'is required for an installed device' }],
    });
  }
  if (input.openpaygo && model.tokenScheme !== 'openpaygo') {
    throw new AppError(
      'VALIDATION',
      `${model.manufacturer} ${model.name} does not use OpenPAYGO tokens.`,
      {
        issues: [{ field: 'openpaygo', message: 'this model does not use OpenPAYGO' }],
      },
    );
  }
  const row: DeviceDbRow = {
    id: ctx.ids.newId(),
    officeId: office.id,
    kind: model.kind,
    manufacturerId: model.manufacturerId,
    modelId: model.id,
    serial: input.serial,
    customerId: customer?.id ?? null,
    villageId,
    status,
    billingMode: checkBillingMode(model.kind, input.billingMode, customer?.id ?? null),
    installedAt: input.installedAt ?? (status === 'installed' ? today(ctx) : null),
    notes: input.notes,
    // Set with tariffs.assign once the meter is registered.
    tariffId: null,
    createdAt: ctx.clock.nowIso(),
    updatedHlc: ctx.hlc.next(),
    deletedAt: null,
  };
  ctx.db.insert(devices).values(row).run();
  recordDeviceEvent(ctx, office.id, row, 'registered');
  if (customer) recordDeviceEvent(ctx, office.id, row, 'assigned');
  if (input.openpaygo) sealCredentials(ctx, row.id, office.id, input.openpaygo);
  noteAudit(
    ctx,
    `Registered ${model.kind} ${model.manufacturer} ${row.serial}${customer ? ` for ${customer.accountNumber}` : ' in stock'}` +
      (input.openpaygo ? ' with OpenPAYGO credentials' : ''),
    [row.id, ...(customer ? [customer.id] : [])],
  );
  return toDevice(ctx, row);
};

export const update: Handler<'devices.update'> = (ctx, input) => {
  const row = loadDevice(ctx, input.id);
  const serial = input.serial ?? row.serial;
  if (serial !== row.serial) assertSerialFree(ctx, row.manufacturerId, serial, row.id);
  const status = input.status ?? row.status;
  if (status === 'in_stock' && row.customerId) {
    throw new AppError(
      'CONFLICT',
      'This device is assigned to a customer: unassign it to put it back in stock.',
    );
  }
  const next: DeviceDbRow = {
    ...row,
    serial,
    status,
    billingMode:
      input.billingMode === undefined
        ? row.billingMode
        : checkBillingMode(row.kind, input.billingMode, row.customerId),
    installedAt: input.installedAt === undefined ? row.installedAt : input.installedAt,
    notes: input.notes === undefined ? row.notes : input.notes,
  };
  ctx.db
    .update(devices)
    .set({ ...next, updatedHlc: ctx.hlc.next() })
    .where(eq(devices.id, row.id))
    .run();
  const office = requireOffice(ctx.db);
  if (status !== row.status)
    recordDeviceEvent(ctx, office.id, next, 'status', `${row.status} -> ${status}`);
  if (serial !== row.serial)
    recordDeviceEvent(ctx, office.id, next, 'updated', `serial ${row.serial} -> ${serial}`);
  noteAudit(ctx, `Updated device ${serial}`, [row.id]);
  return toDevice(ctx, next);
};

/** The clerk's words for why a device cannot be given to a customer. */
function assignmentMessage(
  ctx: Ctx,
  row: DeviceDbRow,
  customer: { accountNumber: string },
  refusal: AssignmentRefusal,
): string {
  switch (refusal.reason) {
    case 'already-theirs':
      return `${row.serial} is already assigned to ${customer.accountNumber}.`;
    case 'with-another-customer': {
      const current = loadCustomerLoose(ctx, refusal.customerId);
      return `${row.serial} is assigned to ${current?.accountNumber ?? 'another customer'}; unassign it first.`;
    }
    case 'customer-inactive':
      return `Customer ${customer.accountNumber} is inactive; reactivate them first.`;
    case 'device-unusable':
      return `${row.serial} is ${refusal.status}; it cannot be given to a customer.`;
    case 'generation-meter':
      return `${row.serial} is a generation meter: it measures a plant, not a customer.`;
  }
}

export const assign: Handler<'devices.assign'> = (ctx, input) => {
  const row = loadDevice(ctx, input.id);
  const customer = loadCustomer(ctx, input.customerId);
  const refusal = assignmentRefusal(row, customer);
  if (refusal) throw new AppError('CONFLICT', assignmentMessage(ctx, row, customer, refusal));
  const villageId = input.villageId ?? customer.villageId;
  requireLiveVillage(ctx, villageId);
  const next: DeviceDbRow = {
    ...row,
    customerId: customer.id,
    villageId,
    status: 'installed',
    installedAt: input.installedAt ?? today(ctx),
  };
  ctx.db
    .update(devices)
    .set({ ...next, updatedHlc: ctx.hlc.next() })
    .where(eq(devices.id, row.id))
    .run();
  recordDeviceEvent(ctx, requireOffice(ctx.db).id, next, 'assigned', input.note);
  noteAudit(
    ctx,
    `Assigned ${row.kind} ${row.serial} to ${customer.accountNumber} ${displayName(customer)}`,
    [row.id, customer.id],
  );
  return toDevice(ctx, next);
};

export const unassign: Handler<'devices.unassign'> = (ctx, input) => {
  const row = loadDevice(ctx, input.id);
  if (!row.customerId) throw new AppError('CONFLICT', `${row.serial} is not assigned to anyone.`);
  const previous = loadCustomerLoose(ctx, row.customerId);
  const next: DeviceDbRow = { ...row, customerId: null, status: input.status, installedAt: null };
  ctx.db
    .update(devices)
    .set({ ...next, updatedHlc: ctx.hlc.next() })
    .where(eq(devices.id, row.id))
    .run();
  recordDeviceEvent(ctx, requireOffice(ctx.db).id, next, 'unassigned', input.note);
  noteAudit(
    ctx,
    `Took ${row.serial} back from ${previous?.accountNumber ?? '?'} (${input.status}): ${input.note}`,
    [row.id, row.customerId],
  );
  return toDevice(ctx, next);
};

export const move: Handler<'devices.move'> = (ctx, input) => {
  const row = loadDevice(ctx, input.id);
  const village = requireLiveVillage(ctx, input.villageId);
  if (row.villageId === village.id)
    throw new AppError('CONFLICT', `${row.serial} is already in ${village.name}.`);
  const next: DeviceDbRow = { ...row, villageId: village.id };
  ctx.db
    .update(devices)
    .set({ villageId: village.id, updatedHlc: ctx.hlc.next() })
    .where(eq(devices.id, row.id))
    .run();
  recordDeviceEvent(ctx, requireOffice(ctx.db).id, next, 'moved', input.note);
  noteAudit(ctx, `Moved ${row.serial} to ${village.name}`, [row.id]);
  return toDevice(ctx, next);
};

export const setOpenPaygo: Handler<'devices.setOpenPaygo'> = (ctx, input) => {
  const row = loadDevice(ctx, input.id);
  const model = modelView(ctx, row.modelId);
  if (model.tokenScheme !== 'openpaygo') {
    throw new AppError(
      'VALIDATION',
      `${model.manufacturer} ${model.name} does not use OpenPAYGO tokens.`,
    );
  }
  const office = requireOffice(ctx.db);
  const existing = ctx.db
    .select()
    .from(openpaygoDevices)
    .where(eq(openpaygoDevices.deviceId, row.id))
    .get();
  if (existing && existing.owningOfficeId !== office.id) {
    throw new AppError(
      'CONFLICT',
      'Another office issues tokens for this device; only that office can change its credentials.',
    );
  }
  sealCredentials(ctx, row.id, office.id, input);
  recordDeviceEvent(
    ctx,
    office.id,
    row,
    'credentials',
    existing ? 'credentials replaced' : 'credentials set',
  );
  // Never the key itself: only that it was set.
  noteAudit(
    ctx,
    `${existing ? 'Replaced' : 'Set'} OpenPAYGO credentials of ${row.serial} (count ${input.count})`,
    [row.id],
  );
  return toDevice(ctx, row);
};

export const get: Handler<'devices.get'> = (ctx, input) => {
  const row = loadDevice(ctx, input.id);
  const events = ctx.db
    .select({
      id: deviceEvents.id,
      at: deviceEvents.at,
      event: deviceEvents.event,
      customerId: deviceEvents.customerId,
      village: villages.name,
      status: deviceEvents.status,
      note: deviceEvents.note,
      actor: deviceEvents.actor,
    })
    .from(deviceEvents)
    .leftJoin(villages, eq(villages.id, deviceEvents.villageId))
    .where(eq(deviceEvents.deviceId, row.id))
    .orderBy(desc(deviceEvents.at), desc(deviceEvents.id))
    .all();
  return {
    device: toDevice(ctx, row),
    history: events.map((e) => ({
      id: e.id,
      at: e.at,
      event: e.event,
      customer: e.customerId ? loadCustomerLoose(ctx, e.customerId) : null,
      village: e.village,
      status: e.status,
      note: e.note,
      actor: e.actor,
    })),
  };
};

type Filters = z.output<typeof deviceFilters>;
type Sort = z.output<typeof deviceSort>;

function whereOf(filters: Filters): SQL | undefined {
  return and(
    isNull(devices.deletedAt),
    filters.kind ? eq(devices.kind, filters.kind) : undefined,
    filters.status ? eq(devices.status, filters.status) : undefined,
    filters.billingMode ? eq(devices.billingMode, filters.billingMode) : undefined,
    filters.villageId ? eq(devices.villageId, filters.villageId) : undefined,
    filters.miniGridId ? eq(villages.miniGridId, filters.miniGridId) : undefined,
    filters.clusterId ? eq(miniGrids.clusterId, filters.clusterId) : undefined,
    filters.customerId ? eq(devices.customerId, filters.customerId) : undefined,
    filters.modelId ? eq(devices.modelId, filters.modelId) : undefined,
    filters.manufacturerId ? eq(devices.manufacturerId, filters.manufacturerId) : undefined,
    filters.assigned === undefined
      ? undefined
      : filters.assigned
        ? isNotNull(devices.customerId)
        : isNull(devices.customerId),
    filters.text
      ? sql`(${devices.id} IN ${matchingIds(filters.text, 'device')} OR ${devices.customerId} IN ${matchingIds(filters.text, 'customer')})`
      : undefined,
  );
}

const SORTS: Record<Sort, SQL[]> = {
  serial: [sql`${devices.serial}`],
  kind: [sql`${devices.kind}`, sql`${devices.serial}`],
  model: [
    sql`${manufacturers.name} COLLATE NOCASE`,
    sql`${deviceModels.name} COLLATE NOCASE`,
    sql`${devices.serial}`,
  ],
  status: [sql`${devices.status}`, sql`${devices.serial}`],
  village: [sql`${villages.name} COLLATE NOCASE`, sql`${devices.serial}`],
  customer: [sql`${customers.accountNumber}`],
  installedAt: [sql`${devices.installedAt}`],
  createdAt: [sql`${devices.createdAt}`],
};

function needsSites(filters: Filters, sort: Sort): boolean {
  return Boolean(filters.miniGridId || filters.clusterId || sort === 'village');
}

function orderOf(sort: Sort, direction: 'asc' | 'desc'): SQL[] {
  const dir = direction === 'asc' ? asc : desc;
  return [...SORTS[sort].map((s) => dir(s)), dir(sql`${devices}.rowid`)];
}

/** The rowids of one page, on narrow rows (pagedList in services/lists.ts). */
function pageKeys(ctx: QueryContext, filters: Filters, sort: Sort, direction: 'asc' | 'desc') {
  return (window: PageWindow): SQL => {
    const walked = window.reversed ? (direction === 'asc' ? 'desc' : 'asc') : direction;
    let keys = ctx.db
      .select({ rid: sql`${devices}.rowid` })
      .from(devices)
      .$dynamic();
    if (sort === 'model') {
      keys = keys
        .innerJoin(manufacturers, eq(manufacturers.id, devices.manufacturerId))
        .innerJoin(deviceModels, eq(deviceModels.id, devices.modelId));
    }
    if (sort === 'customer') keys = keys.leftJoin(customers, eq(customers.id, devices.customerId));
    if (needsSites(filters, sort)) {
      keys = keys
        .leftJoin(villages, eq(villages.id, devices.villageId))
        .leftJoin(miniGrids, eq(miniGrids.id, villages.miniGridId));
    }
    const page = keys
      .where(whereOf(filters))
      .orderBy(...orderOf(sort, walked))
      .limit(window.limit)
      .offset(window.offset);
    return sql`${devices}.rowid IN ${page}`;
  };
}

/** The rows of a list page (the rowids from pageKeys) or of a whole export. */
function selectRows(
  ctx: QueryContext,
  filters: Filters,
  sort: Sort,
  direction: 'asc' | 'desc',
  inPage?: SQL,
) {
  const order = orderOf(sort, direction);
  return ctx.db
    .select({
      id: devices.id,
      kind: devices.kind,
      serial: devices.serial,
      manufacturer: manufacturers.name,
      model: deviceModels.name,
      tokenScheme: deviceModels.tokenScheme,
      status: devices.status,
      billingMode: devices.billingMode,
      customerId: customers.id,
      accountNumber: customers.accountNumber,
      ckind: customers.kind,
      firstName: customers.firstName,
      lastName: customers.lastName,
      businessName: customers.businessName,
      village: villages.name,
      miniGrid: miniGrids.name,
      installedAt: devices.installedAt,
    })
    .from(devices)
    .innerJoin(manufacturers, eq(manufacturers.id, devices.manufacturerId))
    .innerJoin(deviceModels, eq(deviceModels.id, devices.modelId))
    .leftJoin(customers, eq(customers.id, devices.customerId))
    .leftJoin(villages, eq(villages.id, devices.villageId))
    .leftJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
    .where(inPage ?? whereOf(filters))
    .orderBy(...order);
}

function toRow(r: ReturnType<ReturnType<typeof selectRows>['all']>[number]): DeviceRow {
  return {
    id: r.id,
    kind: r.kind,
    serial: r.serial,
    manufacturer: r.manufacturer,
    model: r.model,
    status: r.status,
    billingMode: r.billingMode,
    customer: customerRef(r),
    village: r.village,
    miniGrid: r.miniGrid,
    installedAt: r.installedAt,
    tokenScheme: r.tokenScheme,
  };
}

export const list: Handler<'devices.list'> = (ctx, input) =>
  pagedList(ctx, input, {
    countKey: `devices ${JSON.stringify(input.filters)}`,
    count: () => {
      const count = ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(devices)
        .$dynamic();
      return (
        (needsSites(input.filters, 'serial')
          ? count
              .leftJoin(villages, eq(villages.id, devices.villageId))
              .leftJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
          : count
        )
          .where(whereOf(input.filters))
          .get()?.n ?? 0
      );
    },
    pageKeys: pageKeys(ctx, input.filters, input.sort, input.direction),
    rows: (inPage) =>
      selectRows(ctx, input.filters, input.sort, input.direction, inPage).all().map(toRow),
  });

export const exportCsv: Handler<'devices.export'> = (ctx, input) => {
  const rows = selectRows(ctx, input.filters, input.sort, input.direction).all().map(toRow);
  return csvExport(
    'devices',
    ctx.clock.nowIso(),
    [
      'serial',
      'kind',
      'manufacturer',
      'model',
      'status',
      'billing_mode',
      'customer_account',
      'customer_name',
      'village',
      'mini_grid',
      'installed',
    ],
    rows.map((r) => [
      r.serial,
      r.kind,
      r.manufacturer,
      r.model,
      r.status,
      r.billingMode ?? '',
      r.customer?.accountNumber ?? '',
      r.customer?.name ?? '',
      r.village ?? '',
      r.miniGrid ?? '',
      r.installedAt ?? '',
    ]),
  );
};
