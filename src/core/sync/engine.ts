// Export and import of bundles (docs/sync.md): what to send to an office, and how an office
// applies what it receives, in one transaction: per-column last-writer-wins for master rows, union
// for ledgers, the review list for what cannot be placed. The caller runs `importBundle` inside its
// transaction and takes the backup before it.
import type { ReadRaw } from '../db/client';
import { randomBytes } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { AppError } from '../../contract';
import { hlcParse, msBeyondDrift } from '../../domain/hlc';
import type { Deps } from '../context';
import { sealContext } from '../adapters/secret-box';
import { THIS_OFFICE_KEY } from '../areas/shared/office';
import { sameCustomerFinder } from '../areas/registry/queries';
import { BASELINE_KEY, q, syncTables, type SyncTable } from './capture';
import {
  BUNDLE_FORMAT,
  BUNDLE_MIN_APP_VERSION,
  BundleError,
  compareVersions,
  openBundle,
  readBundleHeader,
  sealBundle,
  type BundleHeader,
  type WireChange,
} from './bundle';

export type SyncDeps = Pick<
  Deps,
  'raw' | 'clock' | 'ids' | 'hlc' | 'secrets' | 'version' | 'syncCapture'
>;

const KEY_META = 'sync_key';
const COMPANY_META = 'sync_company_id';
const KEY_CONTEXT = 'griddesk:sync-key';

/** Columns sealed at rest with this installation's key, and what each is bound to. */
const SEALED: Record<string, Record<string, (rowId: string) => string>> = {
  openpaygo_devices: { key_sealed: sealContext.openpaygoKey },
  openems_edges: { password_sealed: sealContext.openemsPassword },
};

interface Office {
  id: string;
  code: string;
}

function meta(raw: ReadRaw, key: string): string | undefined {
  return raw.prepare('SELECT value FROM local_meta WHERE key = ?').pluck().get(key) as
    string | undefined;
}

