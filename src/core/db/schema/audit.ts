// The audit log: append-only (triggers refuse UPDATE and DELETE, see the custom migration) and
// hash-chained (each entry's hash covers the previous hash), so `audit.verify` finds edits. Each
// installation writes its own chain (`chain_id`, `chain_seq`); entries of other offices arrive by
// sync and are checked chain by chain (docs/sync.md "The audit log").
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AUDIT_OUTCOMES } from '../../../domain/vocabulary';

export const auditLog = sqliteTable(
  'audit_log',
  {
    /** Local position (1, 2, 3...): the order entries reached this database; never synced. */
    seq: integer('seq').primaryKey(),
    /** The chain the entry belongs to: the installation that wrote it (made once, at random). */
    chainId: text('chain_id').notNull().default(''),
    /** Its place in that chain (1, 2, 3...), which its hash covers. */
    chainSeq: integer('chain_seq').notNull().default(0),
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
  (t) => [
    uniqueIndex('audit_log_id_unique').on(t.id),
    uniqueIndex('audit_log_chain_unique').on(t.chainId, t.chainSeq),
  ],
);
