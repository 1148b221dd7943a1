// The core's composition root: open the database in a data folder and build the dispatcher.
// Every door (Electron IPC, loopback HTTP, CLI) starts here and nowhere else.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '../contract';
import { HlcSource, systemClock, type Clock } from './adapters/clock';
import { DATABASE_FILE, LOG_FILE } from './adapters/data-dir';
import { randomIds, type Ids } from './adapters/ids';
import { fileLogger, type Logger } from './adapters/log';
import { DEFAULT_SCRYPT, type ScryptParams } from './adapters/passwords';
import { SessionStore } from './auth/sessions';
import { EventBus } from './events';
import { loadMeterProfiles } from './meters/profiles';
import { OperationRegistry } from './operations';
import type { Deps } from './context';
import { openDatabase, StartupError, type RawDb } from './db/client';
import { unlockSecrets } from './key-check';
import { describeHolder, tryLockFolder } from './adapters/folder-lock';
import { markRunning } from './adapters/shutdown-mark';
import { finishSearchCatchUp } from './db/search-index';
import { finishInterruptedImports } from './areas/registry';
import { dropInterruptedRuns } from './areas/billing';
import { createDispatcher, type CallContext } from './dispatch';
import { hlcParse } from '../domain/hlc';
import { thisOffice } from './areas/shared/office';
import { DEFAULT_SCRYPT_LOG_N } from './backup/age-scrypt';
import { finishInterruptedRestore } from './backup/restore';
import { clearStaleScratch, closeLiveDescriptors } from './backup/archive';
import { installCapture, SyncCapture } from './sync/capture';

export interface CoreOptions {
  dataDir: string;
  migrationsDir: string;
  version: string;
  clock?: Clock;
  ids?: Ids;
  log?: Logger;
  scrypt?: ScryptParams;
  /** 32-byte key that seals secrets at rest; default: the key file in the data folder. */
  masterKey?: Buffer;
  /** Built-in meter profiles; default: resources/meter-profiles beside the migrations. */
  meterProfilesDir?: string;
  /** Scrypt cost of new backup files (log2 N); default age's standard 18. */
  backupScryptLogN?: number;
  /** Delay for failed sign-ins; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Who is opening the data folder, as others see it when refused: "griddesk serve". */
  program?: string;
  /**
   * When another program holds the data folder: refuse to start (the app, browser mode), or open
   * the database read-only so queries work and write commands are refused (the CLI).
   */
  whenHeld?: 'refuse' | 'read-only';
  /** How long a write waits for the database's write lock; default 5 s. */
  busyTimeoutMs?: number;
}

export interface Core {
  dispatch(name: string, input: unknown, call: CallContext): Promise<Envelope<unknown>>;
  deps: Deps;
  close(): void;
}

const RESTORING = {
  ok: false as const,
  error: {
    code: 'CONFLICT' as const,
    message: 'GridDesk is restoring a backup and reopens in a moment. Please try again then.',
  },
};

