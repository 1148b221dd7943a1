// What sync.status reads: the other offices with what each has acknowledged and when bundles
// last went and came, the size of the change log and review list, and the latest imports.
import type { ReadRaw } from '../../db/client';

export interface PeerRow {
  id: string;
  code: string;
  name: string;
  /** JSON: per origin, the newest change number the office acknowledged. */
  acked: string | null;
  lastSentAt: string | null;
  lastReceivedAt: string | null;
}

export interface ImportRow {
  bundleId: string;
  fromOffice: string;
  importedAt: string;
  applied: number;
  skipped: number;
  waiting: number;
  conflicts: number;
}

/** Every office but this one, by code, with what this office knows of its sync. */
export function peerRows(raw: ReadRaw, hereId: string): PeerRow[] {
  return raw
    .prepare(
      `SELECT o.id, o.code, o.name, p.acked, p.last_sent_at AS lastSentAt, p.last_received_at AS lastReceivedAt
       FROM offices o LEFT JOIN sync_peers p ON p.office_id = o.id WHERE o.id <> ? ORDER BY o.code`,
    )
    .all(hereId) as PeerRow[];
}

export function changeLogSize(raw: ReadRaw): number {
  return raw.prepare('SELECT count(*) FROM sync_changes').pluck().get() as number;
}

export function openConflictCount(raw: ReadRaw): number {
  return raw
    .prepare('SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL')
    .pluck()
    .get() as number;
}

/** The latest 50 bundles imported here, newest first. */
export function recentImports(raw: ReadRaw): ImportRow[] {
  return raw
    .prepare(
      `SELECT i.bundle_id AS bundleId, coalesce(o.code, i.from_office) AS fromOffice, i.imported_at AS importedAt,
         i.applied, i.skipped, i.waiting, i.conflicts
       FROM sync_imports i LEFT JOIN offices o ON o.id = i.from_office ORDER BY i.imported_at DESC LIMIT 50`,
    )
    .all() as ImportRow[];
}
