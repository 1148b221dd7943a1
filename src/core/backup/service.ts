// Backups as the office sees them: where they go (the data folder's backups and an optional second
// folder), the passphrase (sealed with this PC's key, never stored in clear), writing and
// verifying one file per folder, the backup log, and retention per folder. The commands, the
// scheduler and the CLI all come through here.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { BackupEntry, BackupSettings } from '../../contract/commands/backups';
import { backupsToDelete } from '../../domain/backup/retention';
import type { BackupReason } from '../../domain/backup/vocabulary';
import type { Deps } from '../context';
import type { Db, ReadDb } from '../db/client';
import { backups, localMeta } from '../db/schema';
import {
  assertWritableFolder,
  BackupTargetError,
  writeBackup,
  type BackupProgress,
  type WriteStreamFactory,
  type WrittenBackup,
} from './archive';

const SETTINGS_KEY = 'backup_settings';
const PASSPHRASE_KEY = 'backup_passphrase';
const DRILL_KEY = 'backup_last_drill';
/** Bound into the sealed passphrase, so no other sealed secret can stand in for it. */
const PASSPHRASE_CONTEXT = 'backup-passphrase';

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = {
  secondFolder: null,
  intervalHours: 4,
  warnAfterDays: 2,
};

export function defaultBackupFolder(dataDir: string): string {
  return join(dataDir, 'backups');
}

function readMeta(db: ReadDb, key: string): string | undefined {
  return db.select().from(localMeta).where(eq(localMeta.key, key)).get()?.value;
}

function writeMeta(db: Db, key: string, value: string): void {
  db.insert(localMeta)
    .values({ key, value })
    .onConflictDoUpdate({ target: localMeta.key, set: { value } })
    .run();
}

export function readBackupSettings(db: ReadDb): BackupSettings {
  const stored = readMeta(db, SETTINGS_KEY);
  return stored
    ? { ...DEFAULT_BACKUP_SETTINGS, ...(JSON.parse(stored) as Partial<BackupSettings>) }
    : DEFAULT_BACKUP_SETTINGS;
}

export function writeBackupSettings(db: Db, settings: BackupSettings): void {
  writeMeta(db, SETTINGS_KEY, JSON.stringify(settings));
}

export function hasPassphrase(db: ReadDb): boolean {
  return readMeta(db, PASSPHRASE_KEY) !== undefined;
}

/** The passphrase set in Settings, or null. */
export function storedPassphrase(deps: { db: ReadDb; secrets: Deps['secrets'] }): string | null {
  const sealed = readMeta(deps.db, PASSPHRASE_KEY);
  return sealed ? deps.secrets.open(sealed, PASSPHRASE_CONTEXT).toString('utf8') : null;
}

export function storePassphrase(deps: Pick<Deps, 'db' | 'secrets'>, passphrase: string): void {
  writeMeta(
    deps.db,
    PASSPHRASE_KEY,
    deps.secrets.seal(Buffer.from(passphrase, 'utf8'), PASSPHRASE_CONTEXT),
  );
}

export interface DrillResult {
  at: string;
  ok: boolean;
  message: string;
}

export function readLastDrill(db: ReadDb): DrillResult | null {
  const stored = readMeta(db, DRILL_KEY);
  return stored ? (JSON.parse(stored) as DrillResult) : null;
}

export function writeLastDrill(db: Db, drill: DrillResult): void {
  writeMeta(db, DRILL_KEY, JSON.stringify(drill));
}

/** The folders a backup goes to: the data folder's own, and the second one when set. */
export function backupTargets(deps: Pick<Deps, 'db' | 'dataDir'>): string[] {
  const folders = [defaultBackupFolder(deps.dataDir)];
  const second = readBackupSettings(deps.db).secondFolder;
  if (second && second !== folders[0]) folders.push(second);
  return folders;
}

export interface TargetResult {
  folder: string;
  ok: boolean;
  fileName: string | null;
  file: string | null;
  sizeBytes: number | null;
  message: string | null;
}

type BackupRow = typeof backups.$inferInsert;

export interface PerformOptions {
  passphrase: string;
  folders: readonly string[];
  reason: BackupReason;
  actor: string;
  scryptLogN?: number;
  openWrite?: WriteStreamFactory;
  onProgress?: BackupProgress | undefined;
}

type BackupDeps = Pick<Deps, 'raw' | 'db' | 'dataDir' | 'clock' | 'ids' | 'version' | 'log'>;

/**
 * Write one verified backup into each folder. The snapshot, archive and encryption are done once;
 * other folders get a copy of the verified file, verified again where it landed (a USB stick
 * can fail on its own). Returns what happened per folder and the log rows to record; writes no row
 * itself, so the caller records them together with its audit entry.
 */
export async function performBackup(
  deps: BackupDeps,
  options: PerformOptions,
): Promise<{ results: TargetResult[]; rows: BackupRow[] }> {
  const release = acquireBackupLock(deps.dataDir);
  try {
    return await performLocked(deps, options);
  } finally {
    release();
  }
}

/** Another backup of this data folder is running (in this process or another: app, CLI). */
export class BackupBusyError extends Error {
  constructor() {
    super('Another backup of this data is being made right now. Try again in a minute.');
    this.name = 'BackupBusyError';
  }
}

/**
 * One backup at a time per data folder, across processes: two at once would race for the same
 * file name and double the load. The lock file holds the owner's process id; a lock whose process
 * is gone (killed) is taken over.
 */
