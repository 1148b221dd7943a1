// Sites: clusters > mini-grids > villages. Deleting is a tombstone, refused while anything still
// depends on the site (the message counts what).
import { and, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import { clusters, customers, devices, miniGrids, villages } from '../../db/schema';
import { requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';

type Ctx = ServiceContext;

export function requireLiveCluster(ctx: Ctx, id: string) {
  const row = ctx.db
    .select()
    .from(clusters)
    .where(and(eq(clusters.id, id), isNull(clusters.deletedAt)))
    .get();
  if (!row) throw new AppError('NOT_FOUND', 'That cluster does not exist (or was deleted).');
  return row;
}

export function requireLiveMiniGrid(ctx: Ctx, id: string) {
  const row = ctx.db
    .select()
    .from(miniGrids)
    .where(and(eq(miniGrids.id, id), isNull(miniGrids.deletedAt)))
    .get();
  if (!row) throw new AppError('NOT_FOUND', 'That mini-grid does not exist (or was deleted).');
  return row;
}

export function requireLiveVillage(ctx: Ctx, id: string, field = 'villageId') {
  const row = ctx.db
    .select()
    .from(villages)
    .where(and(eq(villages.id, id), isNull(villages.deletedAt)))
    .get();
  if (!row) {
    throw new AppError('VALIDATION', 'That village does not exist (or was deleted).', {
      issues: [{ field, message: 'does not exist' }],
    });
  }
  return row;
}

function assertCodeFree(ctx: Ctx, code: string, exceptId?: string) {
  const other = ctx.db
    .select({ id: miniGrids.id, name: miniGrids.name })
    .from(miniGrids)
    .where(and(eq(miniGrids.code, code), isNull(miniGrids.deletedAt)))
    .get();
  if (other && other.id !== exceptId) {
    throw new AppError('CONFLICT', `The code ${code} is already used by mini-grid ${other.name}.`, {
      issues: [{ field: 'code', message: 'is already used' }],
    });
  }
}

function assertNameFree(
  ctx: Ctx,
  level: string,
  name: string,
  siblings: { id: string; name: string }[],
  exceptId?: string,
) {
  const clash = siblings.find(
    (s) => s.id !== exceptId && s.name.toLowerCase() === name.toLowerCase(),
  );
  if (clash) {
    throw new AppError('CONFLICT', `There is already a ${level} named ${clash.name} here.`, {
      issues: [{ field: 'name', message: 'is already used here' }],
    });
  }
}

const liveNames = (
  ctx: Ctx,
  table: typeof clusters | typeof miniGrids | typeof villages,
  where?: ReturnType<typeof eq>,
) =>
  ctx.db
    .select({ id: table.id, name: table.name })
    .from(table)
    .where(where ? and(where, isNull(table.deletedAt)) : isNull(table.deletedAt))
    .all();

// Counts are correlated subqueries: the outer column is written `${villages}.id` (table-qualified)
// because in a single-table select drizzle renders a plain `"id"`, which SQLite would resolve to
// the subquery's own table.
export const tree: Handler<'sites.tree'> = (ctx) => {
  const clusterRows = ctx.db
    .select()
    .from(clusters)
    .where(isNull(clusters.deletedAt))
    .orderBy(clusters.name)
    .all();
  const gridRows = ctx.db
    .select()
    .from(miniGrids)
    .where(isNull(miniGrids.deletedAt))
    .orderBy(miniGrids.name)
    .all();
  const villageRows = ctx.db
    .select({
      id: villages.id,
      miniGridId: villages.miniGridId,
      name: villages.name,
      latitude: villages.latitude,
      longitude: villages.longitude,
      notes: villages.notes,
      customers: sql<number>`(SELECT count(*) FROM customers c WHERE c.village_id = ${villages}.id AND c.deleted_at IS NULL)`,
      devices: sql<number>`(SELECT count(*) FROM devices d WHERE d.village_id = ${villages}.id AND d.deleted_at IS NULL)`,
    })
    .from(villages)
    .where(isNull(villages.deletedAt))
    .orderBy(villages.name)
    .all();
  return {
    clusters: clusterRows.map((c) => ({
      id: c.id,
      name: c.name,
      notes: c.notes,
      miniGrids: gridRows
        .filter((g) => g.clusterId === c.id)
        .map((g) => ({
          id: g.id,
          clusterId: g.clusterId,
          name: g.name,
          code: g.code,
          latitude: g.latitude,
          longitude: g.longitude,
          notes: g.notes,
          villages: villageRows.filter((v) => v.miniGridId === g.id),
        })),
    })),
  };
};

export const createCluster: Handler<'sites.createCluster'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  assertNameFree(ctx, 'cluster', input.name, liveNames(ctx, clusters));
  const id = ctx.ids.newId();
  ctx.db
    .insert(clusters)
    .values({
      id,
      officeId: office.id,
      name: input.name,
      notes: input.notes,
      createdAt: ctx.clock.nowIso(),
      updatedHlc: ctx.hlc.next(),
    })
    .run();
  noteAudit(ctx, `Created cluster ${input.name}`, [id]);
  return { id, name: input.name };
};

export const updateCluster: Handler<'sites.updateCluster'> = (ctx, input) => {
  const row = requireLiveCluster(ctx, input.id);
  const name = input.name ?? row.name;
  assertNameFree(ctx, 'cluster', name, liveNames(ctx, clusters), row.id);
  ctx.db
    .update(clusters)
    .set({
      name,
      notes: input.notes === undefined ? row.notes : input.notes,
      updatedHlc: ctx.hlc.next(),
    })
    .where(eq(clusters.id, row.id))
    .run();
  noteAudit(
    ctx,
    name === row.name ? `Updated cluster ${name}` : `Renamed cluster ${row.name} to ${name}`,
    [row.id],
  );
  return { id: row.id, name };
};

export const createMiniGrid: Handler<'sites.createMiniGrid'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const cluster = requireLiveCluster(ctx, input.clusterId);
  assertCodeFree(ctx, input.code);
  assertNameFree(
    ctx,
    'mini-grid',
    input.name,
    liveNames(ctx, miniGrids, eq(miniGrids.clusterId, cluster.id)),
  );
  const id = ctx.ids.newId();
  ctx.db
    .insert(miniGrids)
    .values({
      id,
      officeId: office.id,
      clusterId: cluster.id,
      name: input.name,
      code: input.code,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      notes: input.notes,
      createdAt: ctx.clock.nowIso(),
      updatedHlc: ctx.hlc.next(),
    })
    .run();
  noteAudit(ctx, `Created mini-grid ${input.name} (${input.code}) in ${cluster.name}`, [id]);
  return { id, name: input.name };
};

