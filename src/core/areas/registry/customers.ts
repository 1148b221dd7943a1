// Customers: registration with an account number, changes, lists with server-side paging,
// filters and sorting, and CSV export.
import { and, asc, desc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { AppError, type Customer, type CustomerRow } from '../../../contract';
import type { customerFilters, customerSort } from '../../../contract/commands/customers';
import { formatAccountNumber } from '../../../domain/account-number';
import { normalisePhone } from '../../../domain/phone';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import {
  customers,
  deviceModels,
  devices,
  manufacturers,
  miniGrids,
  villages,
} from '../../db/schema';
import { reserveCounter } from '../shared/counters';
import { prepared } from '../../db/prepared';
import { readSettings, requireOffice } from '../shared/office';
import { displayName, matchingIds } from './queries';
import { requireLiveVillage, siteOfVillage } from './sites';
import type { Handler } from '../shared/types';
import { csvExport, pagedList, type PageWindow } from '../shared/lists';
import type { z } from 'zod';

type Ctx = ServiceContext;
type CustomerDbRow = typeof customers.$inferSelect;

function phoneOrThrow(ctx: Ctx, field: string, value: string | null | undefined): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const result = normalisePhone(value, readSettings(ctx.db).company.country);
  if (!result.ok) {
    throw new AppError('VALIDATION', `Phone number "${value}" ${result.reason}.`, {
      issues: [{ field, message: result.reason }],
    });
  }
  return result.e164;
}

function checkNames(
  kind: 'individual' | 'business',
  firstName: string,
  lastName: string,
  businessName: string | null,
) {
  const issues: { field: string; message: string }[] = [];
  if (kind === 'business' && !businessName)
    issues.push({ field: 'businessName', message: 'is required for a business' });
  if (kind === 'individual') {
    if (!firstName) issues.push({ field: 'firstName', message: 'is required' });
    if (!lastName) issues.push({ field: 'lastName', message: 'is required' });
  }
  const first = issues[0];
  if (first) throw new AppError('VALIDATION', `${first.field} ${first.message}`, { issues });
}

function assertNationalIdFree(ctx: Ctx, nationalId: string | null, exceptId?: string) {
  if (!nationalId) return;
  const other = ctx.db
    .select({ id: customers.id, accountNumber: customers.accountNumber })
    .from(customers)
    .where(
      and(
        eq(customers.nationalId, nationalId),
        isNull(customers.deletedAt),
        exceptId ? ne(customers.id, exceptId) : undefined,
      ),
    )
    .get();
  if (other) {
    throw new AppError(
      'CONFLICT',
      `National ID ${nationalId} already belongs to customer ${other.accountNumber}.`,
      {
        issues: [{ field: 'nationalId', message: `already belongs to ${other.accountNumber}` }],
      },
    );
  }
}

export function loadCustomer(ctx: QueryContext, id: string): CustomerDbRow {
  const row = ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), isNull(customers.deletedAt)))
    .get();
  if (!row) throw new AppError('NOT_FOUND', 'That customer does not exist (or was deleted).');
  return row;
}

export function toCustomer(ctx: QueryContext, row: CustomerDbRow): Customer {
  const site = siteOfVillage(ctx, row.villageId);
  if (!site) throw new AppError('INTERNAL', `Customer ${row.accountNumber} has no village`);
  return {
    id: row.id,
    accountNumber: row.accountNumber,
    kind: row.kind,
    displayName: displayName(row),
    firstName: row.firstName,
    lastName: row.lastName,
    businessName: row.businessName,
    phone: row.phone,
    phone2: row.phone2,
    nationalId: row.nationalId,
    gender: row.gender,
    address: row.address,
    notes: row.notes,
    status: row.status,
    createdAt: row.createdAt,
    site,
  };
}

type NewCustomer = Omit<
  CustomerDbRow,
  'id' | 'officeId' | 'accountNumber' | 'createdAt' | 'updatedHlc' | 'deletedAt'
>;

/**
 * Insert customers (one from the form, thousands from a CSV import) with consecutive account
 * numbers. A prepared statement and one counter reservation keep a 100,000-row import fast.
 */
