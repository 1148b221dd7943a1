// Backup commands: settings and passphrase, backing up now, the history, verifying a file and the
// restore preview. The work itself is in core/backup; this module checks who asks and records it.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../contract';
import { passphraseStrength } from '../../../domain/backup/passphrase';
import { backupOverdue } from '../../../domain/backup/schedule';
import { restoreRefusal, type BackupManifest } from '../../../domain/backup/manifest';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import {
  BackupFileError,
  checkOpenedBackup,
  openBackup,
  scratchDir,
  verifyBackupFile,
  type BackupProgress,
} from '../../backup/archive';
import {
  applyRetention,
  BackupBusyError,
  backupTargets,
  hasPassphrase,
  lastGoodBackup,
  listBackups,
  performBackup,
  readBackupSettings,
  readLastDrill,
  recordBackupRows,
  storedPassphrase,
  writeLastDrill,
  storePassphrase,
  writeBackupSettings,
  defaultBackupFolder,
} from '../../backup/service';
import { requireOffice, thisOffice } from '../shared/office';
import { createSecretBox } from '../../adapters/secret-box';
import { openDatabase } from '../../db/client';
import { DATABASE_FILE } from '../../adapters/data-dir';
import {
  keepUndoPoint,
  prepareRestore,
  readCurrent,
  readLastRestore,
  recordRestore,
  RestoreRefusedError,
  stageUndoPoint,
  swapInRestoredFiles,
  type RestoreReport,
} from '../../backup/restore';
import type { Handler } from '../shared/types';

export const status: Handler<'backups.status'> = (ctx) => {
  const settings = readBackupSettings(ctx.db);
  const lastGood = lastGoodBackup(ctx.db);
  const overdue = backupOverdue(
    ctx.clock.nowMs(),
    lastGood ? Date.parse(lastGood.createdAt) : null,
    settings.warnAfterDays,
  );
  return {
    passphraseSet: hasPassphrase(ctx.db),
    settings,
    defaultFolder: defaultBackupFolder(ctx.dataDir),
    lastGood,
    lastDrill: readLastDrill(ctx.db),
    overdue,
    lastRestore: readLastRestore(ctx.raw),
  };
};

export const list: Handler<'backups.list'> = (ctx, input) => ({
  backups: listBackups(ctx.db, input.limit),
});

export const setPassphrase: Handler<'backups.setPassphrase'> = (ctx, input) => {
  requireOffice(ctx.db);
  const replaced = hasPassphrase(ctx.db);
  storePassphrase(ctx, input.passphrase);
  const strength = passphraseStrength(input.passphrase);
  // The passphrase itself never reaches the audit log, only that it changed.
  noteAudit(ctx, replaced ? 'Backup passphrase changed' : 'Backup passphrase set');
  return { level: strength.level, bits: strength.bits };
};

export const updateSettings: Handler<'backups.updateSettings'> = (ctx, input) => {
  const before = readBackupSettings(ctx.db);
  const after = {
    secondFolder: input.secondFolder === undefined ? before.secondFolder : input.secondFolder,
    intervalHours: input.intervalHours ?? before.intervalHours,
    warnAfterDays: input.warnAfterDays ?? before.warnAfterDays,
  };
  writeBackupSettings(ctx.db, after);
  const changes: string[] = [];
  if (before.secondFolder !== after.secondFolder) {
    changes.push(
      `second folder: ${before.secondFolder ?? 'none'} -> ${after.secondFolder ?? 'none'}`,
    );
  }
  if (before.intervalHours !== after.intervalHours) {
    changes.push(`every ${before.intervalHours} h -> every ${after.intervalHours} h`);
  }
  if (before.warnAfterDays !== after.warnAfterDays) {
    changes.push(`warning after ${before.warnAfterDays} -> ${after.warnAfterDays} days`);
  }
  noteAudit(
    ctx,
    changes.length
      ? `Backup settings changed: ${changes.join('; ')}`
      : 'Backup settings saved, no change',
  );
  return after;
};

/** The passphrase given with the call, else the one set in Settings; refused plainly if neither. */
function passphraseFor(ctx: QueryContext, given: string | undefined): string {
  const passphrase = given ?? storedPassphrase(ctx);
  if (!passphrase) {
    throw new AppError(
      'CONFLICT',
      'No backup passphrase is set. An administrator sets it in Settings > Backups; until then no backup is made.',
    );
  }
  return passphrase;
}

