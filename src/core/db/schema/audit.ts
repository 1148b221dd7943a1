// The audit log: append-only (triggers refuse UPDATE and DELETE, see the custom migration) and
// hash-chained (each entry's hash covers the previous hash), so `audit.verify` finds edits.
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AUDIT_OUTCOMES } from '../../../domain/vocabulary';

export const auditLog = sqliteTable(
  'audit_log',
  {
    /** Local chain position (1, 2, 3...): orders the chain; never shown as an id or synced. */
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    officeId: text('office_id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    actorUserId: text('actor_user_id'),
    door: text('door').notNull(),
    command: text('command').notNull(),
    records: text('records', { mode: 'json' }).$type<string[]>().notNull(),
    summary: text('summary').notNull(),
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_log_id_unique').on(t.id)],
);
