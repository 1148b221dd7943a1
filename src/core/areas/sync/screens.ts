// What the Sync screen and the shared-folder mode add to the file commands of sync.ts
// (docs/sync.md "Screens and the shared folder"): bundles and join files carried as bytes, and
// the folder this PC drops bundles into and picks them up from while the app runs.
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, type OutputOf } from '../../../contract';
import { noteAudit, type ServiceContext } from '../../context';
import type { ReadRaw } from '../../db/client';
import { readBundleHeader, type BundleHeader } from '../../sync/bundle';
import { exportBundle, heldVector, makeJoinFile, officeByCode } from '../../sync/engine';
import { requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';
import { importBytes, writeBundleFile } from './sync';

const FOLDER_META = 'sync_folder';
const LAST_RUN_META = 'sync_folder_last_run';

type FolderRun = OutputOf<'sync.folderRun'>;

function meta(raw: ReadRaw, key: string): string | null {
  return (
    (raw.prepare('SELECT value FROM local_meta WHERE key = ?').pluck().get(key) as
      string | undefined) ?? null
  );
}

function setMeta(raw: ServiceContext['raw'], key: string, value: string | null): void {
  if (value === null) {
    raw.prepare('DELETE FROM local_meta WHERE key = ?').run(key);
    return;
  }
  raw
    .prepare(
      'INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(key, value);
}

/** A file name that says what the file is, with a stamp so two never collide. */
function stampedName(what: string, at: string): string {
  return `${what}-${at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.gdsync`;
}

function progress(ctx: ServiceContext, operationId: string | undefined, step: number) {
  if (!operationId) return;
  ctx.events.emit({ type: 'progress', operationId, phase: 'sync', done: step, total: 3 });
}

export const exportDownload: Handler<'sync.exportDownload'> = (ctx, input) => {
  const here = requireOffice(ctx.db);
  const to = officeByCode(ctx.raw, input.to);
  if (!to) {
    throw new AppError('VALIDATION', `There is no office ${input.to} in this company.`, {
      issues: [{ field: 'to', message: 'is not an office of this company' }],
    });
  }
  const { file, header } = exportBundle(ctx, to);
  const fileName = stampedName(`${here.code}-to-${to.code}`, header.createdAt);
  noteAudit(ctx, `Bundle for office ${to.code}: ${header.count} changes, downloaded`);
  return {
    fileName,
    contentBase64: file.toString('base64'),
    bytes: file.length,
    changes: header.count,
  };
};

export const importUpload: Handler<'sync.importUpload'> = async (ctx, input) => {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const steps = { check: 0, backup: 1, apply: 2 } as const;
  const outcome = await importBytes(ctx, bytes, (phase) =>
    progress(ctx, input.operationId, steps[phase]),
  );
  progress(ctx, input.operationId, 3);
  return outcome;
};

export const joinFileDownload: Handler<'sync.joinFileDownload'> = (ctx, input) => {
  const here = requireOffice(ctx.db);
  const { file, office } = makeJoinFile(ctx, {
    code: input.officeCode,
    name: input.officeName,
    timeZone: here.timeZone,
  });
  noteAudit(ctx, `Join file for new office ${office.code} (${input.officeName}) downloaded`, [
    office.id,
  ]);
  return {
    fileName: `join-${office.code}.gdsync`,
    contentBase64: file.toString('base64'),
    bytes: file.length,
    officeCode: office.code,
    officeName: input.officeName,
  };
};

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export const folder: Handler<'sync.folder'> = (ctx) => {
  const path = meta(ctx.raw, FOLDER_META);
  const last = meta(ctx.raw, LAST_RUN_META);
  return {
    folder: path,
    present: path !== null && isFolder(path),
    lastRun: last ? (JSON.parse(last) as FolderRun) : null,
  };
};

export const setFolder: Handler<'sync.setFolder'> = (ctx, input) => {
  requireOffice(ctx.db);
  setMeta(ctx.raw, FOLDER_META, input.folder);
  setMeta(ctx.raw, LAST_RUN_META, null);
  noteAudit(
    ctx,
    input.folder ? `Shared sync folder set to ${input.folder}` : 'Shared sync folder cleared',
  );
  return { folder: input.folder };
};

/** One run at a time per database: a slow import must not meet the next tick's. */
const running = new WeakSet<object>();
/** Bundles refused here once (wrong clock, other company): not retried, and no backup spent. */
const refusedIds = new WeakMap<object, Set<string>>();

/** An imported bundle leaves the folder; one already gone (taken by hand) is fine. */
function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Nothing to do: the next run skips a bundle already imported.
  }
}

interface FolderFile {
  file: string;
  path: string;
  header: BundleHeader;
}

function bundlesIn(dir: string): { files: FolderFile[]; unreadable: string[] } {
  const files: FolderFile[] = [];
  const unreadable: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    // The stick was pulled out during the run: nothing more to find there.
    return { files, unreadable };
  }
  for (const name of names) {
    if (!name.toLowerCase().endsWith('.gdsync')) continue;
    const path = join(dir, name);
    try {
      files.push({ file: name, path, header: readBundleHeader(readFileSync(path)).header });
    } catch {
      // A file still being copied in, or not a bundle: looked at again at the next run.
      unreadable.push(name);
    }
  }
  return { files, unreadable };
}

