// Installation facts and dashboard figures.
import { join } from 'node:path';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { DATABASE_FILE } from '../../adapters/data-dir';
import { checkDatabaseFile } from '../../backup/db-check';
import { clusters, customers, devices, miniGrids, users, villages } from '../../db/schema';
import type { Handler } from '../shared/types';

export const info: Handler<'system.info'> = (ctx) => ({
  version: ctx.version,
  dataDir: ctx.dataDir,
  schemaVersion: ctx.schemaVersion,
});

/**
 * The full check on demand: on a worker thread with its own read-only connection, so the counter
 * keeps answering while every page is read (start-up runs it only after an unclean shutdown).
 */
export const checkDatabase: Handler<'system.checkDatabase'> = async (ctx) => {
  const result = await checkDatabaseFile(join(ctx.dataDir, DATABASE_FILE), 'integrity_check');
  return { ok: result === 'ok', result };
};

export const dashboard: Handler<'dashboard.summary'> = (ctx) => {
  const countOf = (
    table: typeof clusters | typeof miniGrids | typeof villages | typeof customers,
  ) => ctx.db.select({ n: count() }).from(table).where(isNull(table.deletedAt)).get()?.n ?? 0;
  const activeCustomers =
    ctx.db
      .select({ n: count() })
      .from(customers)
      .where(and(isNull(customers.deletedAt), eq(customers.status, 'active')))
      .get()?.n ?? 0;
  const byKind = ctx.db
    .select({ kind: devices.kind, n: count() })
    .from(devices)
    .where(isNull(devices.deletedAt))
    .groupBy(devices.kind)
    .all();
  const deviceCounts = { meter: 0, shs: 0, ebike: 0 };
  for (const row of byKind) deviceCounts[row.kind] = row.n;
  const miniGridList = ctx.db
    .select({
      id: miniGrids.id,
      name: miniGrids.name,
      cluster: clusters.name,
      villages: sql<number>`(SELECT count(*) FROM villages v WHERE v.mini_grid_id = ${miniGrids}.id AND v.deleted_at IS NULL)`,
      customers: sql<number>`(SELECT count(*) FROM customers c JOIN villages v ON v.id = c.village_id WHERE v.mini_grid_id = ${miniGrids}.id AND c.deleted_at IS NULL)`,
    })
    .from(miniGrids)
    .innerJoin(clusters, eq(clusters.id, miniGrids.clusterId))
    .where(isNull(miniGrids.deletedAt))
    .orderBy(miniGrids.name)
    .all();
  return {
    clusters: countOf(clusters),
    miniGrids: countOf(miniGrids),
    villages: countOf(villages),
    customers: countOf(customers),
    activeCustomers,
    devices: deviceCounts,
    users: ctx.db.select({ n: count() }).from(users).where(isNull(users.disabledAt)).get()?.n ?? 0,
    miniGridList,
  };
};