export function insertCustomers(
  ctx: Ctx,
  office: { id: string; code: string },
  values: NewCustomer[],
  /** Account numbers reserved earlier by the caller (a large import's chunks); else reserved here. */
  reservedFrom?: number,
): CustomerDbRow[] {
  if (values.length === 0) return [];
  const first = reservedFrom ?? reserveCounter(ctx.db, 'account_number', values.length);
  const now = ctx.clock.nowIso();
  const insert = prepared(ctx.db, 'insertCustomer', (d) =>
    d.$client.prepare(
      `INSERT INTO customers (id, office_id, account_number, kind, first_name, last_name,
         business_name, phone, phone2, gender, national_id, village_id, address, notes, status,
         created_at, updated_hlc, deleted_at)
       VALUES (@id, @officeId, @accountNumber, @kind, @firstName, @lastName, @businessName,
         @phone, @phone2, @gender, @nationalId, @villageId, @address, @notes, @status,
         @createdAt, @updatedHlc, @deletedAt)`,
    ),
  );
  return values.map((v, i) => {
    const row: CustomerDbRow = {
      kind: v.kind,
      firstName: v.firstName,
      lastName: v.lastName,
      businessName: v.businessName,
      phone: v.phone,
      phone2: v.phone2,
      gender: v.gender,
      nationalId: v.nationalId,
      villageId: v.villageId,
      address: v.address,
      notes: v.notes,
      status: v.status,
      id: ctx.ids.newId(),
      officeId: office.id,
      accountNumber: formatAccountNumber(office.code, first + i),
      createdAt: now,
      updatedHlc: ctx.hlc.next(),
      deletedAt: null,
    };
    insert.run(row);
    return row;
  });
}

export const create: Handler<'customers.create'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  requireLiveVillage(ctx, input.villageId);
  checkNames(input.kind, input.firstName, input.lastName, input.businessName);
  assertNationalIdFree(ctx, input.nationalId);
  const [row] = insertCustomers(ctx, office, [
    {
      kind: input.kind,
      firstName: input.firstName,
      lastName: input.lastName,
      businessName: input.businessName,
      phone: phoneOrThrow(ctx, 'phone', input.phone),
      phone2: phoneOrThrow(ctx, 'phone2', input.phone2),
      gender: input.kind === 'business' ? null : (input.gender ?? null),
      nationalId: input.nationalId,
      villageId: input.villageId,
      address: input.address,
      notes: input.notes,
      status: input.status,
    },
  ]);
  if (!row) throw new AppError('INTERNAL', 'The customer was not saved');
  noteAudit(ctx, `Registered customer ${row.accountNumber} ${displayName(row)}`, [row.id]);
  return toCustomer(ctx, row);
};

const LABELS: Partial<Record<keyof CustomerDbRow, string>> = {
  kind: 'type',
  firstName: 'first name',
  lastName: 'last name',
  businessName: 'business name',
  phone: 'phone',
  phone2: 'second phone',
  nationalId: 'national ID',
  gender: 'gender',
  villageId: 'village',
  address: 'address',
  notes: 'notes',
  status: 'status',
};

export const update: Handler<'customers.update'> = (ctx, input) => {
  const row = loadCustomer(ctx, input.id);
  const next: CustomerDbRow = {
    ...row,
    kind: input.kind ?? row.kind,
    firstName: input.firstName ?? row.firstName,
    lastName: input.lastName ?? row.lastName,
    businessName: input.businessName === undefined ? row.businessName : input.businessName,
    phone: input.phone === undefined ? row.phone : phoneOrThrow(ctx, 'phone', input.phone),
    phone2: input.phone2 === undefined ? row.phone2 : phoneOrThrow(ctx, 'phone2', input.phone2),
    nationalId: input.nationalId === undefined ? row.nationalId : input.nationalId,
    gender: input.gender === undefined ? row.gender : input.gender,
    villageId: input.villageId ?? row.villageId,
    address: input.address === undefined ? row.address : input.address,
    notes: input.notes === undefined ? row.notes : input.notes,
    status: input.status ?? row.status,
  };
  if (next.villageId !== row.villageId) requireLiveVillage(ctx, next.villageId);
  checkNames(next.kind, next.firstName, next.lastName, next.businessName);
  if (next.nationalId !== row.nationalId) assertNationalIdFree(ctx, next.nationalId, row.id);
  const changed = (Object.keys(LABELS) as (keyof CustomerDbRow)[]).filter(
    (k) => next[k] !== row[k],
  );
  if (changed.length > 0) {
    ctx.db
      .update(customers)
      .set({ ...next, updatedHlc: ctx.hlc.next() })
      .where(eq(customers.id, row.id))
      .run();
  }
  // Notes can be long and personal: the audit names the fields, not their contents.
  noteAudit(
    ctx,
    changed.length
      ? `Changed customer ${row.accountNumber}: ${changed.map((k) => LABELS[k]).join(', ')}`
      : `Saved customer ${row.accountNumber}, no change`,
    [row.id],
  );
  return toCustomer(ctx, next);
};

