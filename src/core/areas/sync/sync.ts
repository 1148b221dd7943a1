// The sync commands (docs/sync.md): load what they need, call the sync engine, write files and
// the audit entry. The rules themselves are in core/sync/engine.ts.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AppError } from '../../../contract';
import { syncKeyFromText, syncKeyToText } from '../../../domain/sync/key-text';
import { noteAudit, type ServiceContext } from '../../context';
import {
  backupTargets,
  BackupBusyError,
  performBackup,
  recordBackupRows,
  storedPassphrase,
} from '../../backup/service';
import { BundleError, openBundle } from '../../sync/bundle';
import {
  exportBundle,
  heldVector,
  importBundle,
  joinCompany,
  makeJoinFile,
  makeSyncKey,
  officeByCode,
  requireSyncKey,
  storedSyncKey,
} from '../../sync/engine';
import { changesBehind, silentDays } from '../../../domain/sync/status';
import { requireOffice } from '../shared/office';
import { changeLogSize, openConflictCount, peerRows, recentImports } from './queries';
import type { Handler } from '../shared/types';

function readBundleFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AppError(
      'VALIDATION',
      code === 'ENOENT'
        ? `There is no file ${file}.`
        : `The file ${file} cannot be read (${code}).`,
      {
        issues: [
          { field: 'file', message: code === 'ENOENT' ? 'does not exist' : 'cannot be read' },
        ],
      },
    );
  }
}

/**
 * Write the whole file next to its place, then move it in: a cut write never looks complete. An
 * existing file is never replaced (it may be a bundle not yet carried to its office).
 */
