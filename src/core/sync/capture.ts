// Change capture (docs/sync.md "Change capture"): temporary triggers on every travelling table put
// each write into the change log (`sync_changes`) inside the write's own transaction, so a change
// commits or rolls back exactly with the write, whichever code path made it. The triggers are built
// at each open from the tables' real columns and their sync rules, so a new column is captured
// without a migration.
import type { RawDb } from '../db/client';
import { SYNC_RULES, type SyncRule } from '../db/sync-rules';
import { THIS_OFFICE_KEY } from '../areas/shared/office';

/**
 * Tables that would travel by their rule but are held back for now, with the reason (none today:
 * the audit log travels since `audit.verify` walks one chain per installation).
 */
export const NOT_YET_TRAVELLING: Record<string, string> = {};

/** Meta key: set once the office's existing rows were taken into the log as a baseline. */
export const BASELINE_KEY = 'sync_baseline_at';

export interface SyncTable {
  name: string;
  rule: Exclude<SyncRule, { kind: 'local' }>;
  /** The key column that names a row (its primary key, or `id` when the key is local). */
  key: string;
  /** The columns that travel (every column but the rule's local ones). */
  columns: string[];
}

/** Quote an identifier for SQL (names come from the database's own description). */
export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The travelling tables present in the database, each with its key and travelling columns. */
export function syncTables(raw: RawDb): SyncTable[] {
  const present = new Set(
    raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  const out: SyncTable[] = [];
  for (const [name, rule] of Object.entries(SYNC_RULES)) {
    if (rule.kind === 'local' || !present.has(name) || NOT_YET_TRAVELLING[name]) continue;
    const info = raw
      .prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`)
      .all(name) as {
      name: string;
      pk: number;
    }[];
    const local = 'localColumns' in rule && rule.localColumns ? rule.localColumns : {};
    const columns = info.map((c) => c.name).filter((c) => !(c in local));
    const pk = info.filter((c) => c.pk > 0 && !(c.name in local));
    const key = pk.length === 1 && pk[0] ? pk[0].name : 'id';
    if (!columns.includes(key)) throw new Error(`sync: table ${name} has no key that travels`);
    out.push({ name, rule, key, columns });
  }
  return orderByParents(raw, out);
}

/**
 * Parents before children (by foreign keys), so a baseline's rows apply in order at the other
 * office with its foreign keys on.
 */
function orderByParents(raw: RawDb, tables: SyncTable[]): SyncTable[] {
  const names = new Set(tables.map((t) => t.name));
  const parents = new Map<string, Set<string>>();
  for (const t of tables) {
    const fks = raw.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck().all(t.name);
    parents.set(t.name, new Set((fks as string[]).filter((p) => p !== t.name && names.has(p))));
  }
  const done = new Set<string>();
  const out: SyncTable[] = [];
  while (out.length < tables.length) {
    const next = tables.find(
      (t) => !done.has(t.name) && [...(parents.get(t.name) ?? [])].every((p) => done.has(p)),
    );
    // A cycle (none today) falls back to declaration order rather than looping.
    const pick = next ?? tables.find((t) => !done.has(t.name));
    if (!pick) break;
    done.add(pick.name);
    out.push(pick);
  }
  return out;
}

/** The switch the triggers consult: on once the baseline exists, off while a bundle applies. */
export class SyncCapture {
  baselineTaken = false;
  applying = false;
  get on(): boolean {
    return this.baselineTaken && !this.applying;
  }
  /** Run `fn` with capture off: changes applied from a bundle are logged under their origin. */
  whileApplying<T>(fn: () => T): T {
    this.applying = true;
    try {
      return fn();
    } finally {
      this.applying = false;
    }
  }
}

const ORIGIN = `(SELECT value FROM local_meta WHERE key = ${lit(THIS_OFFICE_KEY)})`;
// Newest first through the (origin, seq) index: one step. `max(seq)` inside coalesce() loses
// SQLite's min/max shortcut and reads every change of the office, which made capture quadratic.
const NEWEST = `FROM sync_changes WHERE origin = ${ORIGIN} ORDER BY seq DESC LIMIT 1`;
const NEXT_SEQ = `(coalesce((SELECT seq ${NEWEST}), 0) + 1)`;
/** The stamp of the change just logged (this office's newest; last_insert_rowid would move). */
const LAST_HLC = `(SELECT hlc ${NEWEST})`;

function logInsert(table: SyncTable, op: 'put' | 'set', data: string): string {
  return `INSERT INTO sync_changes (origin, seq, tbl, row_id, op, data, hlc)
    VALUES (${ORIGIN}, ${NEXT_SEQ}, ${lit(table.name)}, NEW.${q(table.key)}, '${op}', ${data}, gd_sync_hlc());`;
}

const fullRow = (t: SyncTable) =>
  `json_object(${t.columns.map((c) => `${lit(c)}, NEW.${q(c)}`).join(', ')})`;

/** The columns an UPDATE changed, as rows (k, v). */
const changedRows = (t: SyncTable) =>
  t.columns
    .filter((c) => c !== t.key)
    .map((c) => `SELECT ${lit(c)} AS k, NEW.${q(c)} AS v WHERE OLD.${q(c)} IS NOT NEW.${q(c)}`)
    .join(' UNION ALL ');

/** The trigger statements for one table. */
export function triggerSql(t: SyncTable): string[] {
  const name = (kind: string) => q(`gd_sync_${kind}_${t.name}`);
  const on = `main.${q(t.name)}`;
  if (t.rule.kind === 'append-only-once-final') {
    // Drafts are this office's working state; a row travels once, when it becomes final.
    return [
      `CREATE TEMP TRIGGER ${name('ins')} AFTER INSERT ON ${on}
        WHEN gd_sync_on() AND NEW.status = 'final'
        BEGIN ${logInsert(t, 'put', fullRow(t))} END`,
      `CREATE TEMP TRIGGER ${name('upd')} AFTER UPDATE ON ${on}
        WHEN gd_sync_on() AND NEW.status = 'final' AND OLD.status IS NOT 'final'
        BEGIN ${logInsert(t, 'put', fullRow(t))} END`,
    ];
  }
  if (t.rule.kind === 'append-only') {
    return [
      `CREATE TEMP TRIGGER ${name('ins')} AFTER INSERT ON ${on} WHEN gd_sync_on()
        BEGIN ${logInsert(t, 'put', fullRow(t))} END`,
    ];
  }
  const changed = changedRows(t);
  const anyChange = t.columns
    .filter((c) => c !== t.key)
    .map((c) => `OLD.${q(c)} IS NOT NEW.${q(c)}`)
    .join(' OR ');
  return [
    `CREATE TEMP TRIGGER ${name('ins')} AFTER INSERT ON ${on} WHEN gd_sync_on()
      BEGIN
        ${logInsert(t, 'put', fullRow(t))}
        INSERT INTO sync_cells (tbl, row_id, col, hlc)
          VALUES (${lit(t.name)}, NEW.${q(t.key)}, '*', ${LAST_HLC})
          ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc;
      END`,
    `CREATE TEMP TRIGGER ${name('upd')} AFTER UPDATE ON ${on}
      WHEN gd_sync_on() AND (${anyChange || '0'})
      BEGIN
        ${logInsert(t, 'set', `(SELECT json_group_object(k, v) FROM (${changed}))`)}
        INSERT INTO sync_cells (tbl, row_id, col, hlc)
          SELECT ${lit(t.name)}, NEW.${q(t.key)}, k, ${LAST_HLC} FROM (${changed}) WHERE true
          ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc;
      END`,
  ];
}

/**
 * Give the writing connection its capture: the two functions the triggers call and the triggers
 * themselves. `nextHlc` is the office's clock.
 */
export function installCapture(raw: RawDb, capture: SyncCapture, nextHlc: () => string): void {
  raw.function('gd_sync_on', { deterministic: false, varargs: false }, () => (capture.on ? 1 : 0));
  raw.function('gd_sync_hlc', { deterministic: false, varargs: false }, () => nextHlc());
  // The app always migrates first; a database opened on older migrations (the tests of a past
  // schema, e.g. the contracts migration's) has no change log, and nothing to capture into.
  const hasLog = raw
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_changes'")
    .get();
  if (!hasLog) return;
  capture.baselineTaken =
    raw.prepare('SELECT 1 FROM local_meta WHERE key = ?').pluck().get(BASELINE_KEY) !== undefined;
  for (const t of syncTables(raw)) for (const sql of triggerSql(t)) raw.exec(sql);
}
