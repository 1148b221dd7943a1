// PAYG terms of lockable devices: the paged list (with whether tokens can be made) and setting
// the terms of one device or many in one audited command. Each device passes the same rule as
// devices.setPaygPlan (domain/payg-terms.ts); one refusal refuses the whole command, naming the
// device, so nothing is half done.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError, type PaygTermsRow } from '../../../contract';
import type { paygTermsFilters } from '../../../contract/commands/payg-terms';
import { formatMoney } from '../../../domain/money';
import { paygTermsProblem } from '../../../domain/payg-terms';
import { noteAudit } from '../../context';
import {
  customers,
  deviceModels,
  devices,
  miniGrids,
  openpaygoDevices,
  paygPlans,
  villages,
} from '../../db/schema';
import { readSettings } from '../shared/office';
import { customerRef, matchingIds } from '../registry/queries';
import type { Handler } from '../shared/types';
import { pagedList } from '../shared/lists';

type Filters = z.infer<typeof paygTermsFilters>;
type PaygSort = Parameters<Handler<'payg.list'>>[1]['sort'];

function whereOf(filters: Filters): SQL | undefined {
  return and(
    // A literal, not a parameter: SQLite then uses the partial index of lockable devices.
    sql`${devices.kind} <> 'meter'`,
    isNull(devices.deletedAt),
    filters.kind ? eq(devices.kind, filters.kind) : undefined,
    filters.villageId ? eq(devices.villageId, filters.villageId) : undefined,
    filters.miniGridId ? eq(villages.miniGridId, filters.miniGridId) : undefined,
    filters.clusterId ? eq(miniGrids.clusterId, filters.clusterId) : undefined,
    filters.terms === 'set' ? isNotNull(paygPlans.deviceId) : undefined,
    filters.terms === 'missing' ? isNull(paygPlans.deviceId) : undefined,
    filters.text
      ? sql`(${devices.id} IN ${matchingIds(filters.text, 'device')} OR ${devices.customerId} IN ${matchingIds(filters.text, 'customer')})`
      : undefined,
  );
}

const SORTS: Record<PaygSort, SQL[]> = {
  serial: [sql`${devices.serial}`],
  village: [sql`${villages.name} COLLATE NOCASE`, sql`${devices.serial}`],
  customer: [sql`${customers.accountNumber}`, sql`${devices.serial}`],
  dailyPrice: [sql`${paygPlans.dailyPriceMinor}`, sql`${devices.serial}`],
};

function orderOf(sort: PaygSort, direction: 'asc' | 'desc'): SQL[] {
  const dir = direction === 'asc' ? asc : desc;
  return [...SORTS[sort].map((s) => dir(s)), dir(sql`${devices}.rowid`)];
}

export const list: Handler<'payg.list'> = (ctx, input) =>
  pagedList(ctx, input, {
    countKey: `payg ${JSON.stringify(input.filters)}`,
    count: () =>
      ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(devices)
        .leftJoin(villages, eq(villages.id, devices.villageId))
        .leftJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
        .leftJoin(paygPlans, eq(paygPlans.deviceId, devices.id))
        .where(whereOf(input.filters))
        .get()?.n ?? 0,
    // Rowids first, on the joins the filters and the sort need; the rows for the page only.
    pageKeys: (window) => {
      const walked = window.reversed
        ? input.direction === 'asc'
          ? 'desc'
          : 'asc'
        : input.direction;
      const page = ctx.db
        .select({ rid: sql`${devices}.rowid` })
        .from(devices)
        .leftJoin(customers, eq(customers.id, devices.customerId))
        .leftJoin(villages, eq(villages.id, devices.villageId))
        .leftJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
        .leftJoin(paygPlans, eq(paygPlans.deviceId, devices.id))
        .where(whereOf(input.filters))
        .orderBy(...orderOf(input.sort, walked))
        .limit(window.limit)
        .offset(window.offset);
      return sql`${devices}.rowid IN ${page}`;
    },
    rows: (inPage) =>
      ctx.db
        .select({
          id: devices.id,
          serial: devices.serial,
          kind: devices.kind,
          model: deviceModels.name,
          status: devices.status,
          customerId: customers.id,
          accountNumber: customers.accountNumber,
          ckind: customers.kind,
          firstName: customers.firstName,
          lastName: customers.lastName,
          businessName: customers.businessName,
          village: villages.name,
          dailyPriceMinor: paygPlans.dailyPriceMinor,
          totalPriceMinor: paygPlans.totalPriceMinor,
          credentials: openpaygoDevices.deviceId,
        })
        .from(devices)
        .innerJoin(deviceModels, eq(deviceModels.id, devices.modelId))
        .leftJoin(customers, eq(customers.id, devices.customerId))
        .leftJoin(villages, eq(villages.id, devices.villageId))
        .leftJoin(paygPlans, eq(paygPlans.deviceId, devices.id))
        .leftJoin(openpaygoDevices, eq(openpaygoDevices.deviceId, devices.id))
        .where(inPage)
        .orderBy(...orderOf(input.sort, input.direction))
        .all()
        .map((r): PaygTermsRow => ({
          id: r.id,
          serial: r.serial,
          kind: r.kind === 'ebike' ? 'ebike' : 'shs',
          model: r.model,
          status: r.status,
          customer: customerRef(r),
          village: r.village,
          dailyPriceMinor: r.dailyPriceMinor,
          totalPriceMinor: r.totalPriceMinor,
          credentials: r.credentials !== null,
        })),
  });

export const setTerms: Handler<'payg.setTerms'> = (ctx, input) => {
  const ids = [...new Set(input.deviceIds)];
  const found = ctx.db
    .select({ id: devices.id, serial: devices.serial, kind: devices.kind })
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
      { issues: [{ field: 'deviceIds', message: 'must name existing devices' }] },
    );
  }
  const terms = { dailyPriceMinor: input.dailyPriceMinor, totalPriceMinor: input.totalPriceMinor };
  for (const device of found.sort((a, b) => a.serial.localeCompare(b.serial))) {
    const problem = paygTermsProblem(device.kind, terms);
    if (problem) {
      const field = problem.field === 'deviceId' ? 'deviceIds' : problem.field;
      throw new AppError('VALIDATION', `${device.serial}: ${problem.message}`, {
        issues: [{ field, message: problem.message }],
      });
    }
  }
  const now = ctx.clock.nowIso();
  for (const device of found) {
    const hlc = ctx.hlc.next();
    ctx.db
      .insert(paygPlans)
      .values({ deviceId: device.id, ...terms, createdAt: now, updatedHlc: hlc })
      .onConflictDoUpdate({
        target: paygPlans.deviceId,
        // created_at stays: it says when the device first got terms.
        set: { ...terms, updatedHlc: hlc },
      })
      .run();
  }
  const currency = readSettings(ctx.db).currency;
  const serials = found.map((d) => d.serial).sort();
  const shown = serials.slice(0, 5).join(', ') + (serials.length > 5 ? ', ...' : '');
  noteAudit(
    ctx,
    `Set the PAYG terms of ${found.length === 1 ? '' : `${found.length} devices `}${shown}: ` +
      `${formatMoney(terms.dailyPriceMinor, currency)} a day` +
      (terms.totalPriceMinor === null
        ? ', never unlocked by paying'
        : `, unlocked at ${formatMoney(terms.totalPriceMinor, currency)}`),
    found.map((d) => d.id),
  );
  return { updated: found.length };
};