export const updateMiniGrid: Handler<'sites.updateMiniGrid'> = (ctx, input) => {
  const row = requireLiveMiniGrid(ctx, input.id);
  const clusterId = input.clusterId ?? row.clusterId;
  if (clusterId !== row.clusterId) requireLiveCluster(ctx, clusterId);
  const code = input.code ?? row.code;
  assertCodeFree(ctx, code, row.id);
  const name = input.name ?? row.name;
  assertNameFree(
    ctx,
    'mini-grid',
    name,
    liveNames(ctx, miniGrids, eq(miniGrids.clusterId, clusterId)),
    row.id,
  );
  ctx.db
    .update(miniGrids)
    .set({
      clusterId,
      code,
      name,
      latitude: input.latitude === undefined ? row.latitude : input.latitude,
      longitude: input.longitude === undefined ? row.longitude : input.longitude,
      notes: input.notes === undefined ? row.notes : input.notes,
      updatedHlc: ctx.hlc.next(),
    })
    .where(eq(miniGrids.id, row.id))
    .run();
  noteAudit(ctx, `Updated mini-grid ${name} (${code})`, [row.id]);
  return { id: row.id, name };
};

export const createVillage: Handler<'sites.createVillage'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const grid = requireLiveMiniGrid(ctx, input.miniGridId);
  assertNameFree(
    ctx,
    'village',
    input.name,
    liveNames(ctx, villages, eq(villages.miniGridId, grid.id)),
  );
  const id = ctx.ids.newId();
  ctx.db
    .insert(villages)
    .values({
      id,
      officeId: office.id,
      miniGridId: grid.id,
      name: input.name,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      notes: input.notes,
      createdAt: ctx.clock.nowIso(),
      updatedHlc: ctx.hlc.next(),
    })
    .run();
  noteAudit(ctx, `Created village ${input.name} in ${grid.name}`, [id]);
  return { id, name: input.name };
};

