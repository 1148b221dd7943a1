// Backup commands: settings and passphrase, backing up now, the history, verifying a file and the
// restore preview. The work itself is in core/backup; this module checks who asks and records it.
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../contract';
import { passphraseStrength } from '../../domain/backup/passphrase';
import { backupOverdue } from '../../domain/backup/schedule';
import { restoreRefusal, type BackupManifest } from '../../domain/backup/manifest';
import { noteAudit, type ServiceContext } from '../context';
import {
  BackupFileError,
  checkOpenedBackup,
  openBackup,
  verifyBackupFile,
} from '../backup/archive';
import {
  applyRetention,
  backupTargets,
  hasPassphrase,
  lastGoodBackup,
  listBackups,
  performBackup,
  readBackupSettings,
  readLastDrill,
  recordBackupRows,
  storedPassphrase,
  storePassphrase,
  writeBackupSettings,
  defaultBackupFolder,
} from '../backup/service';
import { requireOffice, thisOffice } from './office';
import type { Handler } from './types';

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
function passphraseFor(ctx: ServiceContext, given: string | undefined): string {
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

export const run: Handler<'backups.run'> = async (ctx, input) => {
  const office = requireOffice(ctx.db);
  const passphrase = passphraseFor(ctx, input.passphrase);
  const folders = input.folder ? [input.folder] : backupTargets(ctx);
  const { results, rows } = await performBackup(ctx, {
    passphrase,
    folders,
    reason: input.reason,
    actor: ctx.actor.name,
    scryptLogN: ctx.backupScryptLogN,
    onProgress: (phase, done, total) => {
      if (input.operationId) {
        ctx.events.emit({ type: 'progress', operationId: input.operationId, phase, done, total });
      }
    },
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
    verified = await verifyBackupFile(input.file, passphrase, ctx.dataDir);
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
function recordsMissingFrom(ctx: ServiceContext, backupFile: string) {
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
  let opened;
  try {
    opened = await openBackup(input.file, passphrase, ctx.dataDir);
  } catch (error) {
    throw fileProblem(error);
  }
  try {
    try {
      checkOpenedBackup(input.file, opened);
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
