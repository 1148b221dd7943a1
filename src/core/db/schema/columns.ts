// Column helpers shared by the table definitions: every synced record has a globally unique id,
// the office that created it, and (master data) an HLC stamp of its last change.
import { text } from 'drizzle-orm/sqlite-core';

export const idColumn = () => text('id').primaryKey();
export const officeColumn = () => text('office_id').notNull();
export const createdAtColumn = () => text('created_at').notNull();
export const updatedHlcColumn = () => text('updated_hlc').notNull();
/** Tombstone: synced rows are never deleted, so a deletion can travel to other offices. */
export const deletedAtColumn = () => text('deleted_at');
