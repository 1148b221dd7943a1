// What a GridDesk backup says about itself (manifest.json inside the archive), its file name, and
// whether a backup may be restored here. Pure: the core reads the file and the database, this
// module decides.
import { z } from 'zod';

/** The archive layout this build writes; a higher number comes from a newer GridDesk. */
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_FORMAT = 'griddesk-backup';
export const BACKUP_EXTENSION = '.gdbackup';

/** Names inside the tar archive, in the order they are written. */
export const ARCHIVE_MANIFEST = 'manifest.json';
export const ARCHIVE_DATABASE = 'griddesk.sqlite';
export const ARCHIVE_KEY = 'secret.key';

/** Tables whose row counts the manifest records and the verifier compares. */
export const COUNTED_TABLES = [
  'customers',
  'devices',
  'openpaygo_devices',
  'payments',
  'payment_allocations',
  'tokens',
  'invoices',
  'meter_readings',
  'users',
  'audit_log',
] as const;
export type CountedTable = (typeof COUNTED_TABLES)[number];

export const backupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  appVersion: z.string(),
  schemaVersion: z.number().int().min(0),
  createdAt: z.string(),
  office: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  companyName: z.string(),
  counts: z.record(z.string(), z.number().int().min(0)),
});
export type BackupManifest = z.infer<typeof backupManifest>;

/** `<office>-<timestamp>.gdbackup`, the timestamp in UTC so names sort in time order everywhere. */
export function backupFileName(officeCode: string, createdAtIso: string): string {
  const stamp = createdAtIso.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${officeCode}-${stamp}${BACKUP_EXTENSION}`;
}

export interface RestoreTarget {
  /** What this build can open. */
  knownSchemaVersion: number;
  /** The office of the database that would be replaced; null for an empty data folder. */
  currentOffice: { id: string; code: string; name: string } | null;
}

/**
 * Why this backup must not be restored here, in words for the person restoring, or null when it
 * may. A backup of another office never replaces this office's books: that would mix two
 * companies' ledgers and token counters. It may go into an empty data folder (a new PC).
 */
export function restoreRefusal(manifest: BackupManifest, target: RestoreTarget): string | null {
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) {
    return `This backup was written by a newer GridDesk (${manifest.appVersion}, backup format ${manifest.formatVersion}). Install that version or newer to restore it; nothing was changed.`;
  }
  if (manifest.schemaVersion > target.knownSchemaVersion) {
    return `This backup was written by a newer GridDesk (${manifest.appVersion}, database schema ${manifest.schemaVersion}; this version knows schema ${target.knownSchemaVersion}). Install that version or newer to restore it; nothing was changed.`;
  }
  const here = target.currentOffice;
  if (here && here.id !== manifest.office.id) {
    return `This backup belongs to office ${manifest.office.code} (${manifest.office.name}) of ${manifest.companyName}, not to this office ${here.code} (${here.name}). Restore it into an empty data folder instead; nothing was changed.`;
  }
  return null;
}