function setMeta(raw: SyncDeps['raw'], key: string, value: string): void {
  raw
    .prepare(
      'INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(key, value);
}

export function thisOfficeRef(raw: SyncDeps['raw']): Office {
  const office = raw
    .prepare('SELECT id, code FROM offices WHERE id = (SELECT value FROM local_meta WHERE key = ?)')
    .get(THIS_OFFICE_KEY) as Office | undefined;
  if (!office)
    throw new AppError('CONFLICT', 'GridDesk is not set up yet. Run the setup wizard first.');
  return office;
}

function officeCode(raw: SyncDeps['raw'], id: string): string | undefined {
  return raw.prepare('SELECT code FROM offices WHERE id = ?').pluck().get(id) as string | undefined;
}

export function officeByCode(raw: SyncDeps['raw'], code: string): Office | undefined {
  return raw
    .prepare('SELECT id, code FROM offices WHERE code = ? COLLATE NOCASE')
    .get(code.trim()) as Office | undefined;
}

/** The company's sync key and id, or null before an administrator made them. */
export function storedSyncKey(deps: { raw: ReadRaw; secrets: SyncDeps['secrets'] }): {
  key: Buffer;
  company: string;
} | null {
  const sealed = meta(deps.raw, KEY_META);
  const company = meta(deps.raw, COMPANY_META);
  if (!sealed || !company) return null;
  return { key: deps.secrets.open(sealed, KEY_CONTEXT), company };
}

export function requireSyncKey(deps: Pick<SyncDeps, 'raw' | 'secrets'>) {
  const stored = storedSyncKey(deps);
  if (!stored) {
    throw new AppError(
      'CONFLICT',
      'This office has no sync key yet. An administrator makes it first (Sync > Sync key, or griddesk sync key).',
    );
  }
  return stored;
}

/** Store the company's key and id (made here, or brought by a join file) sealed at rest. */
export function storeSyncKey(deps: SyncDeps, key: Buffer, company: string): void {
  setMeta(deps.raw, KEY_META, deps.secrets.seal(key, KEY_CONTEXT));
  setMeta(deps.raw, COMPANY_META, company);
}

/** A new company sync key: made once, by the first office that uses sync. */
export function makeSyncKey(deps: SyncDeps): { key: Buffer; company: string } {
  const stored = storedSyncKey(deps);
  if (stored) return stored;
  const made = { key: randomBytes(32), company: deps.ids.newId() };
  storeSyncKey(deps, made.key, made.company);
  takeBaseline(deps);
  return made;
}

/**
 * Put every existing row of every travelling table into the log as this office's changes, once
 * (docs/sync.md "Change capture"): rows written before sync was turned on travel too.
 */
export function takeBaseline(deps: SyncDeps): number {
  if (meta(deps.raw, BASELINE_KEY) !== undefined) return 0;
  const origin = thisOfficeRef(deps.raw).id;
  const lastSeq = () =>
    deps.raw
      .prepare('SELECT coalesce(max(seq), 0) FROM sync_changes WHERE origin = ?')
      .pluck()
      .get(origin) as number;
  let count = 0;
  for (const t of syncTables(deps.raw)) {
    const where = t.rule.kind === 'append-only-once-final' ? " WHERE status = 'final'" : '';
    const before = lastSeq();
    // One statement per table (rows in creation order); the stamps come from the office's clock.
    deps.raw
      .prepare(
        `INSERT INTO sync_changes (origin, seq, tbl, row_id, op, data, hlc)
         SELECT ?, ? + row_number() OVER (ORDER BY rowid), ?, ${q(t.key)}, 'put',
           json_object(${t.columns.map((c) => `'${c}', ${q(c)}`).join(', ')}), gd_sync_hlc()
         FROM ${q(t.name)}${where} ORDER BY rowid`,
      )
      .run(origin, before, t.name);
    if (t.rule.kind === 'master') {
      deps.raw
        .prepare(
          `INSERT INTO sync_cells (tbl, row_id, col, hlc)
           SELECT tbl, row_id, '*', hlc FROM sync_changes WHERE origin = ? AND seq > ? AND true
           ON CONFLICT (tbl, row_id, col) DO NOTHING`,
        )
        .run(origin, before);
    }
    count += lastSeq() - before;
  }
  setMeta(deps.raw, BASELINE_KEY, deps.clock.nowIso());
  deps.syncCapture.baselineTaken = true;
  return count;
}

/** For each origin, the highest change number held here (held without gaps, by construction). */
export function heldVector(raw: ReadRaw): Record<string, number> {
  const rows = raw
    .prepare('SELECT origin, max(seq) AS seq FROM sync_changes GROUP BY origin')
    .all() as { origin: string; seq: number }[];
  return Object.fromEntries(rows.map((r) => [r.origin, r.seq]));
}

function peerAcks(raw: SyncDeps['raw'], officeId: string): Record<string, number> {
  const text = raw
    .prepare('SELECT acked FROM sync_peers WHERE office_id = ?')
    .pluck()
    .get(officeId);
  return text ? (JSON.parse(text as string) as Record<string, number>) : {};
}

interface LogRow {
  pos: number;
  origin: string;
  seq: number;
  tbl: string;
  row_id: string;
  op: 'put' | 'set';
  data: string;
  hlc: string;
}

/** Sealed columns leave sealed with this PC's key and travel in the clear inside the bundle. */
function unsealForTravel(deps: SyncDeps, c: LogRow): string {
  const sealed = SEALED[c.tbl];
  if (!sealed) return c.data;
  const data = JSON.parse(c.data) as Record<string, unknown>;
  for (const [col, context] of Object.entries(sealed)) {
    const value = data[col];
    if (typeof value === 'string') {
      data[col] = { plain: deps.secrets.open(value, context(c.row_id)).toString('base64') };
    }
  }
  return JSON.stringify(data);
}

function resealHere(deps: SyncDeps, tbl: string, rowId: string, data: Record<string, unknown>) {
  const sealed = SEALED[tbl];
  if (!sealed) return;
  for (const [col, context] of Object.entries(sealed)) {
    const value = data[col] as { plain?: unknown } | undefined;
    if (value && typeof value === 'object') {
      if (typeof value.plain !== 'string')
        throw new BundleError('damaged', 'A sealed value in the bundle is malformed.');
      data[col] = deps.secrets.seal(Buffer.from(value.plain, 'base64'), context(rowId));
    }
  }
}

/**
 * A bundle for `to`: every change it has not acknowledged, in this office's log order. Records
 * when it was sent; the caller writes the file.
 */
export function exportBundle(deps: SyncDeps, to: Office): { file: Buffer; header: BundleHeader } {
  const { key, company } = requireSyncKey(deps);
  const from = thisOfficeRef(deps.raw);
  if (to.id === from.id) {
    throw new AppError('VALIDATION', `Office ${to.code} is this office; choose another office.`);
  }
  const acked = peerAcks(deps.raw, to.id);
  const held = heldVector(deps.raw);
  const select = deps.raw.prepare(
    'SELECT pos, origin, seq, tbl, row_id, op, data, hlc FROM sync_changes WHERE origin = ? AND seq > ? ORDER BY seq',
  );
  const rows: LogRow[] = [];
  const ranges: Record<string, [number, number]> = {};
  for (const [origin, max] of Object.entries(held)) {
    const after = acked[origin] ?? 0;
    if (max <= after) continue;
    ranges[origin] = [after + 1, max];
    rows.push(...(select.all(origin, after) as LogRow[]));
  }
  rows.sort((a, b) => a.pos - b.pos);
  let maxHlc = '';
  const changes: WireChange[] = rows.map((c) => {
    if (c.hlc > maxHlc) maxHlc = c.hlc;
    return [c.origin, c.seq, c.tbl, c.row_id, c.op, unsealForTravel(deps, c), c.hlc];
  });
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    minAppVersion: BUNDLE_MIN_APP_VERSION,
    appVersion: deps.version,
    bundleId: deps.ids.newId(),
    company,
    from,
    to,
    createdAt: deps.clock.nowIso(),
    maxHlc,
    count: changes.length,
    ranges,
    acks: held,
  };
  deps.raw
    .prepare(
      `INSERT INTO sync_peers (office_id, acked, last_sent_at) VALUES (?, '{}', ?)
       ON CONFLICT (office_id) DO UPDATE SET last_sent_at = excluded.last_sent_at`,
    )
    .run(to.id, header.createdAt);
  return { file: sealBundle(header, changes, key), header };
}

