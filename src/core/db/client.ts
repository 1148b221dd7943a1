// Opens the GridDesk database: refuses a damaged file or one written by a newer GridDesk (and
// never overwrites either), sets the pragmas, applies migrations before anything else runs.
import {
  existsSync,
  openSync,
  readSync,
  closeSync,
  statSync,
  readFileSync,
  mkdirSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { StartupError } from '../adapters/startup-error';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type RawDb = Database.Database;
/**
 * The database as a query sees it: drizzle's reads without insert, update, delete, raw statements
 * or the driver underneath (docs/architecture.md, "Queries do not write"). Query commands and the
 * areas' query modules take it, so a write in them is a compile error; the dispatcher's
 * `PRAGMA query_only` still refuses one at run time.
 */
export type ReadDb = Omit<
  Db,
  'insert' | 'update' | 'delete' | 'run' | 'transaction' | '$client' | 'batch'
> & { $client: ReadRaw };
/**
 * The raw connection as a query sees it: statements are prepared from SQL text, which no type can
 * read, so a raw write in a query is stopped only by the dispatcher's `PRAGMA query_only`. Raw
 * SQL in queries is kept for hand-tuned reads (search, the contract lists, the audit walk).
 */
export type ReadRaw = Pick<RawDb, 'prepare' | 'name'>;

export interface OpenedDb {
  db: Db;
  raw: RawDb;
  schemaVersion: number;
}

export { StartupError };

const SQLITE_MAGIC = 'SQLite format 3\u0000';

function assertLooksLikeSqlite(file: string): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_MAGIC) {
    throw new StartupError(
      `The database file ${file} is damaged or is not a GridDesk database. ` +
        'GridDesk has not changed it. Restore it from a backup, or move it away to start afresh.',
    );
  }
}

function readJournal(migrationsDir: string): { when: number }[] {
  const journal = JSON.parse(
    readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { when: number }[] };
  return journal.entries;
}

/** Number of migrations this build knows: the schema version it writes. */
export function knownSchemaVersion(migrationsDir: string): number {
  return readJournal(migrationsDir).length;
}

/**
 * Whether drizzle's migrator has anything to apply, by its own rule (a migration newer than the
 * newest one recorded), without reading and hashing every migration file as it does at each start.
 */
function migrationsPending(raw: RawDb, migrationsDir: string, found: number, known: number) {
  if (found < known) return true;
  const recorded = raw
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (recorded === undefined) return true;
  const newest = raw.prepare('SELECT max(created_at) FROM __drizzle_migrations').pluck().get() as
    number | null;
  return newest === null || readJournal(migrationsDir).some((m) => m.when > newest);
}

/**
 * The checks that may refuse a database (integrity, newer schema), on a read-only connection: a
 * refused file keeps every byte, its WAL included. A read-write connection would merge the WAL
 * into the file when it closes, even though nothing was written on purpose.
 *
 * `fullCheck`: SQLite's quick_check, which reads every page (seconds on a large database). Without
 * it only what start-up itself reads is checked: the header, the schema (parsed from its pages)
 * and the schema version; the core asks for the full check when damage is plausible (after an
 * unclean shutdown: adapters/shutdown-mark.ts).
 */
function checkBeforeOpening(file: string, known: number, fullCheck: boolean): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  let check: Database.Database | undefined;
  try {
    check = new Database(file, { readonly: true, fileMustExist: true });
    const result = fullCheck
      ? check.pragma('quick_check', { simple: true })
      : check.prepare('SELECT count(*) FROM sqlite_master').pluck().get() !== undefined && 'ok';
    if (result !== 'ok') {
      throw new StartupError(
        `The database file ${file} failed its integrity check (${String(result)}). ` +
          'GridDesk has not changed it. Restore it from a backup.',
      );
    }
    const found = check.pragma('user_version', { simple: true }) as number;
    if (found > known) {
      throw new StartupError(
        `The data in ${file} was written by a newer version of GridDesk (schema ${found}; this ` +
          `version knows schema ${known}). Install the newer GridDesk to open it; nothing was changed.`,
      );
    }
  } catch (error) {
    throw damagedOr(file, error);
  } finally {
    check?.close();
  }
}

/** SQLite's "not a database" and "corrupt" answers as the clerk's start-up message. */
function damagedOr(file: string, error: unknown): unknown {
  if (error instanceof StartupError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StartupError(
      `The database file ${file} is damaged (${code}). GridDesk has not changed it. ` +
        'Restore it from a backup.',
    );
  }
  return error;
}

