// Installation-level tables: offices, settings, users, local counters and metadata.
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAtColumn, idColumn, officeColumn, updatedHlcColumn } from './columns';
import { ROLES } from '../../../domain/vocabulary';

/** Offices known to this installation; one of them is this one (local_meta.this_office_id). */
export const offices = sqliteTable(
  'offices',
  {
    id: idColumn(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
  },
  (t) => [uniqueIndex('offices_code_unique').on(t.code)],
);

/** Company-wide settings, one JSON value per key (validated by the contract on the way in). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedHlc: updatedHlcColumn(),
});

export const users = sqliteTable(
  'users',
  {
    id: idColumn(),
    officeId: officeColumn(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    passwordHash: text('password_hash').notNull(),
    disabledAt: text('disabled_at'),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
  },
  // Per office (docs/sync.md "Unique keys"): username first, so sign-in finds it by this index.
  (t) => [uniqueIndex('users_username_office_unique').on(t.username, t.officeId)],
);

/**
 * Not synced: what signing in at this office did to an account (wrong passwords in a row, the
 * lock they caused, the last sign-in). It changes at every sign-in and means nothing at another
 * office, so it lives apart from `users`, which travel. No row yet = no failure, never signed in.
 */
export const signinCounters = sqliteTable('signin_counters', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: text('locked_until'),
  lastLoginAt: text('last_login_at'),
});

/** Not synced: facts about this installation only (its office id, the HLC, the audit head). */
export const localMeta = sqliteTable('local_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Not synced: per-office number series (account numbers, later invoices). */
export const counters = sqliteTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/**
 * Not synced: a large import's checked rows, sealed, in chunks, while they are written into the
 * live tables a chunk per transaction (areas/registry/import-journal.ts). Empty between imports.
 */
export const importJournal = sqliteTable(
  'import_journal',
  {
    importId: text('import_id').notNull(),
    seq: integer('seq').notNull(),
    /** The chunk's records, sealed with the office's secret key (device lists carry keys). */
    payload: text('payload').notNull(),
  },
  (t) => [uniqueIndex('import_journal_chunk_unique').on(t.importId, t.seq)],
);