export interface ImportOutcome {
  bundleId: string;
  from: Office;
  /** Changes applied here for the first time. */
  applied: number;
  /** Changes this office already held. */
  skipped: number;
  /** Changes after a gap: not applied; the sender sends them again. */
  waiting: number;
  /** Changes put on the review list. */
  conflicts: number;
}

function refuse(message: string, reason: string): never {
  throw new AppError('CONFLICT', message, { reason });
}

/** Check the bundle, then apply it. Must run inside the caller's transaction. */
export function importBundle(deps: SyncDeps, file: Buffer): ImportOutcome {
  const stored = requireSyncKey(deps);
  // By id only: an office that is joining holds no office row until this bundle brings it.
  const here = { id: meta(deps.raw, THIS_OFFICE_KEY) ?? '', code: '' };
  here.code = officeCode(deps.raw, here.id) ?? '?';
  let header: BundleHeader;
  let changes: WireChange[];
  try {
    header = readBundleHeader(file).header;
    if (compareVersions(header.minAppVersion, deps.version) > 0) {
      throw new BundleError(
        'newer',
        `This bundle needs GridDesk ${header.minAppVersion} or newer (this is ${deps.version}); update GridDesk first, then import it again.`,
      );
    }
    if (header.company !== stored.company) {
      refuse('This bundle belongs to another company. Nothing was imported.', 'company');
    }
    if (header.to.id !== here.id) {
      refuse(
        `This bundle is for office ${header.to.code}, not this office (${here.code}). Nothing was imported.`,
        'office',
      );
    }
    ({ changes } = openBundle(file, stored.key));
  } catch (error) {
    if (error instanceof BundleError) refuse(error.message, error.reason);
    throw error;
  }
  const seen = deps.raw
    .prepare('SELECT imported_at FROM sync_imports WHERE bundle_id = ?')
    .pluck()
    .get(header.bundleId) as string | undefined;
  if (seen) {
    refuse(`This bundle was already imported (${seen}). Nothing was imported again.`, 'replay');
  }
  const now = deps.clock.nowMs();
  if (header.maxHlc !== '') {
    // The same limit as the clock's own (domain/hlc.ts), checked before anything is applied.
    const ahead = msBeyondDrift(hlcParse(header.maxHlc), now);
    if (ahead > 0) {
      const hours = Math.round(ahead / 36e5);
      refuse(
        `Office ${header.from.code} stamped changes ${hours} hour(s) ahead of this computer's clock. ` +
          `Check the date, time and time zone of both PCs (the one at ${header.from.code} is probably wrong), ` +
          'then export the bundle again. Nothing was imported.',
        'clock',
      );
    }
  }
  const tables = new Map(syncTables(deps.raw).map((t) => [t.name, t]));
  const parsed = changes.map((c) => checkChange(tables, c));
  const outcome = deps.syncCapture.whileApplying(() => applyChanges(deps, parsed));
  if (outcome.maxApplied) deps.hlc.observe(outcome.maxApplied);
  const known = peerAcks(deps.raw, header.from.id);
  for (const [origin, seq] of Object.entries(header.acks)) {
    known[origin] = Math.max(known[origin] ?? 0, seq);
  }
  deps.raw
    .prepare(
      `INSERT INTO sync_peers (office_id, acked, last_received_at) VALUES (?, ?, ?)
       ON CONFLICT (office_id) DO UPDATE SET acked = excluded.acked, last_received_at = excluded.last_received_at`,
    )
    .run(header.from.id, JSON.stringify(known), deps.clock.nowIso());
  const result: ImportOutcome = {
    bundleId: header.bundleId,
    from: header.from,
    applied: outcome.applied,
    skipped: outcome.skipped,
    waiting: outcome.waiting,
    conflicts: outcome.conflicts,
  };
  deps.raw
    .prepare(
      'INSERT INTO sync_imports (bundle_id, from_office, imported_at, applied, skipped, waiting, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      header.bundleId,
      header.from.id,
      deps.clock.nowIso(),
      result.applied,
      result.skipped,
      result.waiting,
      result.conflicts,
    );
  return result;
}

