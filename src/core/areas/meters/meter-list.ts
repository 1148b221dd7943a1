// The Meters list: every meter with how GridDesk reaches it, its latest reading and the readings
// waiting for a review, paged and filtered on the server like the customer and device lists.
// Read-only; the latest reading and the flag count are subqueries on the readings' (device, time)
// index, so a page costs the same whatever the size of the readings table.
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { MeterListRow } from '../../../contract';
import type { meterListFilters, meterListSort } from '../../../contract/commands/readings';
import type { QueryContext } from '../../context';
import {
  customers,
  deviceModels,
  devices,
  meterLinks,
  miniGrids,
  openemsChannels,
  tariffs,
  villages,
} from '../../db/schema';
import { customerRef, matchingIds } from '../registry/queries';
import type { Handler } from '../shared/types';
import { pagedList } from '../shared/lists';

type Filters = z.infer<typeof meterListFilters>;
type Sort = z.infer<typeof meterListSort>;

// A port on this PC wins; then an OpenEMS Edge; a link without a port is read from CSV or a
// gateway.
const linkState = sql<MeterListRow['link']>`CASE
  WHEN ${meterLinks.port} IS NOT NULL THEN 'serial'
  WHEN ${openemsChannels.deviceId} IS NOT NULL THEN 'openems'
  WHEN ${meterLinks.deviceId} IS NOT NULL THEN 'gateway'
  ELSE 'none' END`;

/** A meter's OpenEMS channel, unless it was unmapped (a tombstone). */
const liveChannel = and(
  eq(openemsChannels.deviceId, devices.id),
  isNull(openemsChannels.deletedAt),
);

const lastReadAt = sql<
  string | null
>`(SELECT r.read_at FROM meter_readings r WHERE r.device_id = ${devices.id} ORDER BY r.read_at DESC LIMIT 1)`;
const lastReadWh = sql<
  number | null
>`(SELECT r.wh FROM meter_readings r WHERE r.device_id = ${devices.id} ORDER BY r.read_at DESC LIMIT 1)`;
// Same rule as meters.get: a flagged reading waits until it has a review.
const flagged = sql<number>`(SELECT count(*) FROM meter_readings r
  LEFT JOIN reading_reviews v ON v.reading_id = r.id
  WHERE r.device_id = ${devices.id} AND r.flag IS NOT NULL AND v.reading_id IS NULL)`;

function whereOf(filters: Filters): SQL | undefined {
  return and(
    eq(devices.kind, 'meter'),
    isNull(devices.deletedAt),
    filters.status ? eq(devices.status, filters.status) : undefined,
    filters.billingMode ? eq(devices.billingMode, filters.billingMode) : undefined,
    filters.villageId ? eq(devices.villageId, filters.villageId) : undefined,
    filters.miniGridId ? eq(villages.miniGridId, filters.miniGridId) : undefined,
    filters.clusterId ? eq(miniGrids.clusterId, filters.clusterId) : undefined,
    filters.link ? sql`${linkState} = ${filters.link}` : undefined,
    filters.flagged === undefined
      ? undefined
      : filters.flagged
        ? sql`${flagged} > 0`
        : sql`${flagged} = 0`,
    filters.text
      ? sql`(${devices.id} IN ${matchingIds(filters.text, 'device')} OR ${devices.customerId} IN ${matchingIds(filters.text, 'customer')})`
      : undefined,
  );
}

const SORTS: Record<Sort, SQL[]> = {
  serial: [sql`${devices.serial}`],
  village: [sql`${villages.name} COLLATE NOCASE`, sql`${devices.serial}`],
  customer: [sql`${customers.accountNumber}`, sql`${devices.serial}`],
  lastReading: [lastReadAt, sql`${devices.serial}`],
  flagged: [flagged, sql`${devices.serial}`],
};

function base(ctx: QueryContext) {
  return ctx.db
    .select({
      id: devices.id,
      serial: devices.serial,
      model: deviceModels.name,
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
      tariff: tariffs.name,
      link: linkState,
      protocol: meterLinks.protocol,
      lastReadAt,
      lastReadWh,
      flagged,
    })
    .from(devices)
    .innerJoin(deviceModels, eq(deviceModels.id, devices.modelId))
    .leftJoin(customers, eq(customers.id, devices.customerId))
    .leftJoin(villages, eq(villages.id, devices.villageId))
    .leftJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
    .leftJoin(tariffs, eq(tariffs.id, devices.tariffId))
    .leftJoin(meterLinks, eq(meterLinks.deviceId, devices.id))
    .leftJoin(openemsChannels, liveChannel);
}

function orderOf(sort: Sort, direction: 'asc' | 'desc'): SQL[] {
  const dir = direction === 'asc' ? asc : desc;
  return [...SORTS[sort].map((s) => dir(s)), dir(sql`${devices}.rowid`)];
}

export const list: Handler<'meters.list'> = (ctx, input) =>
  pagedList(ctx, input, {
    countKey: `meters ${JSON.stringify(input.filters)}`,
    count: () =>
      ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(devices)
        .leftJoin(villages, eq(villages.id, devices.villageId))
        .leftJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
        .leftJoin(meterLinks, eq(meterLinks.deviceId, devices.id))
        .leftJoin(openemsChannels, liveChannel)
        .where(whereOf(input.filters))
        .get()?.n ?? 0,
    // Rowids first, on the joins the filters and the sort need (SQLite leaves out the others):
    // the last readings and flags are then read for the page's rows only.
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
        .leftJoin(meterLinks, eq(meterLinks.deviceId, devices.id))
        .leftJoin(openemsChannels, liveChannel)
        .where(whereOf(input.filters))
        .orderBy(...orderOf(input.sort, walked))
        .limit(window.limit)
        .offset(window.offset);
      return sql`${devices}.rowid IN ${page}`;
    },
    rows: (inPage) =>
      base(ctx)
        .where(inPage)
        .orderBy(...orderOf(input.sort, input.direction))
        .all()
        .map(toRow),
  });

function toRow(r: ReturnType<ReturnType<typeof base>['all']>[number]): MeterListRow {
  return {
    id: r.id,
    serial: r.serial,
    model: r.model,
    status: r.status,
    billingMode: r.billingMode,
    customer: customerRef(r),
    village: r.village,
    miniGrid: r.miniGrid,
    tariff: r.tariff,
    link: r.link,
    protocol: r.protocol,
    lastReading:
      r.lastReadAt !== null && r.lastReadWh !== null
        ? { at: r.lastReadAt, wh: r.lastReadWh }
        : null,
    flagged: r.flagged,
  };
}
