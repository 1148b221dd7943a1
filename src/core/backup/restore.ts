// Restoring a backup into a data folder: open and check the file, refuse what must not replace
// this office's books, keep the current database as an undo point, swap the files in, and after
// the database is open again raise the OpenPAYGO counters that may be behind (audited).
//
// The swap is the one step that touches the live files (`swapInRestoredFiles`). It is written to
// survive SIGKILL at any point: the restored database and key are first staged, complete and
// flushed, beside the live ones (same disk, so renames are atomic); then a marker file records the
// intent; then the live files are replaced by renames; then the marker goes. A start that finds the
// marker finishes the swap (`finishInterruptedRestore`). So the data folder holds either the old
// database and key or the new ones, each whole, never a mix.
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { counterRaises, type CounterRaise } from '../../domain/backup/counter-raise';
import { restoreRefusal, type BackupManifest } from '../../domain/backup/manifest';
import { DATABASE_FILE } from '../adapters/data-dir';
import { KEY_FILE } from '../adapters/secret-box';
import { knownSchemaVersion, type ReadRaw } from '../db/client';
import { appendAudit } from '../audit-log';
import type { Deps, Door } from '../context';
import {
  BackupFileError,
  checkOpenedBackup,
  openBackup,
  scratchDir,
  type BackupProgress,
  type OpenedBackup,
} from './archive';

/** A restore that must not happen here; the message is for the person restoring. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

const MARKER = 'restore-pending.json';

interface PendingSwap {
  /** Folder holding the staged griddesk.sqlite and secret.key. */
  staged: string;
}