export interface OpenOptions {
  /** How long a write waits for another connection's write lock before answering BUSY. */
  busyTimeoutMs?: number;
  /**
   * Open without writing anything (no migrations, no statistics): another GridDesk program holds
   * the data folder and is the one writer. `heldBy` names it in refusals.
   */
  readOnly?: { heldBy: string };
  /**
   * Check every page before opening (SQLite's quick_check; the default). The core skips it after a
   * clean shutdown, when start-up must stay under a second whatever the size.
   */
  fullCheck?: boolean;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export function openDatabase(
  file: string,
  migrationsDir: string,
  options: OpenOptions = {},
): OpenedDb {
  assertLooksLikeSqlite(file);
  const known = knownSchemaVersion(migrationsDir);
  checkBeforeOpening(file, known, options.fullCheck ?? true);
  if (options.readOnly) return openReadOnly(file, known, options.readOnly.heldBy, options);
  const raw = new Database(file);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    raw.pragma('synchronous = NORMAL');
    const found = raw.pragma('user_version', { simple: true }) as number;
    if (found < known) keepPreMigrationCopy(raw, file, found, known);
    const db = drizzle(raw, { schema });
    if (migrationsPending(raw, migrationsDir, found, known))
      migrate(db, { migrationsFolder: migrationsDir });
    // Only when it changed: an unchanged database keeps every byte (a refusal after this point
    // must leave the file as it found it).
    if (raw.pragma('user_version', { simple: true }) !== known)
      raw.pragma(`user_version = ${known}`);
    refreshPlannerStats(raw);
    return { db, raw, schemaVersion: known };
  } catch (error) {
    raw.close();
    throw damagedOr(file, error);
  }
}

function openReadOnly(file: string, known: number, heldBy: string, options: OpenOptions): OpenedDb {
  if (!existsSync(file)) {
    throw new StartupError(
      `GridDesk is starting in ${heldBy} and has not created its database yet. Try again in a moment.`,
    );
  }
  const raw = new Database(file, { readonly: true, fileMustExist: true });
  try {
    raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    const found = raw.pragma('user_version', { simple: true }) as number;
    if (found !== known) {
      throw new StartupError(
        `The data folder is open in ${heldBy}, which uses database schema ${found}; this ` +
          `version of GridDesk knows schema ${known}. Use that program, or close it first.`,
      );
    }
    return { db: drizzle(raw, { schema }), raw, schemaVersion: known };
  } catch (error) {
    raw.close();
    throw damagedOr(file, error);
  }
}

/**
 * Before migrations change an existing database, a plain copy of it goes into the data folder's
 * backups/ (the encrypted backups need the passphrase and run later; an upgrade must be undoable
 * now). VACUUM INTO writes one consistent, compact file. A new, empty database has nothing to keep.
 */
function keepPreMigrationCopy(raw: RawDb, file: string, from: number, to: number): void {
  const tables = raw
    .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .get() as number;
  if (tables === 0) return;
  const folder = join(dirname(file), 'backups');
  mkdirSync(folder, { recursive: true });
  const copy = join(folder, `before-migration-${from}-to-${to}.sqlite`);
  rmSync(copy, { force: true });
  raw.prepare('VACUUM INTO ?').run(copy);
}

/** Tables whose size decides query plans (lists, filters, duplicate checks). */
const PLANNED_TABLES = ['customers', 'devices', 'villages', 'mini_grids', 'device_events'];
const STATS_WORTH_IT = 5000;

/**
 * Statistics for SQLite's query planner, for the large tables only. With them a filtered, sorted
 * customer list at 100,000 rows walks the sort index instead of sorting everything. Statistics of
 * a small table are worse than none: gathered on an empty table they made a later 100,000-row
 * import three times slower (the planner believed the tables were tiny), so a small table gets
 * none and the planner's defaults apply. The search index's own tables are never analysed.
 */
export function refreshPlannerStats(raw: RawDb): void {
  raw.pragma('analysis_limit = 1000');
  const hasStats =
    raw.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get() !== undefined;
  for (const table of PLANNED_TABLES) {
    const rows = raw
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM "${table}" LIMIT ${STATS_WORTH_IT})`)
      .pluck()
      .get() as number;
    if (rows >= STATS_WORTH_IT) raw.exec(`ANALYZE "${table}"`);
    else if (hasStats) raw.prepare('DELETE FROM sqlite_stat1 WHERE tbl = ?').run(table);
  }
}