export function openCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true });
  const log = options.log ?? fileLogger(join(options.dataDir, LOG_FILE));
  const clock = options.clock ?? systemClock;
  const program = options.program ?? 'GridDesk';
  const attempt = tryLockFolder(options.dataDir, program, clock.nowIso());
  let readOnly: Deps['readOnly'] = null;
  if (!attempt.ok) {
    const heldBy = describeHolder(attempt.holder);
    if (options.whenHeld !== 'read-only') {
      throw new StartupError(
        `The data folder ${options.dataDir} is in use by ${heldBy}. Only one GridDesk program ` +
          'can work on it at a time: use that one, or close it and start again.',
      );
    }
    readOnly = {
      refusal:
        `The data folder is in use by ${heldBy}, so this command, which changes data, ` +
        'was refused (nothing was changed). Do it there, or close that program and try ' +
        'again. Commands that only read work while it runs.',
    };
  }
  const lock = attempt.ok ? attempt.lock : null;
  // The writer checks every page of the database only after an unclean shutdown; a reader beside
  // a running writer trusts it (the mark there is the writer's own).
  const mark = attempt.ok ? markRunning(options.dataDir, clock.nowIso()) : null;
  if (mark?.afterUncleanShutdown)
    log.warn('the last GridDesk on this folder did not shut down cleanly: checking every page', {});
  // Shared across a restart: listeners (windows, event streams) and running operations stay.
  const events = new EventBus();
  const operations = new OperationRegistry();
  let restarting = false;

  const build = (fullCheck: boolean) => {
    // The folder's writer finishes a restore killed halfway before anything opens the database.
    const finishedRestore = readOnly === null && finishInterruptedRestore(options.dataDir);
    if (readOnly === null) clearStaleScratch(options.dataDir);
    const opened = openDatabase(join(options.dataDir, DATABASE_FILE), options.migrationsDir, {
      ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
      ...(attempt.ok ? {} : { readOnly: { heldBy: describeHolder(attempt.holder) } }),
      fullCheck,
    });
    const raw: RawDb = opened.raw;
    try {
      const { db, schemaVersion } = opened;
      const secrets = unlockSecrets({
        raw,
        dataDir: options.dataDir,
        masterKey: options.masterKey,
        writable: readOnly === null,
      });
      const office = thisOffice(db);
      const deps: Deps = {
        db,
        raw,
        clock,
        ids: options.ids ?? randomIds,
        log,
        hlc: new HlcSource(clock, office?.code ?? 'NEW', lastStamp(raw, office?.code)),
        sessions: new SessionStore(),
        scrypt: options.scrypt ?? DEFAULT_SCRYPT,
        version: options.version,
        dataDir: options.dataDir,
        migrationsDir: options.migrationsDir,
        schemaVersion,
        secrets,
        events,
        operations,
        backupScryptLogN: options.backupScryptLogN ?? DEFAULT_SCRYPT_LOG_N,
        restart,
        meterProfiles: () =>
          loadMeterProfiles(
            options.meterProfilesDir ?? join(options.migrationsDir, '..', 'meter-profiles'),
            join(options.dataDir, 'meter-profiles'),
          ),
        readOnly,
        syncCapture: new SyncCapture(),
      };
      // Only the writer captures changes; a read-only connection cannot write them anyway.
      if (readOnly === null) installCapture(raw, deps.syncCapture, () => deps.hlc.next());
      // Only the data folder's writer finishes an interrupted import (first its rows, then their
      // search entries: areas/registry/import-journal.ts, db/search-index.ts) and removes a billing run
      // whose writing was interrupted (areas/billing/billing.ts).
      if (readOnly === null) {
        const imports = finishInterruptedImports(deps);
        if (imports > 0) log.warn('finished writing an interrupted import', { imports });
        const runs = dropInterruptedRuns(raw);
        if (runs > 0) log.warn('removed billing runs whose writing was interrupted', { runs });
        const indexed = finishSearchCatchUp(raw);
        if (indexed > 0)
          log.info('search index caught up after an interrupted import', { indexed });
      }
      const dispatch = createDispatcher(deps, options.sleep ? { sleep: options.sleep } : {});
      if (finishedRestore) log.warn('finished a restore that was interrupted', {});
      log.info('core opened', { dataDir: options.dataDir, schemaVersion });
      return { deps, dispatch };
    } catch (error) {
      raw.close();
      throw error;
    }
  };

  /**
   * Close the database, run `work` on the closed data folder (a restore's file swap), and open it
   * again: the app reopens without a new process. The data folder's lock stays held throughout,
   * so no other program can open the folder halfway. Sessions end (everyone signs in again);
   * other calls meanwhile are refused with a clear message.
   */
  async function restart(work: () => Promise<void>): Promise<Deps> {
    restarting = true;
    try {
      current.deps.raw.close();
      closeLiveDescriptors(current.deps.raw.name);
      try {
        await work();
      } finally {
        // A restored file passed integrity_check before it replaced the database.
        current = build(false);
      }
      return current.deps;
    } finally {
      restarting = false;
    }
  }

  let current: ReturnType<typeof build>;
  try {
    current = build(mark?.afterUncleanShutdown ?? false);
  } catch (error) {
    // A refusal (wrong key, newer database...) leaves the folder free for the next attempt. The
    // mark stays: the next start checks every page again.
    lock?.release();
    throw error;
  }
  return {
    dispatch: (name, input, call) =>
      restarting ? Promise.resolve(RESTORING) : current.dispatch(name, input, call),
    get deps() {
      return current.deps;
    },
    close() {
      current.deps.raw.close();
      closeLiveDescriptors(current.deps.raw.name);
      mark?.clear();
      lock?.release();
    },
  };
}

/**
 * The newest HLC stamp already in the database: the clock resumes after it, so stamps keep
 * increasing across restarts even if the computer's clock was set back in between.
 */
function lastStamp(raw: Core['deps']['raw'], node: string | undefined) {
  if (!node) return undefined;
  const tables = raw
    .prepare(
      "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'updated_hlc')",
    )
    .pluck()
    .all() as string[];
  if (tables.length === 0) return undefined;
  const selects = tables.map((t) => `SELECT max(updated_hlc) AS h FROM "${t}"`);
  // The change log holds the stamps of ledger rows and of changes from other offices too.
  const hasLog = raw
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_changes'")
    .get();
  if (hasLog) selects.push('SELECT max(hlc) AS h FROM sync_changes');
  const union = selects.join(' UNION ALL ');
  const max = raw.prepare(`SELECT max(h) FROM (${union})`).pluck().get() as string | null;
  return max ? { ...hlcParse(max), node } : undefined;
}
