// Sync bookkeeping (docs/sync.md). All local: they describe what this installation holds and has
// exchanged; the changes themselves travel inside bundles, not as rows of these tables.
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * The change log: every change to a travelling table, this office's own (written by the capture
 * triggers, core/sync/capture.ts) and those applied from other offices, each under its origin
 * office and that office's running number.
 */
export const syncChanges = sqliteTable(
  'sync_changes',
  {
    /** Local order: the order this office came to hold the changes (causal order). */
    pos: integer('pos').primaryKey({ autoIncrement: true }),
    origin: text('origin').notNull(),
    seq: integer('seq').notNull(),
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    /** 'put': a new row, every column; 'set': the columns that changed. */
    op: text('op', { enum: ['put', 'set'] }).notNull(),
    /** The columns and their values as a JSON object. */
    data: text('data').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [uniqueIndex('sync_changes_origin_seq_unique').on(t.origin, t.seq)],
);

/** Per-column HLC stamps of master rows: what last-writer-wins compares ('*' = creation). */
export const syncCells = sqliteTable(
  'sync_cells',
  {
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    col: text('col').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tbl, t.rowId, t.col] })],
);

/** What this office knows of each other office: when heard from, and what it acknowledged. */
export const syncPeers = sqliteTable('sync_peers', {
  officeId: text('office_id').primaryKey(),
  /** JSON {origin: seq}: the highest change number of each origin the peer holds without a gap. */
  acked: text('acked').notNull(),
  lastSentAt: text('last_sent_at'),
  lastReceivedAt: text('last_received_at'),
});

/** Bundles imported here, with their outcome: for the status page and to refuse a replay. */
export const syncImports = sqliteTable(
  'sync_imports',
  {
    bundleId: text('bundle_id').primaryKey(),
    fromOffice: text('from_office').notNull(),
    importedAt: text('imported_at').notNull(),
    applied: integer('applied').notNull(),
    skipped: integer('skipped').notNull(),
    waiting: integer('waiting').notNull(),
    conflicts: integer('conflicts').notNull(),
  },
  (t) => [index('sync_imports_at_idx').on(t.importedAt)],
);

/** Changes a person must decide on (docs/sync.md "Conflicts"): both versions, nothing dropped. */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    id: text('id').primaryKey(),
    kind: text('kind', {
      enum: ['duplicate-key', 'duplicate-customer', 'missing-parent', 'deleted-parent', 'refused'],
    }).notNull(),
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    origin: text('origin').notNull(),
    seq: integer('seq').notNull(),
    /** The change that could not be placed (JSON). */
    remote: text('remote').notNull(),
    /** The row here that stood in its way, if any (JSON). */
    local: text('local'),
    detail: text('detail').notNull(),
    createdAt: text('created_at').notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution'),
  },
  (t) => [index('sync_conflicts_open_idx').on(t.resolvedAt, t.createdAt)],
);