export const updateVillage: Handler<'sites.updateVillage'> = (ctx, input) => {
  const row = requireLiveVillage(ctx, input.id, 'id');
  const miniGridId = input.miniGridId ?? row.miniGridId;
  if (miniGridId !== row.miniGridId) requireLiveMiniGrid(ctx, miniGridId);
  const name = input.name ?? row.name;
  assertNameFree(
    ctx,
    'village',
    name,
    liveNames(ctx, villages, eq(villages.miniGridId, miniGridId)),
    row.id,
  );
  ctx.db
    .update(villages)
    .set({
      miniGridId,
      name,
      latitude: input.latitude === undefined ? row.latitude : input.latitude,
      longitude: input.longitude === undefined ? row.longitude : input.longitude,
      notes: input.notes === undefined ? row.notes : input.notes,
      updatedHlc: ctx.hlc.next(),
    })
    .where(eq(villages.id, row.id))
    .run();
  noteAudit(ctx, `Updated village ${name}`, [row.id]);
  return { id: row.id, name };
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function refuseIfUsed(what: string, counts: [number, string][]): void {
  const used = counts.filter(([n]) => n > 0).map(([n, w]) => plural(n, w));
  if (used.length > 0) {
    throw new AppError(
      'CONFLICT',
      `${what} still has ${used.join(' and ')}; move or delete them first.`,
      {
        dependents: Object.fromEntries(counts.map(([n, w]) => [w, n])),
      },
    );
  }
}

const countLive = (
  ctx: Ctx,
  table: typeof miniGrids | typeof villages | typeof customers | typeof devices,
  where: ReturnType<typeof eq>,
) =>
  ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .where(and(where, isNull(table.deletedAt)))
    .get()?.n ?? 0;

export const remove: Handler<'sites.delete'> = (ctx, input) => {
  const now = ctx.clock.nowIso();
  if (input.level === 'cluster') {
    const row = requireLiveCluster(ctx, input.id);
    refuseIfUsed(`Cluster ${row.name}`, [
      [countLive(ctx, miniGrids, eq(miniGrids.clusterId, row.id)), 'mini-grid'],
    ]);
    ctx.db
      .update(clusters)
      .set({ deletedAt: now, updatedHlc: ctx.hlc.next() })
      .where(eq(clusters.id, row.id))
      .run();
    noteAudit(ctx, `Deleted cluster ${row.name}`, [row.id]);
  } else if (input.level === 'miniGrid') {
    const row = requireLiveMiniGrid(ctx, input.id);
    refuseIfUsed(`Mini-grid ${row.name}`, [
      [countLive(ctx, villages, eq(villages.miniGridId, row.id)), 'village'],
    ]);
    ctx.db
      .update(miniGrids)
      .set({ deletedAt: now, updatedHlc: ctx.hlc.next() })
      .where(eq(miniGrids.id, row.id))
      .run();
    noteAudit(ctx, `Deleted mini-grid ${row.name}`, [row.id]);
  } else {
    const row = requireLiveVillage(ctx, input.id, 'id');
    refuseIfUsed(`Village ${row.name}`, [
      [countLive(ctx, customers, eq(customers.villageId, row.id)), 'customer'],
      [countLive(ctx, devices, eq(devices.villageId, row.id)), 'device'],
    ]);
    ctx.db
      .update(villages)
      .set({ deletedAt: now, updatedHlc: ctx.hlc.next() })
      .where(eq(villages.id, row.id))
      .run();
    noteAudit(ctx, `Deleted village ${row.name}`, [row.id]);
  }
  return { deleted: true };
};

/** Village, mini-grid and cluster names for a village id. */
export function siteOfVillage(ctx: QueryContext, villageId: string) {
  return ctx.db
    .select({
      villageId: villages.id,
      village: villages.name,
      miniGridId: miniGrids.id,
      miniGrid: miniGrids.name,
      clusterId: clusters.id,
      cluster: clusters.name,
    })
    .from(villages)
    .innerJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
    .innerJoin(clusters, eq(clusters.id, miniGrids.clusterId))
    .where(eq(villages.id, villageId))
    .get();
}