interface Change {
  origin: string;
  seq: number;
  table: SyncTable;
  rowId: string;
  op: 'put' | 'set';
  data: Record<string, unknown>;
  hlc: string;
}

/** A change naming a table or column this version does not know refuses the whole bundle. */
function checkChange(tables: Map<string, SyncTable>, c: WireChange): Change {
  const [origin, seq, tbl, rowId, op, data, hlc] = c;
  const table = tables.get(tbl);
  if (!table) {
    refuse(
      `This bundle changes "${tbl}", which this GridDesk does not know; update GridDesk first. Nothing was imported.`,
      'schema',
    );
  }
  const values = JSON.parse(data) as Record<string, unknown>;
  const unknown = Object.keys(values).find((col) => !table.columns.includes(col));
  if (unknown !== undefined) {
    refuse(
      `This bundle changes the column "${unknown}" of "${tbl}", which this GridDesk does not know; update GridDesk first. Nothing was imported.`,
      'schema',
    );
  }
  if ((op !== 'put' && op !== 'set') || !Number.isInteger(seq) || typeof hlc !== 'string') {
    refuse('This bundle is damaged (a change is malformed). Nothing was imported.', 'damaged');
  }
  hlcParse(hlc);
  return { origin, seq, table, rowId, op, data: values, hlc };
}

interface ApplyTally {
  applied: number;
  skipped: number;
  waiting: number;
  conflicts: number;
  maxApplied: string;
}

