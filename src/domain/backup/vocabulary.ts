// The closed lists of the backup area, declared once for the schema, the contract and the screens.

/** Why a backup was taken. */
export const BACKUP_REASONS = [
  'manual',
  'scheduled',
  'first-start',
  'quit',
  'before-migration',
  'before-restore',
  'before-sync',
  'cli',
  /** Not taken here: the file a restore came from, entered in the history when it was restored. */
  'restored',
] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** A backup in the log: verified after writing, or failed (written and deleted, or not written). */
export const BACKUP_STATUSES = ['verified', 'failed'] as const;
export type BackupStatus = (typeof BACKUP_STATUSES)[number];
