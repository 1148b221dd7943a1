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
import { createSecretBox, fileMasterKey } from './adapters/secret-box';
import { EventBus } from './events';
import { loadMeterProfiles } from './meters/profiles';
import { OperationRegistry } from './operations';
import type { Deps } from './context';
import { openDatabase } from './db/client';
import { createDispatcher, type CallContext } from './dispatch';
import { hlcParse } from '../domain/hlc';
import { thisOffice } from './services/office';
import { DEFAULT_SCRYPT_LOG_N } from './backup/age-scrypt';
import { finishInterruptedRestore } from './backup/restore';
import { clearStaleScratch } from './backup/archive';

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
  // Shared across a restart: listeners (windows, event streams) and running operations stay.
  const events = new EventBus();
  const operations = new OperationRegistry();
  let restarting = false;

  const build = () => {
    // A restore killed halfway is finished before anything opens the database.
    const finishedRestore = finishInterruptedRestore(options.dataDir);
    clearStaleScratch(options.dataDir);
    const { db, raw, schemaVersion } = openDatabase(
      join(options.dataDir, DATABASE_FILE),
      options.migrationsDir,
    );
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
      secrets: createSecretBox(options.masterKey ?? fileMasterKey(options.dataDir)),
      events,
      operations,
      backupScryptLogN: options.backupScryptLogN ?? DEFAULT_SCRYPT_LOG_N,
      restart,
      meterProfiles: () =>
        loadMeterProfiles(
          options.meterProfilesDir ?? join(options.migrationsDir, '..', 'meter-profiles'),
          join(options.dataDir, 'meter-profiles'),
        ),
    };
    const dispatch = createDispatcher(deps, options.sleep ? { sleep: options.sleep } : {});
    if (finishedRestore) log.warn('finished a restore that was interrupted', {});
    log.info('core opened', { dataDir: options.dataDir, schemaVersion });
    return { deps, dispatch };
  };

  /**
   * Close the database, run `work` on the closed data folder (a restore's file swap), and open it
   * again: the app reopens without a new process. Sessions end (everyone signs in again); other
   * calls meanwhile are refused with a clear message.
   */
  async function restart(work: () => Promise<void>): Promise<Deps> {
    restarting = true;
    try {
      current.deps.raw.close();
      try {
        await work();
      } finally {
        current = build();
      }
      return current.deps;
    } finally {
      restarting = false;
    }
  }

  let current = build();
  return {
    dispatch: (name, input, call) =>
      restarting ? Promise.resolve(RESTORING) : current.dispatch(name, input, call),
    get deps() {
      return current.deps;
    },
    close() {
      current.deps.raw.close();
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
  const union = tables.map((t) => `SELECT max(updated_hlc) AS h FROM "${t}"`).join(' UNION ALL ');
  const max = raw.prepare(`SELECT max(h) FROM (${union})`).pluck().get() as string | null;
  return max ? { ...hlcParse(max), node } : undefined;
}