function fileProblem(error: unknown): AppError {
  if (error instanceof BackupFileError) {
    return new AppError(error.reason === 'passphrase' ? 'VALIDATION' : 'CONFLICT', error.message, {
      reason: error.reason,
      ...(error.reason === 'passphrase'
        ? { issues: [{ field: 'passphrase', message: error.message }] }
        : {}),
    });
  }
  throw error;
}

/**
 * Progress of a backup, verification or restore as events for the screen that asked (by its
 * operation id): the snapshot in pages, then bytes written or read back, then the checks.
 */
function progressFor(
  ctx: QueryContext,
  operationId: string | undefined,
): BackupProgress | undefined {
  if (!operationId) return undefined;
  return (phase, done, total) =>
    ctx.events.emit({ type: 'progress', operationId, phase, done, total });
}

/** performBackup, with "another backup is running" as a plain refusal. */
async function backupOrRefuse(ctx: ServiceContext, options: Parameters<typeof performBackup>[1]) {
  try {
    return await performBackup(ctx, options);
  } catch (error) {
    if (error instanceof BackupBusyError) throw new AppError('CONFLICT', error.message);
    throw error;
  }
}

export const run: Handler<'backups.run'> = async (ctx, input) => {
  const office = requireOffice(ctx.db);
  const passphrase = passphraseFor(ctx, input.passphrase);
  const folders = input.folder ? [input.folder] : backupTargets(ctx);
  const { results, rows } = await backupOrRefuse(ctx, {
    passphrase,
    folders,
    reason: input.reason,
    actor: ctx.actor.name,
    scryptLogN: ctx.backupScryptLogN,
    onProgress: progressFor(ctx, input.operationId),
  });
  const removed = ctx.transact(() => {
    recordBackupRows(ctx.db, rows);
    const n = applyRetention(
      ctx.db,
      folders,
      ctx.clock.nowMs(),
      office.timeZone,
      ctx.clock.nowIso(),
    );
    const good = results.filter((r) => r.ok);
    const bad = results.filter((r) => !r.ok);
    noteAudit(
      ctx,
      [
        good.length
          ? `Backup written and verified: ${good.map((r) => r.file).join(', ')}`
          : 'Backup failed',
        ...bad.map((r) => r.message),
        n ? `${n} old backup(s) removed by the retention rule` : '',
      ]
        .filter(Boolean)
        .join('; '),
      rows.map((r) => r.id),
    );
    return n;
  });
  return { ok: results.some((r) => r.ok), results, removed };
};

function manifestView(m: BackupManifest) {
  return {
    appVersion: m.appVersion,
    schemaVersion: m.schemaVersion,
    createdAt: m.createdAt,
    office: m.office,
    companyName: m.companyName,
    counts: m.counts,
  };
}

export const verify: Handler<'backups.verify'> = async (ctx, input) => {
  const passphrase = passphraseFor(ctx, input.passphrase);
  let verified;
  try {
    verified = await verifyBackupFile(
      input.file,
      passphrase,
      ctx.dataDir,
      progressFor(ctx, input.operationId),
    );
  } catch (error) {
    throw fileProblem(error);
  }
  ctx.transact(() =>
    noteAudit(
      ctx,
      `Backup verified: ${input.file} (office ${verified.manifest.office.code}, taken ${verified.manifest.createdAt})`,
    ),
  );
  return { ok: true as const, manifest: manifestView(verified.manifest) };
};

/** Rows of the live database that the backup does not have: what a restore would lose. */
function recordsMissingFrom(ctx: QueryContext, backupFile: string) {
  const live = ctx.raw.name;
  const db = new Database(live, { readonly: true });
  try {
    db.prepare('ATTACH DATABASE ? AS bk').run(backupFile);
    const missing = (table: string) => {
      // A backup from an older version may not have the table yet: then every row is new.
      const inBackup = db
        .prepare("SELECT 1 FROM bk.sqlite_master WHERE type = 'table' AND name = ?")
        .get(table);
      const sql = inBackup
        ? `SELECT count(*) FROM main."${table}" WHERE id NOT IN (SELECT id FROM bk."${table}")`
        : `SELECT count(*) FROM main."${table}"`;
      return db.prepare(sql).pluck().get() as number;
    };
    return {
      payments: missing('payments'),
      tokens: missing('tokens'),
      invoices: missing('invoices'),
    };
  } finally {
    db.close();
  }
}

