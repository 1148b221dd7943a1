// A whole restore into a data folder whose database is not open (the CLI, the setup wizard on a
// new PC, the app after it has closed its core): stage and check the backup, take a last backup
// and an undo point of the data it replaces, swap the files, open the restored database (running
// any migrations it needs) and record the restore with its counter raises.
import { rmSync } from 'node:fs';
import type { Core } from '../app';
import type { Door } from '../context';
import {
  keepUndoPoint,
  prepareRestore,
  recordRestore,
  swapInRestoredFiles,
  type RestoreCheckpoint,
  type RestoreReport,
} from './restore';
import { storedPassphrase } from './service';

export interface RestoreRunOptions {
  dataDir: string;
  file: string;
  passphrase: string;
  migrationsDir: string;
  replaceExisting: boolean;
  /** Opens the core on the data folder (after the swap, on the restored database). */
  open: () => Core;
  actor: { name: string; userId: string | null };
  door: Door;
  nowIso: () => string;
  checkpoint?: RestoreCheckpoint;
}

export async function restoreIntoDataFolder(options: RestoreRunOptions): Promise<RestoreReport> {
  const checkpoint = options.checkpoint ?? (() => undefined);
  const prepared = await prepareRestore(options);
  let undoPoint: string | null = null;
  try {
    if (prepared.current?.office) {
      // "Always before a restore": a last backup of what is about to be replaced, when a
      // passphrase is set. The undo point below is kept either way.
      const core = options.open();
      try {
        if (storedPassphrase(core.deps)) {
          await core.dispatch('backups.run', { reason: 'before-restore' }, { door: options.door });
        }
      } finally {
        core.close();
      }
    }
    await checkpoint('staged');
    undoPoint = await keepUndoPoint(options.dataDir, options.nowIso());
    await checkpoint('undo-point');
    await swapInRestoredFiles(options.dataDir, prepared.staged, checkpoint);
  } finally {
    rmSync(prepared.staged, { recursive: true, force: true });
  }
  const core = options.open();
  try {
    return recordRestore(core.deps, {
      file: options.file,
      manifest: prepared.manifest,
      replaced: prepared.current,
      undoPoint,
      actor: options.actor,
      door: options.door,
    });
  } finally {
    core.close();
  }
}
