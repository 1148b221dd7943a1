// The place and the time a report covers (docs/reports.md): a scope (the company, a cluster or a
// mini-grid) as a filter of villages, and local dates as UTC instants. Shared by the monthly report,
// its further sections, the dashboard and the funder exports; a module of its own so that none of
// them imports another's file for it.
import { and, isNull, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../../contract';
import type { Place } from '../../../domain/reports/monthly';
import { localDayBounds } from '../../../domain/time';
import type { QueryContext } from '../../context';
import { clusters, miniGrids } from '../../db/schema';
import { readSettings, thisOffice } from '../shared/office';

type Ctx = QueryContext;

export interface ReportScope {
  kind: 'company' | 'cluster' | 'mini_grid';
  id: string | null;
  name: string;
}

/** A refusal naming the field and what is wrong with it. */
export function refuse(field: string, message: string, issue: string): AppError {
  return new AppError('VALIDATION', message, { issues: [{ field, message: issue }] });
}

/** A mini-grid by its code, else a cluster by its name (either case); none = the company. */
export function resolveScope(ctx: QueryContext, text: string | undefined): ReportScope {
  if (text === undefined) return { kind: 'company', id: null, name: 'Whole company' };
  const grid = ctx.db
    .select({ id: miniGrids.id, code: miniGrids.code, name: miniGrids.name })
    .from(miniGrids)
    .where(and(sql`upper(${miniGrids.code}) = upper(${text})`, isNull(miniGrids.deletedAt)))
    // Codes are unique per office: should two offices have used one while apart, ours is meant.
    .orderBy(sql`${miniGrids.officeId} = ${thisOffice(ctx.db)?.id ?? ''} DESC`, miniGrids.id)
    .get();
  if (grid) return { kind: 'mini_grid', id: grid.id, name: `${grid.name} (${grid.code})` };
  const cluster = ctx.db
    .select({ id: clusters.id, name: clusters.name })
    .from(clusters)
    .where(and(sql`lower(${clusters.name}) = lower(${text})`, isNull(clusters.deletedAt)))
    .get();
  if (cluster) return { kind: 'cluster', id: cluster.id, name: cluster.name };
  throw refuse(
    'scope',
    `No mini-grid has the code "${text}" and no cluster is called "${text}".`,
    `"${text}" is neither a mini-grid code nor a cluster name`,
  );
}

/** The villages (deleted ones too: their past money still counts) of a scope, as a SQL filter. */
export function scopeVillages(scope: ReportScope): SQL {
  switch (scope.kind) {
    case 'company':
      return sql`select id from villages`;
    case 'mini_grid':
      return sql`select id from villages where mini_grid_id = ${scope.id}`;
    case 'cluster':
      return sql`select v.id from villages v join mini_grids g on g.id = v.mini_grid_id where g.cluster_id = ${scope.id}`;
  }
}

export function placesOf(ctx: Ctx, scope: ReportScope): Place[] {
  return ctx.db.all<Place>(sql`
    select v.id as villageId, v.name as villageName, g.id as miniGridId, g.code as miniGridCode,
           g.name as miniGridName, c.id as clusterId, c.name as clusterName
    from villages v join mini_grids g on g.id = v.mini_grid_id join clusters c on c.id = g.cluster_id
    where v.id in (${scopeVillages(scope)})`);
}

/** Local dates [from, to) as UTC instants in the office time zone. */
export function instants(ctx: Ctx, from: string, to: string) {
  const zone = readSettings(ctx.db).office.timeZone;
  return {
    startIso: localDayBounds(from, zone).startIso,
    endIso: localDayBounds(to, zone).startIso,
  };
}