export const previewRestore: Handler<'backups.previewRestore'> = async (ctx, input) => {
  const passphrase = passphraseFor(ctx, input.passphrase);
  const progress = progressFor(ctx, input.operationId);
  let opened;
  try {
    opened = await openBackup(input.file, passphrase, ctx.dataDir, progress);
  } catch (error) {
    throw fileProblem(error);
  }
  try {
    try {
      progress?.('check', 0, 1);
      await checkOpenedBackup(input.file, opened);
    } catch (error) {
      throw fileProblem(error);
    }
    const office = thisOffice(ctx.db);
    const refusal = restoreRefusal(opened.manifest, {
      knownSchemaVersion: ctx.schemaVersion,
      currentOffice: office ? { id: office.id, code: office.code, name: office.name } : null,
    });
    const wouldLose = refusal
      ? { payments: 0, tokens: 0, invoices: 0 }
      : recordsMissingFrom(ctx, opened.databaseFile);
    return {
      manifest: manifestView(opened.manifest),
      refusal,
      wouldLose,
      confirmCode: opened.manifest.office.code,
    };
  } finally {
    rmSync(opened.workDir, { recursive: true, force: true });
  }
};

/**
 * A restore from inside the app: check and stage the file, take a last backup of the data it
 * replaces (when a passphrase is set), then close, swap and reopen the database (ctx.restart) and
 * record the restore with its counter raises in the reopened one.
 */