/** What this office last told a peer through the folder that it holds (the acks it sent). */
const toldKey = (officeId: string) => `sync_folder_told:${officeId}`;

/**
 * Which offices get a bundle in the folder: those this office has heard from (an office that has
 * not joined yet gets its join file instead) and that have something to learn: changes they have
 * not acknowledged, or changes this office received since it last told them what it holds (so
 * they stop resending those). Not while a bundle of ours for them still waits in the folder.
 */
function peersToSend(ctx: ServiceContext, hereId: string, waiting: Set<string>) {
  const held = heldVector(ctx.raw);
  const peers = ctx.raw
    .prepare(
      `SELECT o.id, o.code, p.acked FROM offices o JOIN sync_peers p ON p.office_id = o.id
       WHERE o.id <> ? AND p.last_received_at IS NOT NULL ORDER BY o.code`,
    )
    .all(hereId) as { id: string; code: string; acked: string }[];
  const ahead = (than: Record<string, number>) =>
    Object.entries(held).some(([origin, seq]) => seq > (than[origin] ?? 0));
  return peers.filter((p) => {
    if (waiting.has(p.id)) return false;
    const told = meta(ctx.raw, toldKey(p.id));
    return (
      ahead(JSON.parse(p.acked) as Record<string, number>) ||
      ahead(told ? (JSON.parse(told) as Record<string, number>) : {})
    );
  });
}

async function runFolder(ctx: ServiceContext, dir: string): Promise<FolderRun> {
  const here = requireOffice(ctx.db);
  const run: FolderRun = {
    at: ctx.clock.nowIso(),
    present: true,
    imported: [],
    exported: [],
    refused: [],
    message: null,
  };
  let refused = refusedIds.get(ctx.raw);
  if (!refused) refusedIds.set(ctx.raw, (refused = new Set()));
  const done = ctx.raw.prepare('SELECT 1 FROM sync_imports WHERE bundle_id = ?').pluck();
  const { files } = bundlesIn(dir);
  for (const f of files) {
    if (f.header.to.id !== here.id || refused.has(f.header.bundleId)) continue;
    if (done.get(f.header.bundleId)) {
      // Already imported (by hand from another copy): the folder copy has done its work.
      removeQuietly(f.path);
      continue;
    }
    try {
      const outcome = await importBytes(ctx, readFileSync(f.path));
      run.imported.push({
        file: f.file,
        fromOffice: outcome.from.code,
        applied: outcome.applied,
        conflicts: outcome.conflicts,
      });
      removeQuietly(f.path);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (/no backup passphrase/.test(error.message)) {
        // Nothing can be imported until it is set; said once, on the Sync screen.
        run.message = error.message;
        break;
      }
      refused.add(f.header.bundleId);
      run.refused.push({ file: f.file, message: error.message });
    }
  }
  const waiting = new Set(
    bundlesIn(dir)
      .files.filter((f) => f.header.from.id === here.id)
      .map((f) => f.header.to.id),
  );
  for (const peer of peersToSend(ctx, here.id, waiting)) {
    try {
      ctx.transact(() => {
        const { file, header } = exportBundle(ctx, peer);
        const name = stampedName(`${here.code}-to-${peer.code}`, header.createdAt);
        writeBundleFile(join(dir, name), file);
        setMeta(ctx.raw, toldKey(peer.id), JSON.stringify(header.acks));
        noteAudit(ctx, `Bundle for office ${peer.code}: ${header.count} changes, left in ${dir}`);
        run.exported.push({ file: name, toOffice: peer.code, changes: header.count });
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // The folder went away or filled up: said on the Sync screen, tried again at the next run.
      run.message = error.message;
      break;
    }
  }
  return run;
}

export const folderRun: Handler<'sync.folderRun'> = async (ctx) => {
  requireOffice(ctx.db);
  const dir = meta(ctx.raw, FOLDER_META);
  if (dir === null) {
    throw new AppError(
      'VALIDATION',
      'No shared folder is set for this PC; set one on the Sync screen first.',
      {
        issues: [{ field: 'folder', message: 'is not set' }],
      },
    );
  }
  const nothing = (present: boolean, message: string | null): FolderRun => ({
    at: ctx.clock.nowIso(),
    present,
    imported: [],
    exported: [],
    refused: [],
    message,
  });
  let run: FolderRun;
  if (running.has(ctx.raw)) {
    return nothing(true, 'An exchange through the shared folder is already running.');
  } else if (!existsSync(dir) || !isFolder(dir)) {
    // A USB stick that is not plugged in: a quiet state shown on the Sync screen, not an error.
    run = nothing(false, null);
  } else {
    running.add(ctx.raw);
    try {
      run = await runFolder(ctx, dir);
    } finally {
      running.delete(ctx.raw);
    }
  }
  setMeta(ctx.raw, LAST_RUN_META, JSON.stringify(run));
  return run;
};