export function writeBundleFile(file: string, bytes: Buffer): void {
  if (existsSync(file)) {
    throw new AppError('VALIDATION', `There is already a file ${file}; choose another name.`, {
      issues: [{ field: 'file', message: 'already exists' }],
    });
  }
  const partial = `${file}.partial`;
  try {
    writeFileSync(partial, bytes, { flag: 'wx' });
    renameSync(partial, file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AppError('VALIDATION', `The file ${file} cannot be written (${code}).`, {
      issues: [{ field: 'file', message: 'cannot be written' }],
    });
  }
}

export const key: Handler<'sync.key'> = (ctx) => {
  requireOffice(ctx.db);
  const before = storedSyncKey(ctx);
  const { key: bytes } = makeSyncKey(ctx);
  // The key itself never reaches the audit log.
  noteAudit(ctx, before ? 'Sync key shown' : 'Sync key made; this office now records its changes');
  return { key: syncKeyToText(bytes), made: before === null };
};

export const joinFile: Handler<'sync.joinFile'> = (ctx, input) => {
  const here = requireOffice(ctx.db);
  const { file, office } = makeJoinFile(ctx, {
    code: input.officeCode,
    name: input.officeName,
    timeZone: here.timeZone,
  });
  writeBundleFile(input.file, file);
  noteAudit(
    ctx,
    `Join file for new office ${office.code} (${input.officeName}) written to ${input.file}`,
    [office.id],
  );
  return { file: input.file, officeCode: office.code, bytes: file.length };
};

export const join: Handler<'sync.join'> = (ctx, input) => {
  const typed = syncKeyFromText(input.key);
  if (typeof typed === 'string') {
    throw new AppError('VALIDATION', typed, { issues: [{ field: 'key', message: typed }] });
  }
  const outcome = joinCompany(ctx, readBundleFile(input.file), Buffer.from(typed));
  const office = requireOffice(ctx.db);
  const company = ctx.raw
    .prepare("SELECT json_extract(value, '$.name') FROM settings WHERE key = 'company'")
    .pluck()
    .get() as string | null | undefined;
  const admins = ctx.raw
    .prepare(
      "SELECT username FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY username",
    )
    .pluck()
    .all() as string[];
  noteAudit(ctx, `Joined the company as office ${office.code} (${outcome.applied} changes)`, [
    office.id,
  ]);
  return {
    officeCode: office.code,
    companyName: company ?? null,
    admins,
    applied: outcome.applied,
  };
};

export const exportTo: Handler<'sync.export'> = (ctx, input) => {
  requireOffice(ctx.db);
  const to = officeByCode(ctx.raw, input.to);
  if (!to) {
    throw new AppError('VALIDATION', `There is no office ${input.to} in this company.`, {
      issues: [{ field: 'to', message: 'is not an office of this company' }],
    });
  }
  const { file, header } = exportBundle(ctx, to);
  writeBundleFile(input.file, file);
  noteAudit(ctx, `Bundle for office ${to.code}: ${header.count} changes, written to ${input.file}`);
  return { file: input.file, bytes: file.length, changes: header.count };
};

/** The backup before an import; the passphrase must be set (docs/sync.md "Applying a bundle"). */
async function backupBeforeImport(ctx: ServiceContext) {
  const passphrase = storedPassphrase(ctx);
  if (!passphrase) {
    throw new AppError(
      'CONFLICT',
      'GridDesk takes a backup before each import, and no backup passphrase is set. An administrator sets it in Settings > Backups first. Nothing was imported.',
    );
  }
  try {
    return await performBackup(ctx, {
      passphrase,
      folders: backupTargets(ctx),
      reason: 'before-sync',
      actor: ctx.actor.name,
      scryptLogN: ctx.backupScryptLogN,
    });
  } catch (error) {
    if (error instanceof BackupBusyError) throw new AppError('CONFLICT', error.message);
    throw error;
  }
}

export const importFrom: Handler<'sync.import'> = async (ctx, input) =>
  importBytes(ctx, readBundleFile(input.file));

/**
 * Check a bundle, take the backup, then apply it in one transaction with its audit entry (the
 * file command, the Sync screen's upload and the shared folder all come here). `phase` hears of
 * each step, for a progress bar.
 */
export async function importBytes(
  ctx: ServiceContext,
  bytes: Buffer,
  phase: (name: 'check' | 'backup' | 'apply') => void = () => undefined,
) {
  requireOffice(ctx.db);
  phase('check');
  // A file that cannot open is refused before a backup is spent on it.
  try {
    openBundle(bytes, requireSyncKey(ctx).key);
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    throw new AppError('CONFLICT', error.message, { reason: error.reason });
  }
  phase('backup');
  const backup = await backupBeforeImport(ctx);
  const good = backup.results.find((r) => r.ok);
  if (!good) {
    throw new AppError(
      'CONFLICT',
      `The backup before the import failed (${backup.results.map((r) => r.message).join('; ')}). Nothing was imported.`,
    );
  }
  phase('apply');
  return ctx.transact(() => {
    recordBackupRows(ctx.db, backup.rows);
    const outcome = importBundle(ctx, bytes);
    noteAudit(
      ctx,
      `Bundle from office ${outcome.from.code} imported: ${outcome.applied} changes applied, ` +
        `${outcome.skipped} already here, ${outcome.waiting} waiting, ${outcome.conflicts} to review`,
    );
    return { ...outcome, backup: good.file };
  });
}

export const status: Handler<'sync.status'> = (ctx) => {
  const here = requireOffice(ctx.db);
  const held = heldVector(ctx.raw);
  const now = ctx.clock.nowMs();
  return {
    office: here.code,
    hasKey: storedSyncKey(ctx) !== null,
    changes: changeLogSize(ctx.raw),
    openConflicts: openConflictCount(ctx.raw),
    peers: peerRows(ctx.raw, here.id).map((p) => ({
      officeId: p.id,
      code: p.code,
      name: p.name,
      lastSentAt: p.lastSentAt,
      lastReceivedAt: p.lastReceivedAt,
      behind: changesBehind(held, p.acked ? (JSON.parse(p.acked) as Record<string, number>) : {}),
      silentDays: silentDays(now, p.lastReceivedAt),
    })),
    imports: recentImports(ctx.raw),
  };
};

interface ConflictRow {
  id: string;
  kind: 'duplicate-key' | 'duplicate-customer' | 'missing-parent' | 'deleted-parent' | 'refused';
  table: string;
  rowId: string;
  fromOffice: string;
  remote: string;
  local: string | null;
  detail: string;
  createdAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

const CONFLICT_SELECT = `SELECT c.id, c.kind, c.tbl AS "table", c.row_id AS rowId,
  coalesce(o.code, c.origin) AS fromOffice, c.remote, c.local, c.detail, c.created_at AS createdAt,
  c.resolved_at AS resolvedAt, c.resolution
  FROM sync_conflicts c LEFT JOIN offices o ON o.id = c.origin`;

export const conflicts: Handler<'sync.conflicts'> = (ctx, input) => ({
  rows: ctx.raw
    .prepare(
      `${CONFLICT_SELECT} WHERE (c.resolved_at IS NOT NULL) = ? ORDER BY c.created_at, c.id LIMIT 500`,
    )
    .all(input.resolved ? 1 : 0) as ConflictRow[],
});

export const resolveConflict: Handler<'sync.resolveConflict'> = (ctx, input) => {
  const row = ctx.raw.prepare(`${CONFLICT_SELECT} WHERE c.id = ?`).get(input.id) as
    ConflictRow | undefined;
  if (!row) {
    throw new AppError('VALIDATION', 'That review-list entry does not exist.', {
      issues: [{ field: 'id', message: 'does not exist' }],
    });
  }
  if (row.resolvedAt) {
    throw new AppError('CONFLICT', `That entry was already decided on ${row.resolvedAt}.`);
  }
  const now = ctx.clock.nowIso();
  ctx.raw
    .prepare(
      'UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?',
    )
    .run(now, ctx.actor.name, input.resolution, input.id);
  noteAudit(
    ctx,
    `Sync review: ${row.table} ${row.rowId} from ${row.fromOffice}: ${input.resolution}`,
    [row.rowId],
  );
  return { ...row, resolvedAt: now, resolution: input.resolution };
};