export const get: Handler<'customers.get'> = (ctx, input) => {
  const row = loadCustomer(ctx, input.id);
  const owned = ctx.db
    .select({
      id: devices.id,
      kind: devices.kind,
      serial: devices.serial,
      manufacturer: manufacturers.name,
      model: deviceModels.name,
      status: devices.status,
      billingMode: devices.billingMode,
    })
    .from(devices)
    .innerJoin(manufacturers, eq(manufacturers.id, devices.manufacturerId))
    .innerJoin(deviceModels, eq(deviceModels.id, devices.modelId))
    .where(and(eq(devices.customerId, row.id), isNull(devices.deletedAt)))
    .orderBy(devices.kind, devices.serial)
    .all();
  return { customer: toCustomer(ctx, row), devices: owned };
};

type Filters = z.output<typeof customerFilters>;
type Sort = z.output<typeof customerSort>;

/**
 * `walk`: the page's ids are read by walking a sort index (customers_list_*_idx), which carries
 * the filter columns. A unary + keeps SQLite from choosing the village or status index instead
 * and then sorting every matching row (at 100,000 customers, half a second for a mini-grid);
 * the count keeps the plain form, for which those indexes are the right choice.
 */
function whereOf(ctx: QueryContext, filters: Filters, walk = false): SQL | undefined {
  const column = (
    c: typeof customers.villageId | typeof customers.status | typeof customers.kind,
  ) => (walk ? sql`+${c}` : sql`${c}`);
  const conditions: (SQL | undefined)[] = [isNull(customers.deletedAt)];
  if (filters.villageId) {
    conditions.push(sql`${column(customers.villageId)} = ${filters.villageId}`);
  }
  // Site filters as subqueries on the village id: the query needs no join, so a sorted page can
  // walk the sort index and stop after one page.
  if (filters.miniGridId) {
    conditions.push(
      sql`${column(customers.villageId)} IN (SELECT id FROM villages WHERE mini_grid_id = ${filters.miniGridId})`,
    );
  }
  if (filters.clusterId) {
    conditions.push(
      sql`${column(customers.villageId)} IN (SELECT v.id FROM villages v JOIN mini_grids m ON m.id = v.mini_grid_id WHERE m.cluster_id = ${filters.clusterId})`,
    );
  }
  if (filters.status) conditions.push(sql`${column(customers.status)} = ${filters.status}`);
  if (filters.kind) conditions.push(sql`${column(customers.kind)} = ${filters.kind}`);
  if (filters.officeCode) {
    conditions.push(
      sql`${customers.officeId} = (SELECT id FROM offices WHERE code = ${filters.officeCode})`,
    );
  }
  if (filters.text) {
    conditions.push(sql`${customers.id} IN ${matchingIds(filters.text, 'customer')}`);
  }
  return and(...conditions);
}

const SORTS: Record<Sort, SQL[]> = {
  accountNumber: [sql`${customers.accountNumber}`],
  name: [
    sql`${customers.lastName} COLLATE NOCASE`,
    sql`${customers.firstName} COLLATE NOCASE`,
    sql`${customers.businessName} COLLATE NOCASE`,
  ],
  village: [sql`${villages.name} COLLATE NOCASE`, sql`${customers.lastName} COLLATE NOCASE`],
  status: [sql`${customers.status}`, sql`${customers.accountNumber}`],
  createdAt: [sql`${customers.createdAt}`],
};

function needsSites(sort: Sort): boolean {
  return sort === 'village';
}