function applyChanges(deps: SyncDeps, changes: Change[]) {
  const raw = deps.raw;
  const held = heldVector(raw);
  const tally: ApplyTally = { applied: 0, skipped: 0, waiting: 0, conflicts: 0, maxApplied: '' };
  const log = raw.prepare(
    'INSERT INTO sync_changes (origin, seq, tbl, row_id, op, data, hlc) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const statements = new Map<string, Statement<unknown[]>>();
  const stmt = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = raw.prepare(sql)));
    return s;
  };
  const cellsOf = (tbl: string, rowId: string) =>
    new Map(
      (
        stmt('SELECT col, hlc FROM sync_cells WHERE tbl = ? AND row_id = ?').all(tbl, rowId) as {
          col: string;
          hlc: string;
        }[]
      ).map((r) => [r.col, r.hlc]),
    );
  const setCell = (tbl: string, rowId: string, col: string, hlc: string) =>
    stmt(
      'INSERT INTO sync_cells (tbl, row_id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc',
    ).run(tbl, rowId, col, hlc);
  const existing = (t: SyncTable, rowId: string) =>
    stmt(`SELECT * FROM ${q(t.name)} WHERE ${q(t.key)} = ?`).get(rowId) as
      Record<string, unknown> | undefined;
  const exists = (t: SyncTable, rowId: string) =>
    stmt(`SELECT 1 FROM ${q(t.name)} WHERE ${q(t.key)} = ?`)
      .pluck()
      .get(rowId) !== undefined;
  const insert = (t: SyncTable, json: string, cols: string[]) =>
    stmt(
      `INSERT INTO ${q(t.name)} (${cols.map(q).join(', ')}) VALUES (${cols
        .map((c) => `json_extract(:d, '$."${c}"')`)
        .join(', ')})`,
    ).run({ d: json });
  const update = (t: SyncTable, rowId: string, json: string, cols: string[]) =>
    stmt(
      `UPDATE ${q(t.name)} SET ${cols
        .map((c) => `${q(c)} = json_extract(:d, '$."${c}"')`)
        .join(', ')} WHERE ${q(t.key)} = :k`,
    ).run({ d: json, k: rowId });
  const conflict = (c: Change, kind: string, detail: string, local: unknown) => {
    stmt(
      'INSERT INTO sync_conflicts (id, kind, tbl, row_id, origin, seq, remote, local, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      deps.ids.newId(),
      kind,
      c.table.name,
      c.rowId,
      c.origin,
      c.seq,
      JSON.stringify({ op: c.op, data: c.data, hlc: c.hlc }),
      local === undefined ? null : JSON.stringify(local),
      detail,
      deps.clock.nowIso(),
    );
    tally.conflicts++;
  };
  // No savepoint per change: each change's first write is the one a rule of the database can
  // refuse, and a refused statement undoes only itself (with what its triggers did), so a refusal
  // leaves nothing half applied; the per-column stamps are written after it.
  const applyOne = (c: Change, json: string) => {
    const t = c.table;
    const row = exists(t, c.rowId);
    if (t.rule.kind !== 'master') {
      // A ledger row never changes: a second copy of its id is the same row.
      if (!row) insert(t, json, Object.keys(c.data));
      return;
    }
    if (!row) {
      if (c.op === 'set') {
        conflict(c, 'missing-parent', `A change to a row this office does not hold.`, undefined);
        return;
      }
      insert(t, json, Object.keys(c.data));
      setCell(t.name, c.rowId, '*', c.hlc);
      return;
    }
    // Per column, the later stamp wins (docs/sync.md); '*' is the row's creation.
    const cells = cellsOf(t.name, c.rowId);
    const base = cells.get('*') ?? '';
    const winners = Object.keys(c.data).filter(
      (col) => col !== t.key && c.hlc > (cells.get(col) ?? base),
    );
    if (winners.length === 0) return;
    update(t, c.rowId, json, winners);
    for (const col of winners) setCell(t.name, c.rowId, col, c.hlc);
  };

  let stopped = false;
  const touched: Change[] = [];
  for (const c of changes) {
    const have = held[c.origin] ?? 0;
    if (c.seq <= have) {
      tally.skipped++;
      continue;
    }
    if (stopped || c.seq !== have + 1) {
      // A gap: the rest waits for the missing changes (resent, since they were never acknowledged).
      stopped = true;
      tally.waiting++;
      continue;
    }
    resealHere(deps, c.table.name, c.rowId, c.data);
    const json = JSON.stringify(c.data);
    try {
      applyOne(c, json);
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_CONSTRAINT')) throw error;
      const kind =
        code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
          ? 'missing-parent'
          : code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
            ? 'duplicate-key'
            : 'refused';
      conflict(c, kind, (error as Error).message, existing(c.table, c.rowId));
    }
    log.run(c.origin, c.seq, c.table.name, c.rowId, c.op, json, c.hlc);
    held[c.origin] = c.seq;
    if (c.hlc > tally.maxApplied) tally.maxApplied = c.hlc;
    tally.applied++;
    touched.push(c);
  }
  // Whether a table holds any deleted row, asked once per import (after every change is in).
  const anyDeleted = new Map<string, boolean>();
  const hasDeleted = (table: string) => {
    let found = anyDeleted.get(table);
    if (found === undefined) {
      found =
        cached(raw, `SELECT 1 FROM ${q(table)} WHERE deleted_at IS NOT NULL LIMIT 1`).get() !==
        undefined;
      anyDeleted.set(table, found);
    }
    return found;
  };
  for (const c of touched) {
    for (const found of deletedParents(raw, c, hasDeleted)) {
      conflict(c, 'deleted-parent', found.detail, found.local);
    }
  }
  // One person registered in two offices: both rows stay, a person decides (the registry's rule).
  const sameCustomer = sameCustomerFinder(raw);
  const pairs = new Set<string>();
  for (const c of touched) {
    if (c.table.name !== 'customers' || !IDENTITY.some((col) => col in c.data)) continue;
    const row = cached(raw, 'SELECT * FROM customers WHERE id = ?').get(c.rowId) as
      Record<string, unknown> | undefined;
    if (!row || row.deleted_at !== null) continue;
    const other = sameCustomer({
      id: c.rowId,
      nationalId: row.national_id as string | null,
      firstName: row.first_name as string,
      lastName: row.last_name as string,
      businessName: row.business_name as string | null,
      villageId: row.village_id as string,
      phone: row.phone as string | null,
    });
    // Two registrations by one office are that office's own affair (its registry let them be).
    if (!other || other.officeId === row.office_id) continue;
    if (pairs.has([c.rowId, other.id].sort().join(' '))) continue;
    pairs.add([c.rowId, other.id].sort().join(' '));
    const local = cached(raw, 'SELECT * FROM customers WHERE id = ?').get(other.id);
    conflict(
      c,
      'duplicate-customer',
      `Customer ${String(row.account_number)} may be the same person as ${other.accountNumber}, registered here (same national ID, or same name in the same village).`,
      local,
    );
  }
  return tally;
}