function flush(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function liveDatabase(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Test seam: the SIGKILL tests stop the process at each named point of a restore. */
export type RestoreCheckpoint = (point: string) => void | Promise<void>;

/**
 * Replace the live database and key with the staged ones. Callers make sure no connection to the
 * live database is open (the app's core is closed, or it was never opened).
 */
export async function swapInRestoredFiles(
  dataDir: string,
  staged: string,
  checkpoint: RestoreCheckpoint = () => undefined,
): Promise<void> {
  const marker = join(dataDir, MARKER);
  writeFileSync(marker, JSON.stringify({ staged } satisfies PendingSwap), { mode: 0o600 });
  flush(marker);
  await checkpoint('marker-written');
  finishSwap(dataDir, staged, checkpoint);
  await checkpoint('swapped');
  rmSync(marker, { force: true });
}

/** The renames, idempotent: run again after a crash, they finish what is left. */
function finishSwap(dataDir: string, staged: string, checkpoint?: RestoreCheckpoint): void {
  const stagedDb = join(staged, DATABASE_FILE);
  const stagedKey = join(staged, KEY_FILE);
  const live = liveDatabase(dataDir);
  if (existsSync(stagedDb)) {
    // The old database's WAL must not be replayed into the new file. The undo point was taken
    // through SQLite, WAL included, before the marker was written.
    rmSync(`${live}-wal`, { force: true });
    rmSync(`${live}-shm`, { force: true });
    renameSync(stagedDb, live);
    // The tests kill the process here: new database, old key, marker present.
    void checkpoint?.('database-swapped');
  }
  if (existsSync(stagedKey)) renameSync(stagedKey, join(dataDir, KEY_FILE));
}

/** Called before the database is opened at every start: completes a restore that was cut short. */
export function finishInterruptedRestore(dataDir: string): boolean {
  const marker = join(dataDir, MARKER);
  if (!existsSync(marker)) return false;
  const pending = JSON.parse(readFileSync(marker, 'utf8')) as PendingSwap;
  finishSwap(dataDir, pending.staged);
  rmSync(marker, { force: true });
  rmSync(pending.staged, { recursive: true, force: true });
  return true;
}

export interface CurrentData {
  office: { id: string; code: string; name: string } | null;
  /** OpenPAYGO counts in the database being replaced, by device id. */
  counts: Map<string, number>;
}

export function readCurrent(dataDir: string): CurrentData | null {
  const file = liveDatabase(dataDir);
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const has = (table: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    const office = has('offices')
      ? ((db
          .prepare(
            "SELECT id, code, name FROM offices WHERE id = (SELECT value FROM local_meta WHERE key = 'this_office_id')",
          )
          .get() as CurrentData['office'] | undefined) ?? null)
      : null;
    const counts = new Map<string, number>();
    if (has('openpaygo_devices')) {
      for (const row of db.prepare('SELECT device_id, count FROM openpaygo_devices').all() as {
        device_id: string;
        count: number;
      }[]) {
        counts.set(row.device_id, row.count);
      }
    }
    return { office, counts };
  } finally {
    db.close();
  }
}

export interface PreparedRestore {
  manifest: BackupManifest;
  /** Folder with the staged database and key (inside the data folder's scratch space). */
  staged: string;
  current: CurrentData | null;
  opened: OpenedBackup;
}

/**
 * Open, check and stage a backup for restoring into `dataDir`; refuses (and changes nothing) when
 * the file is bad, from a newer GridDesk, or another office's while this folder has data.
 */
export async function prepareRestore(options: {
  dataDir: string;
  file: string;
  passphrase: string;
  migrationsDir: string;
  /** Replace existing data (the CLI's --yes; the screen's typed office code). */
  replaceExisting: boolean;
  onProgress?: BackupProgress;
}): Promise<PreparedRestore> {
  const current = readCurrent(options.dataDir);
  if (current && !options.replaceExisting) {
    throw new RestoreRefusedError(
      `The data folder ${options.dataDir} already holds a GridDesk database. Restoring over it replaces it (it is kept as an undo point): confirm with --yes. Nothing was changed.`,
    );
  }
  mkdirSync(options.dataDir, { recursive: true });
  const opened = await openBackup(
    options.file,
    options.passphrase,
    options.dataDir,
    options.onProgress,
  );
  try {
    options.onProgress?.('check', 0, 1);
    await checkOpenedBackup(options.file, opened);
    const refusal = restoreRefusal(opened.manifest, {
      knownSchemaVersion: knownSchemaVersion(options.migrationsDir),
      currentOffice: current?.office ?? null,
    });
    if (refusal) throw new RestoreRefusedError(refusal);
    const keyFile = join(opened.workDir, KEY_FILE);
    writeFileSync(keyFile, opened.key, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    flush(keyFile);
    flush(opened.databaseFile);
    return { manifest: opened.manifest, staged: opened.workDir, current, opened };
  } catch (error) {
    rmSync(opened.workDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Keep the current database and key as an undo point: a consistent copy through SQLite (WAL
 * included), in a folder of its own under backups/. Returns the folder, or null with no data.
 */
export async function keepUndoPoint(dataDir: string, at: string): Promise<string | null> {
  const live = liveDatabase(dataDir);
  if (!existsSync(live)) return null;
  const folder = join(
    dataDir,
    'backups',
    `undo-${at.replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`,
  );
  mkdirSync(folder, { recursive: true });
  const db = new Database(live, { fileMustExist: true });
  try {
    await db.backup(join(folder, DATABASE_FILE));
  } finally {
    db.close();
  }
  flush(join(folder, DATABASE_FILE));
  const key = join(dataDir, KEY_FILE);
  if (existsSync(key)) {
    copyFileSync(key, join(folder, KEY_FILE));
    chmodSync(join(folder, KEY_FILE), 0o600);
  }
  return folder;
}

/**
 * Copy an undo point's database and key into a staging folder beside the live files, complete and
 * flushed, ready for `swapInRestoredFiles`. The undo point itself stays as it was (a copy, not a
 * move), so an undo cut short by a crash can simply be tried again.
 */
export function stageUndoPoint(dataDir: string, undoPoint: string): string {
  const database = join(undoPoint, DATABASE_FILE);
  const key = join(undoPoint, KEY_FILE);
  if (!existsSync(database) || !existsSync(key)) {
    throw new RestoreRefusedError(
      `The undo point ${undoPoint} is gone or incomplete (it needs ${DATABASE_FILE} and ${KEY_FILE}): the restore cannot be undone. Nothing was changed.`,
    );
  }
  const staged = join(scratchDir(dataDir), `undo-${randomUUID()}`);
  mkdirSync(staged, { recursive: true });
  try {
    copyFileSync(database, join(staged, DATABASE_FILE));
    copyFileSync(key, join(staged, KEY_FILE));
    chmodSync(join(staged, KEY_FILE), 0o600);
    flush(join(staged, DATABASE_FILE));
    flush(join(staged, KEY_FILE));
    return staged;
  } catch (error) {
    rmSync(staged, { recursive: true, force: true });
    throw error;
  }
}

export interface RestoredDevice extends CounterRaise {
  serial: string;
}

/**
 * The counter raises for the restored database (docs/domain.md §8.1; rule in domain/backup/
 * counter-raise.ts): devices this office issues tokens for, with the count the replaced database
 * had when it was this office's own.
 */
export function planCounterRaises(
  raw: Database.Database,
  officeId: string,
  replaced: CurrentData | null,
): RestoredDevice[] {
  const sameOffice = replaced?.office?.id === officeId;
  const rows = raw
    .prepare(
      `SELECT o.device_id AS deviceId, d.serial AS serial, o.count AS count,
              max(o.provisioned_count, coalesce((SELECT max(t.count) FROM tokens t
                JOIN token_confirmations c ON c.token_id = t.id WHERE t.device_id = o.device_id), 0))
                AS lastSeenCount
         FROM openpaygo_devices o JOIN devices d ON d.id = o.device_id
        WHERE o.owning_office_id = ?`,
    )
    .all(officeId) as { deviceId: string; serial: string; count: number; lastSeenCount: number }[];
  const serials = new Map(rows.map((r) => [r.deviceId, r.serial]));
  return counterRaises(
    rows.map((r) => ({
      deviceId: r.deviceId,
      count: r.count,
      lastSeenCount: r.lastSeenCount,
      replacedCount: sameOffice ? (replaced?.counts.get(r.deviceId) ?? null) : null,
    })),
  ).map((raise) => ({ ...raise, serial: serials.get(raise.deviceId) ?? '' }));
}

export interface RestoreReport {
  at: string;
  file: string;
  backupTakenAt: string;
  office: string;
  undoPoint: string | null;
  undoOf?: string;
  raised: RestoredDevice[];
}

const LAST_RESTORE_KEY = 'backup_last_restore';

/**
 * After the restored database is open: raise the counters that may be behind and write one audit
 * entry that says what was restored, where the undo point is and which counts moved.
 */
export function recordRestore(
  deps: Pick<Deps, 'db' | 'raw' | 'hlc' | 'ids' | 'clock'>,
  input: {
    file: string;
    manifest: Pick<BackupManifest, 'office' | 'createdAt' | 'appVersion'>;
    replaced: CurrentData | null;
    undoPoint: string | null;
    actor: { name: string; userId: string | null };
    door: Door;
    /** For the undo of a restore: the backup file that restore had put in place. */
    undoOf?: string;
  },
): RestoreReport {
  return deps.raw.transaction(() => {
    const officeId = input.manifest.office.id;
    const raised = planCounterRaises(deps.raw, officeId, input.replaced);
    const update = deps.raw.prepare(
      'UPDATE openpaygo_devices SET count = ?, updated_hlc = ? WHERE device_id = ?',
    );
    for (const r of raised) update.run(r.to, deps.hlc.next(), r.deviceId);
    const report: RestoreReport = {
      at: deps.clock.nowIso(),
      file: input.file,
      backupTakenAt: input.manifest.createdAt,
      office: input.manifest.office.code,
      undoPoint: input.undoPoint,
      ...(input.undoOf !== undefined ? { undoOf: input.undoOf } : {}),
      raised,
    };
    deps.raw
      .prepare(
        'INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(LAST_RESTORE_KEY, JSON.stringify(report));
    keepBackupHistory(deps.raw, {
      undoPoint: input.undoPoint,
      restoredFile: input.undoOf === undefined ? input.file : null,
      manifest: input.manifest,
      at: report.at,
      actor: input.actor.name,
      newId: () => deps.ids.newId(),
    });
    appendAudit(deps.db, {
      id: deps.ids.newId(),
      officeId,
      at: report.at,
      actor: input.actor.name,
      actorUserId: input.actor.userId,
      door: input.door,
      command: input.undoOf !== undefined ? 'backups.undoRestore' : 'backups.restore',
      records: raised.map((r) => r.deviceId),
      summary: [
        input.undoOf !== undefined
          ? `Undid the restore of ${input.undoOf}: the data it replaced is back from ${input.file}`
          : `Restored the backup ${input.file} taken ${input.manifest.createdAt} (office ${input.manifest.office.code}, GridDesk ${input.manifest.appVersion})`,
        input.undoPoint
          ? `the replaced data is kept in ${input.undoPoint}`
          : 'into an empty data folder',
        raised.length
          ? `OpenPAYGO counts raised so the next token is accepted: ${raised.map((r) => `${r.serial} ${r.from} -> ${r.to}`).join(', ')}`
          : 'no OpenPAYGO count needed raising',
      ].join('; '),
      outcome: 'ok',
    });
    return report;
  })();
}

/**
 * The backup history describes files on this PC, which a restore does not bring back or take
 * away, yet it lives in the database a restore replaces. So the restored database gets the rows of
 * the one it replaced (from the undo point: the backups made up to the restore, the one taken just
 * before it included) and a row for the backup file it came from, verified, as restoring checked
 * it whole. Without this the history showed "no backups yet" after restoring onto a new PC, and
 * lost the newest backups after restoring an old one.
 */
function keepBackupHistory(
  raw: Database.Database,
  input: {
    undoPoint: string | null;
    restoredFile: string | null;
    manifest: Pick<BackupManifest, 'createdAt'>;
    at: string;
    actor: string;
    newId: () => string;
  },
): void {
  const replaced = input.undoPoint ? join(input.undoPoint, DATABASE_FILE) : null;
  if (replaced && existsSync(replaced)) {
    const old = new Database(replaced, { readonly: true, fileMustExist: true });
    try {
      const hasLog = old
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backups'")
        .get();
      if (hasLog) {
        const insert = raw.prepare(
          `INSERT OR IGNORE INTO backups (id, file_name, folder, created_at, size_bytes, status,
             verified_at, error, reason, actor, removed_at)
           VALUES (@id, @file_name, @folder, @created_at, @size_bytes, @status,
             @verified_at, @error, @reason, @actor, @removed_at)`,
        );
        for (const row of old.prepare('SELECT * FROM backups').iterate()) {
          insert.run(row);
        }
      }
    } finally {
      old.close();
    }
  }
  if (input.restoredFile && existsSync(input.restoredFile)) {
    const folder = dirname(input.restoredFile);
    const fileName = basename(input.restoredFile);
    const known = raw
      .prepare('SELECT 1 FROM backups WHERE folder = ? AND file_name = ?')
      .get(folder, fileName);
    if (!known) {
      raw
        .prepare(
          `INSERT INTO backups (id, file_name, folder, created_at, size_bytes, status, verified_at,
             error, reason, actor, removed_at)
           VALUES (?, ?, ?, ?, ?, 'verified', ?, NULL, 'restored', ?, NULL)`,
        )
        .run(
          input.newId(),
          fileName,
          folder,
          input.manifest.createdAt,
          statSync(input.restoredFile).size,
          input.at,
          input.actor,
        );
    }
  }
}

export function readLastRestore(raw: ReadRaw): RestoreReport | null {
  const row = raw
    .prepare('SELECT value FROM local_meta WHERE key = ?')
    .pluck()
    .get(LAST_RESTORE_KEY) as string | undefined;
  return row ? (JSON.parse(row) as RestoreReport) : null;
}

export { BackupFileError };