function acquireBackupLock(dataDir: string): () => void {
  const folder = join(dataDir, 'backups');
  mkdirSync(folder, { recursive: true });
  const lock = join(folder, '.backup.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lock, 'utf8'));
      if (processAlive(owner)) throw new BackupBusyError();
      rmSync(lock, { force: true });
    }
  }
  throw new BackupBusyError();
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

async function performLocked(
  deps: BackupDeps,
  options: PerformOptions,
): Promise<{ results: TargetResult[]; rows: BackupRow[] }> {
  const createdAt = deps.clock.nowIso();
  const results: TargetResult[] = [];
  const rows: BackupRow[] = [];
  let first: WrittenBackup | null = null;
  const record = (folder: string, result: Omit<TargetResult, 'folder'>, verified: boolean) => {
    results.push({ folder, ...result });
    rows.push({
      id: deps.ids.newId(),
      fileName: result.fileName ?? '',
      folder,
      createdAt,
      sizeBytes: result.sizeBytes,
      status: verified ? 'verified' : 'failed',
      verifiedAt: verified ? deps.clock.nowIso() : null,
      error: result.message,
      reason: options.reason,
      actor: options.actor,
    });
  };

  try {
    for (const folder of options.folders) {
      let file: string | null = null;
      try {
        if (folder === defaultBackupFolder(deps.dataDir)) mkdirSync(folder, { recursive: true });
        if (!first) {
          first = await writeBackup({
            source: deps.raw,
            dataDir: deps.dataDir,
            folder,
            passphrase: options.passphrase,
            createdAt,
            appVersion: deps.version,
            ...(options.scryptLogN ? { scryptLogN: options.scryptLogN } : {}),
            ...(options.openWrite ? { openWrite: options.openWrite } : {}),
            ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          });
          file = first.file;
        } else {
          assertWritableFolder(folder);
          file = copyVerified(first, folder);
        }
      } catch (error) {
        if (!(error instanceof BackupTargetError)) throw error;
        deps.log.warn('backup folder refused', { folder, error: error.message });
        record(
          folder,
          { ok: false, fileName: null, file: null, sizeBytes: null, message: error.message },
          false,
        );
        continue;
      }
      const fileName = first.fileName;
      try {
        await first.readBack(file);
      } catch (error) {
        // A backup that does not verify is worse than none: it would be trusted. Delete it.
        rmSync(file, { force: true });
        if (first.file === file) {
          first.dispose();
          first = null;
        }
        const message = `The backup written to ${folder} failed verification and was deleted: ${error instanceof Error ? error.message : String(error)}`;
        deps.log.error('backup failed verification', { folder, error: message });
        record(folder, { ok: false, fileName, file: null, sizeBytes: null, message }, false);
        continue;
      }
      record(
        folder,
        { ok: true, fileName, file, sizeBytes: statSync(file).size, message: null },
        true,
      );
    }
  } finally {
    first?.dispose();
  }
  return { results, rows };
}

/** Copy a finished backup into another folder: as .partial, then renamed when whole. */
function copyVerified(written: WrittenBackup, folder: string): string {
  const target = join(folder, written.fileName);
  const partial = `${target}.partial`;
  try {
    copyFileSync(written.file, partial);
    // A rename within one folder is atomic: the final name only ever names a whole file.
    renameSync(partial, target);
    return target;
  } catch (error) {
    rmSync(partial, { force: true });
    const code = (error as { code?: string }).code;
    throw new BackupTargetError(
      code === 'ENOSPC'
        ? `The backup folder ${folder} is full: free some space or use another folder.`
        : `The backup could not be copied to ${folder} (${code ?? String(error)}).`,
    );
  }
}

export function recordBackupRows(db: Db, rows: readonly BackupRow[]): void {
  for (const row of rows) db.insert(backups).values(row).run();
}

/**
 * Apply the retention rule to each folder's backups in the log; delete the files it gives up and
 * mark their rows. Only files GridDesk wrote and logged are ever deleted.
 */
export function applyRetention(
  db: Db,
  folders: readonly string[],
  nowMs: number,
  timeZone: string,
  at: string,
): number {
  let removed = 0;
  for (const folder of folders) {
    const rows = db
      .select()
      .from(backups)
      .where(and(eq(backups.folder, folder), isNull(backups.removedAt)))
      .all()
      .filter((r) => r.fileName !== '');
    const doomed = new Set(
      backupsToDelete(
        rows.map((r) => ({
          id: r.id,
          createdMs: Date.parse(r.createdAt),
          verified: r.status === 'verified',
        })),
        nowMs,
        timeZone,
      ),
    );
    for (const row of rows) {
      if (!doomed.has(row.id)) continue;
      const file = join(folder, row.fileName);
      if (row.status === 'verified' && existsSync(file)) rmSync(file, { force: true });
      db.update(backups).set({ removedAt: at }).where(eq(backups.id, row.id)).run();
      removed += 1;
    }
  }
  return removed;
}

function toEntry(row: typeof backups.$inferSelect): BackupEntry {
  return {
    ...row,
    file: row.fileName ? join(row.folder, row.fileName) : '',
  };
}

export function listBackups(db: ReadDb, limit: number): BackupEntry[] {
  return db
    .select()
    .from(backups)
    .orderBy(desc(backups.createdAt), desc(backups.id))
    .limit(limit)
    .all()
    .map(toEntry);
}

export function lastGoodBackup(db: ReadDb): BackupEntry | null {
  const row = db
    .select()
    .from(backups)
    .where(and(eq(backups.status, 'verified'), isNull(backups.removedAt)))
    .orderBy(desc(backups.createdAt))
    .limit(1)
    .get();
  return row ? toEntry(row) : null;
}
