// What every service receives: its dependencies (injected from the composition root) and who is
// calling. No module holds state of its own.
import type { Role } from '../contract';
import type { HlcSource, Clock } from './adapters/clock';
import type { Ids } from './adapters/ids';
import type { Logger } from './adapters/log';
import type { ScryptParams } from './adapters/passwords';
import type { SessionStore, Session } from './auth/sessions';
import type { Db, RawDb, ReadDb, ReadRaw } from './db/client';
import type { SecretBox } from './adapters/secret-box';
import type { EventBus } from './events';
import type { OperationRegistry } from './operations';
import type { LoadedProfiles } from './meters/profiles';
import type { SyncCapture } from './sync/capture';

/** 'system': the core's own housekeeping (daily accruals); no outside caller can use it. */
export type Door = 'ipc' | 'http' | 'cli' | 'system';

export interface Deps {
  db: Db;
  raw: RawDb;
  clock: Clock;
  ids: Ids;
  log: Logger;
  hlc: HlcSource;
  sessions: SessionStore;
  scrypt: ScryptParams;
  version: string;
  dataDir: string;
  schemaVersion: number;
  secrets: SecretBox;
  events: EventBus;
  operations: OperationRegistry;
  /** Scrypt cost of new backup files (log2 N): age's standard 18; tests lower it. */
  backupScryptLogN: number;
  migrationsDir: string;
  /**
   * Close the database, run `work` on the closed data folder, reopen: a restore's file swap from
   * inside the app. Resolves to the reopened core's dependencies (new sessions, new connection).
   */
  restart: (work: () => Promise<void>) => Promise<Deps>;
  /** Meter profiles, built-in and the data folder's own; read on each call so new files count. */
  meterProfiles: () => LoadedProfiles;
  /**
   * Set when another program holds the data folder (see adapters/folder-lock.ts): the database is
   * open read-only and write commands are refused with this refusal message.
   */
  readOnly: { refusal: string } | null;
  /** Whether the change-capture triggers record (docs/sync.md): off while a bundle applies. */
  syncCapture: SyncCapture;
}

export interface Actor {
  kind: 'user' | 'operator' | 'anonymous';
  userId: string | null;
  /** Username, or "cli" for the local operator. */
  name: string;
  role: Role | null;
}

export interface AuditNote {
  summary: string | null;
  records: string[];
  /** For sign-in, where the actor is known only once the password checks out. */
  actor: Actor | null;
  /** Write the entry even when the command answers with an error (failed sign-ins). */
  keepOnError: boolean;
}

export interface ServiceContext extends Deps {
  actor: Actor;
  session: (Session & { token: string }) | null;
  door: Door;
  note: AuditNote;
  /**
   * Long commands only: run `fn` in one transaction together with the command's audit entry.
   * Regular writes are already inside one when their service runs.
   */
  transact<T>(fn: () => T): T;
}

/**
 * What a query command's handler and the areas' query modules receive: the same context with a
 * read-only database, a raw connection to read with, and no transactions. A write handler's context
 * is one too, so it can call any query.
 */
export type QueryContext = Omit<ServiceContext, 'db' | 'raw' | 'transact'> & {
  db: ReadDb;
  raw: ReadRaw;
};

/** Record what the audit entry of this write should say. */
export function noteAudit(ctx: ServiceContext, summary: string, records: string[] = []): void {
  ctx.note.summary = summary;
  ctx.note.records = records;
}
