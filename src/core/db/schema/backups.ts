// The backup log: what was written where, how big, whether it verified. Local to this
// installation (never synced): it describes files on this PC's disks and USB sticks. The backup
// files themselves carry everything else, encrypted.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { BACKUP_REASONS, BACKUP_STATUSES } from '../../../domain/vocabulary';
import { idColumn } from './columns';

export const backups = sqliteTable(
  'backups',
  {
    id: idColumn(),
    /** The file name (`<office>-<timestamp>.gdbackup`); empty when nothing could be written. */
    fileName: text('file_name').notNull(),
    folder: text('folder').notNull(),
    createdAt: text('created_at').notNull(),
    sizeBytes: integer('size_bytes'),
    status: text('status', { enum: BACKUP_STATUSES }).notNull(),
    verifiedAt: text('verified_at'),
    /** Why it failed, in the words shown to the manager. */
    error: text('error'),
    reason: text('reason', { enum: BACKUP_REASONS }).notNull(),
    actor: text('actor').notNull(),
    /** When retention deleted the file (the row stays as history). */
    removedAt: text('removed_at'),
  },
  (t) => [index('backups_created_idx').on(t.createdAt)],
);