/**
 * The rows of a list or export. A page is chosen first on narrow rows (ids and sort keys only),
 * then only those rows are joined and counted: a deep page or a filtered sort at 100,000
 * customers then costs a sort of keys, not of finished rows with their device counts.
 */
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
      id: customers.id,
      accountNumber: customers.accountNumber,
      kind: customers.kind,
      firstName: customers.firstName,
      lastName: customers.lastName,
      businessName: customers.businessName,
      phone: customers.phone,
      nationalId: customers.nationalId,
      village: villages.name,
      miniGrid: miniGrids.name,
      office: sql<string>`(SELECT code FROM offices o WHERE o.id = ${customers}.office_id)`,
      status: customers.status,
      createdAt: customers.createdAt,
      devices: sql<number>`(SELECT count(*) FROM devices d WHERE d.customer_id = ${customers}.id AND d.deleted_at IS NULL)`,
    })
    .from(customers)
    .innerJoin(villages, eq(villages.id, customers.villageId))
    .innerJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
    .where(inPage ?? whereOf(ctx, filters))
    .orderBy(...order);
}

function orderOf(sort: Sort, direction: 'asc' | 'desc'): SQL[] {
  const dir = direction === 'asc' ? asc : desc;
  return [...SORTS[sort].map((s) => dir(s)), dir(sql`${customers}.rowid`)];
}

/** The rowids of one page, on narrow rows (pagedList in services/lists.ts). */
function pageKeys(ctx: QueryContext, filters: Filters, sort: Sort, direction: 'asc' | 'desc') {
  return (window: PageWindow): SQL => {
    const walked = window.reversed ? (direction === 'asc' ? 'desc' : 'asc') : direction;
    const keys = ctx.db.select({ rid: sql`${customers}.rowid` }).from(customers);
    const page = (
      needsSites(sort)
        ? keys
            .innerJoin(villages, eq(villages.id, customers.villageId))
            .innerJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
        : keys
    )
      // The village sort has no index to walk: there the filters' own indexes are best.
      .where(whereOf(ctx, filters, sort !== 'village'))
      .orderBy(...orderOf(sort, walked))
      .limit(window.limit)
      .offset(window.offset);
    return sql`${customers}.rowid IN ${page}`;
  };
}

function toRow(r: ReturnType<ReturnType<typeof selectRows>['all']>[number]): CustomerRow {
  return {
    id: r.id,
    accountNumber: r.accountNumber,
    displayName: displayName(r),
    kind: r.kind,
    phone: r.phone,
    nationalId: r.nationalId,
    village: r.village,
    miniGrid: r.miniGrid,
    office: r.office,
    status: r.status,
    devices: r.devices,
    createdAt: r.createdAt,
  };
}

export const list: Handler<'customers.list'> = (ctx, input) =>
  pagedList(ctx, input, {
    countKey: `customers ${JSON.stringify(input.filters)}`,
    count: () =>
      ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(customers)
        .where(whereOf(ctx, input.filters))
        .get()?.n ?? 0,
    pageKeys: pageKeys(ctx, input.filters, input.sort, input.direction),
    rows: (inPage) =>
      selectRows(ctx, input.filters, input.sort, input.direction, inPage).all().map(toRow),
  });

export const exportCsv: Handler<'customers.export'> = (ctx, input) => {
  const rows = selectRows(ctx, input.filters, input.sort, input.direction).all().map(toRow);
  return csvExport(
    'customers',
    ctx.clock.nowIso(),
    [
      'account_number',
      'name',
      'type',
      'phone',
      'national_id',
      'village',
      'mini_grid',
      'status',
      'devices',
      'registered',
    ],
    rows.map((r) => [
      r.accountNumber,
      r.displayName,
      r.kind,
      r.phone ?? '',
      r.nationalId ?? '',
      r.village,
      r.miniGrid,
      r.status,
      r.devices,
      r.createdAt.slice(0, 10),
    ]),
  );
};

export const remove: Handler<'customers.delete'> = (ctx, input) => {
  const row = loadCustomer(ctx, input.id);
  const owned =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(devices)
      .where(and(eq(devices.customerId, row.id), isNull(devices.deletedAt)))
      .get()?.n ?? 0;
  if (owned > 0) {
    throw new AppError(
      'CONFLICT',
      `Customer ${row.accountNumber} still has ${owned} device${owned === 1 ? '' : 's'}; unassign them first.`,
      {
        dependents: { device: owned },
      },
    );
  }
  ctx.db
    .update(customers)
    .set({ deletedAt: ctx.clock.nowIso(), updatedHlc: ctx.hlc.next() })
    .where(eq(customers.id, row.id))
    .run();
  noteAudit(ctx, `Deleted customer ${row.accountNumber} ${displayName(row)}`, [row.id]);
  return { deleted: true };
};