/** The customer columns "the same person" looks at. */
const IDENTITY = ['national_id', 'first_name', 'last_name', 'business_name', 'village_id', 'phone'];

interface ForeignKey {
  table: string;
  from: string;
  to: string | null;
}

/** The schema facts the checks need, read once per connection (the schema does not change). */
const schemaFacts = new WeakMap<
  SyncDeps['raw'],
  { fks: Map<string, ForeignKey[]>; tombstone: Map<string, boolean>; tables: string[] }
>();

function factsOf(raw: SyncDeps['raw']) {
  let facts = schemaFacts.get(raw);
  if (!facts) {
    const tables = raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    facts = { fks: new Map(), tombstone: new Map(), tables };
    for (const t of tables) {
      const fks = raw
        .prepare('SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)')
        .all(t) as ForeignKey[];
      facts.fks.set(t, fks);
      const tomb = raw
        .prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = 'deleted_at'")
        .pluck()
        .get(t);
      facts.tombstone.set(t, tomb === 1);
    }
    schemaFacts.set(raw, facts);
  }
  return facts;
}

/** Statements of the checks, prepared once per connection (preparing costs more than running). */
const statements = new WeakMap<SyncDeps['raw'], Map<string, Statement<unknown[]>>>();
function cached(raw: SyncDeps['raw'], sql: string): Statement<unknown[]> {
  let byText = statements.get(raw);
  if (!byText) statements.set(raw, (byText = new Map<string, Statement<unknown[]>>()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = raw.prepare(sql)));
  return statement;
}

const foreignKeys = (raw: SyncDeps['raw'], table: string) => factsOf(raw).fks.get(table) ?? [];
const hasTombstone = (raw: SyncDeps['raw'], table: string) =>
  factsOf(raw).tombstone.get(table) === true;

/**
 * A live row whose parent is deleted, after this change: the change used a parent deleted here
 * (a customer registered in a village another office deleted), or it deleted a parent still used
 * here. A person decides (docs/sync.md "Conflicts"); both rows stay as they are.
 */
