// Pieces shared by the paged lists and their CSV exports (customers, devices, meters, PAYG terms).
//
// Every paged list is answered by `pagedList`, in two steps: the ids of one page are chosen on
// narrow rows (ids and sort keys only, walked on an index that also carries the filters), then
// only those rows are joined and finished. Its total is counted once and kept until the database
// changes, and a page past the middle is walked from the far end, so no page costs more than
// half the list's keys and page 1 costs one page (docs/performance.md).
import Papa from 'papaparse';
import type { Statement } from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import type { QueryContext } from '../../context';

/** The rows of one page. */
export interface PageWindow {
  limit: number;
  offset: number;
  /** Walk the list's order backwards (the page is nearer the end); the rows come back in order. */
  reversed: boolean;
}

export function pageWindow(input: { page: number; pageSize: number }): PageWindow {
  return { limit: input.pageSize, offset: (input.page - 1) * input.pageSize, reversed: false };
}

export interface PagedQuery<Row> {
  /** The list and its filters, as the total is kept under (sort and page do not change it). */
  countKey: string;
  /** How many rows the filters keep. */
  count: () => number;
  /** A subquery of the page's rowids, sorted on the list's index. */
  pageKeys: (window: PageWindow) => SQL;
  /** The finished rows of those rowids, in the list's order. */
  rows: (inPage: SQL) => Row[];
}

interface KeptCount {
  version: string;
  total: number;
}

const counts = new WeakMap<object, Map<string, KeptCount>>();
const versionStatements = new WeakMap<object, Statement>();
/** Lists and filters a clerk moves between; the oldest is forgotten first. */
const KEPT_COUNTS = 64;

/**
 * What changes whenever any row does: this connection's own changes (total_changes) and commits
 * by other connections (data_version). A total kept under an older version is counted again.
 */
function databaseVersion(ctx: QueryContext): string {
  let statement = versionStatements.get(ctx.raw);
  if (!statement) {
    statement = ctx.raw.prepare(
      'SELECT total_changes() AS own, (SELECT data_version FROM pragma_data_version) AS others',
    );
    versionStatements.set(ctx.raw, statement);
  }
  const row = statement.get() as { own: number; others: number };
  return `${row.own}:${row.others}`;
}

function keptTotal(ctx: QueryContext, key: string, count: () => number): number {
  let perDb = counts.get(ctx.raw);
  if (!perDb) {
    perDb = new Map();
    counts.set(ctx.raw, perDb);
  }
  const version = databaseVersion(ctx);
  const kept = perDb.get(key);
  if (kept?.version === version) {
    // Most recently used last, so the oldest is the first key.
    perDb.delete(key);
    perDb.set(key, kept);
    return kept.total;
  }
  const total = count();
  perDb.delete(key);
  perDb.set(key, { version, total });
  if (perDb.size > KEPT_COUNTS) {
    const oldest = perDb.keys().next().value;
    if (oldest !== undefined) perDb.delete(oldest);
  }
  return total;
}

/** One page of a list and the list's total (see the top of this file). */
export function pagedList<Row>(
  ctx: QueryContext,
  input: { page: number; pageSize: number },
  query: PagedQuery<Row>,
): { rows: Row[]; total: number } {
  const total = keptTotal(ctx, query.countKey, query.count);
  const start = (input.page - 1) * input.pageSize;
  const end = Math.min(start + input.pageSize, total);
  if (end <= start) return { rows: [], total };
  // A page nearer the end is the same rows counted from the end in the opposite order.
  const window: PageWindow =
    start > total - end
      ? { limit: end - start, offset: total - end, reversed: true }
      : { limit: end - start, offset: start, reversed: false };
  return { rows: query.rows(query.pageKeys(window)), total };
}

/** A CSV export as the commands return it; CRLF line ends, as spreadsheets on Windows expect. */
export function csvExport(
  name: string,
  nowIso: string,
  fields: string[],
  data: (string | number)[][],
): { fileName: string; csv: string; rows: number } {
  const csv = Papa.unparse({ fields, data }, { newline: '\r\n' });
  return { fileName: `${name}-${nowIso.slice(0, 10)}.csv`, csv: `${csv}\r\n`, rows: data.length };
}