async function restoreInApp(
  ctx: ServiceContext,
  input: {
    file: string;
    passphrase: string;
    confirmCode: string | null;
    operationId: string | undefined;
    /** Who the audit and the backup history name; the signed-in user unless given. */
    actorName?: string;
  },
): Promise<RestoreReport> {
  const actorName = input.actorName ?? ctx.actor.name;
  const progress = progressFor(ctx, input.operationId);
  let prepared;
  try {
    prepared = await prepareRestore({
      dataDir: ctx.dataDir,
      file: input.file,
      passphrase: input.passphrase,
      migrationsDir: ctx.migrationsDir,
      replaceExisting: true,
      ...(progress ? { onProgress: progress } : {}),
    });
  } catch (error) {
    if (error instanceof RestoreRefusedError) throw new AppError('CONFLICT', error.message);
    throw fileProblem(error);
  }
  const staged = prepared.staged;
  try {
    const code = prepared.manifest.office.code;
    if (input.confirmCode !== null && input.confirmCode.toUpperCase() !== code) {
      throw new AppError('VALIDATION', `Type the office code ${code} to confirm the restore.`, {
        issues: [{ field: 'confirmCode', message: `must be the office code ${code}` }],
      });
    }
    const office = thisOffice(ctx.db);
    const passphrase = storedPassphrase(ctx);
    if (office && passphrase) {
      const { rows } = await backupOrRefuse(ctx, {
        passphrase,
        folders: backupTargets(ctx),
        reason: 'before-restore',
        actor: ctx.actor.name,
        scryptLogN: ctx.backupScryptLogN,
        onProgress: progress,
      });
      ctx.raw.transaction(() => recordBackupRows(ctx.db, rows))();
    }
    let undoPoint: string | null = null;
    progress?.('swap', 0, 1);
    const reopened = await ctx.restart(async () => {
      if (office) undoPoint = await keepUndoPoint(ctx.dataDir, ctx.clock.nowIso());
      await swapInRestoredFiles(ctx.dataDir, staged);
    });
    return recordRestore(reopened, {
      file: input.file,
      manifest: prepared.manifest,
      replaced: prepared.current,
      undoPoint,
      actor: { name: actorName, userId: null },
      door: ctx.door,
    });
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
}

export const restore: Handler<'backups.restore'> = async (ctx, input) =>
  restoreInApp(ctx, {
    file: input.file,
    passphrase: passphraseFor(ctx, input.passphrase),
    confirmCode: input.confirmCode,
    operationId: input.operationId,
  });

export const setupRestore: Handler<'setup.restore'> = async (ctx, input) => {
  if (thisOffice(ctx.db)) {
    throw new AppError(
      'CONFLICT',
      'GridDesk is already set up on this computer. An administrator restores backups from the Backups page.',
    );
  }
  return restoreInApp(ctx, {
    file: input.file,
    passphrase: input.passphrase,
    confirmCode: null,
    operationId: input.operationId,
    // Nobody is signed in before set-up: the audit and history say where the restore came from.
    actorName: 'setup wizard',
  });
};

/**
 * Undo the last restore: the database and key it replaced come back from its undo point. The data
 * in use now (the restored backup, with whatever was entered since) becomes a new undo point, so
 * the undo can itself be undone; the swap is the restore's own (crash-safe) one, and the counts of
 * OpenPAYGO devices are raised to what the data in use had, since tokens issued after the restore
 * are already in the devices.
 */
export const undoRestore: Handler<'backups.undoRestore'> = async (ctx, input) => {
  const last = readLastRestore(ctx.raw);
  const office = requireOffice(ctx.db);
  if (!last?.undoPoint) {
    throw new AppError(
      'CONFLICT',
      last
        ? 'The last restore went into an empty data folder: there is nothing to go back to.'
        : 'No restore has been made here: there is nothing to undo.',
    );
  }
  if (input.confirmCode.toUpperCase() !== office.code) {
    throw new AppError(
      'VALIDATION',
      `Type the office code ${office.code} to confirm undoing the restore.`,
      { issues: [{ field: 'confirmCode', message: `must be the office code ${office.code}` }] },
    );
  }
  const undoPoint = last.undoPoint;
  let staged: string;
  try {
    staged = stageUndoPoint(ctx.dataDir, undoPoint);
  } catch (error) {
    if (error instanceof RestoreRefusedError) throw new AppError('CONFLICT', error.message);
    throw error;
  }
  try {
    const progress = progressFor(ctx, input.operationId);
    progress?.('swap', 0, 1);
    const replaced = readCurrent(ctx.dataDir);
    let kept: string | null = null;
    const reopened = await ctx.restart(async () => {
      kept = await keepUndoPoint(ctx.dataDir, ctx.clock.nowIso());
      await swapInRestoredFiles(ctx.dataDir, staged);
    });
    const back = thisOffice(reopened.db);
    if (!back) throw new Error(`The undo point ${undoPoint} holds no office`);
    return recordRestore(reopened, {
      file: undoPoint,
      // The undo point was taken when the restore began.
      manifest: {
        office: { id: back.id, code: back.code, name: back.name },
        createdAt: last.at,
        appVersion: ctx.version,
      },
      replaced,
      undoPoint: kept,
      actor: { name: ctx.actor.name, userId: null },
      door: ctx.door,
      undoOf: last.file,
    });
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
};

/**
 * The restore drill: the newest good backup, restored into a scratch folder and opened the way
 * GridDesk opens a data folder (integrity check, migrations), with one device key opened by the
 * backup's own key. The live database is not touched.
 */
export const drill: Handler<'backups.drill'> = async (ctx) => {
  const at = ctx.clock.nowIso();
  const newest = lastGoodBackup(ctx.db);
  let result: { at: string; ok: boolean; message: string };
  if (!newest) {
    result = { at, ok: false, message: 'There is no verified backup to drill with yet.' };
  } else {
    result = await drillWith(ctx, newest.file, at);
  }
  ctx.transact(() => {
    writeLastDrill(ctx.db, result);
    noteAudit(ctx, `Restore drill: ${result.message}`);
  });
  return result;
};

async function drillWith(ctx: ServiceContext, file: string, at: string) {
  const passphrase = passphraseFor(ctx, undefined);
  const folder = join(scratchDir(ctx.dataDir), `drill-${ctx.ids.newId()}`);
  try {
    const opened = await openBackup(file, passphrase, ctx.dataDir);
    try {
      await checkOpenedBackup(file, opened);
      mkdirSync(folder, { recursive: true });
      copyFileSync(opened.databaseFile, join(folder, DATABASE_FILE));
    } finally {
      rmSync(opened.workDir, { recursive: true, force: true });
    }
    const restored = openDatabase(join(folder, DATABASE_FILE), ctx.migrationsDir);
    try {
      const box = createSecretBox(Buffer.from(opened.key.toString('utf8').trim(), 'base64'));
      const device = restored.raw
        .prepare('SELECT device_id, key_sealed FROM openpaygo_devices LIMIT 1')
        .get() as { device_id: string; key_sealed: string } | undefined;
      // Sealed as in areas/registry/devices.ts: the device id bound in.
      if (device) box.open(device.key_sealed, `openpaygo:${device.device_id}`);
      const payments = restored.raw
        .prepare('SELECT count(*) FROM payments')
        .pluck()
        .get() as number;
      return {
        at,
        ok: true,
        message: `${file} restored into a scratch folder and opened: integrity check passed, ${payments} payments, ${device ? 'device keys open' : 'no device keys to check'}.`,
      };
    } finally {
      restored.raw.close();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.log.error('restore drill failed', { file, error: reason });
    return { at, ok: false, message: `The drill with ${file} failed: ${reason}` };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