function deletedParents(
  raw: SyncDeps['raw'],
  c: Change,
  hasDeleted: (table: string) => boolean,
): { detail: string; local: unknown }[] {
  const t = c.table;
  const out: { detail: string; local: unknown }[] = [];
  if (!hasTombstone(raw, t.name)) return out;
  // Only a deletion, or a link to a table that holds deleted rows, can make such a pair: most
  // changes need no read at all.
  const deletes = c.data.deleted_at !== undefined && c.data.deleted_at !== null;
  const links = foreignKeys(raw, t.name).some(
    (fk) => fk.from in c.data && hasTombstone(raw, fk.table) && hasDeleted(fk.table),
  );
  if (!links && !deletes) return out;
  const row = cached(raw, `SELECT * FROM ${q(t.name)} WHERE ${q(t.key)} = ?`).get(c.rowId) as
    Record<string, unknown> | undefined;
  if (!row) return out;
  if (row.deleted_at === null) {
    // This live row points at a deleted parent.
    for (const fk of foreignKeys(raw, t.name)) {
      if (!(fk.from in c.data) || row[fk.from] === null || !hasTombstone(raw, fk.table)) continue;
      const parent = cached(
        raw,
        `SELECT * FROM ${q(fk.table)} WHERE ${q(fk.to ?? 'id')} = ? AND deleted_at IS NOT NULL`,
      ).get(row[fk.from]) as Record<string, unknown> | undefined;
      if (parent) {
        out.push({
          detail: `This ${t.name} row uses a ${fk.table} row that is deleted (${String(parent.deleted_at)}).`,
          local: parent,
        });
      }
    }
  } else if (c.data.deleted_at !== undefined && c.data.deleted_at !== null) {
    // This deletion leaves live rows pointing at it.
    const children = factsOf(raw).tables;
    for (const child of children) {
      if (!hasTombstone(raw, child)) continue;
      for (const fk of foreignKeys(raw, child).filter((f) => f.table === t.name)) {
        const live = cached(
          raw,
          `SELECT * FROM ${q(child)} WHERE ${q(fk.from)} = ? AND deleted_at IS NULL LIMIT 20`,
        ).all(row[fk.to ?? 'id']) as Record<string, unknown>[];
        for (const l of live) {
          out.push({
            detail: `This deleted ${t.name} row is still used by a ${child} row here.`,
            local: l,
          });
        }
      }
    }
  }
  return out;
}

/**
 * A join file for a new office (docs/sync.md "Joining"): the new office's row is made here, and
 * the file is a bundle for it holding everything this office has, sealed with the sync key.
 */
export function makeJoinFile(
  deps: SyncDeps,
  office: { code: string; name: string; timeZone: string },
): { file: Buffer; office: Office } {
  requireSyncKey(deps);
  const code = office.code.trim().toUpperCase();
  if (officeByCode(deps.raw, code)) {
    throw new AppError('VALIDATION', `The office code ${code} is already taken; choose another.`, {
      issues: [{ field: 'officeCode', message: `${code} is already taken` }],
    });
  }
  const id = deps.ids.newId();
  deps.raw
    .prepare(
      'INSERT INTO offices (id, code, name, time_zone, created_at, updated_hlc) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(id, code, office.name, office.timeZone, deps.clock.nowIso(), deps.hlc.next());
  const { file } = exportBundle(deps, { id, code });
  return { file, office: { id, code } };
}

/**
 * Start this empty installation as the office a join file was made for: its identity and the
 * company's key first, then the file's changes like any bundle's, in the caller's transaction.
 */
export function joinCompany(deps: SyncDeps, file: Buffer, key: Buffer): ImportOutcome {
  if (meta(deps.raw, THIS_OFFICE_KEY) !== undefined) {
    refuse(
      'GridDesk is already set up in this data folder; a join file is used on a new, empty one. Nothing was changed.',
      'joined',
    );
  }
  let header: BundleHeader;
  try {
    header = openBundle(file, key).header;
  } catch (error) {
    if (error instanceof BundleError) refuse(error.message, error.reason);
    throw error;
  }
  setMeta(deps.raw, THIS_OFFICE_KEY, header.to.id);
  storeSyncKey(deps, key, header.company);
  setMeta(deps.raw, BASELINE_KEY, deps.clock.nowIso());
  deps.hlc.setNode(header.to.code);
  const outcome = importBundle(deps, file);
  if (!officeCode(deps.raw, header.to.id)) {
    refuse('This join file does not hold its own office. Nothing was changed.', 'damaged');
  }
  deps.syncCapture.baselineTaken = true;
  return outcome;
}
