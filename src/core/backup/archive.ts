// The backup file: a plain age file (passphrase recipient) whose plaintext is a tar archive of
// manifest.json, griddesk.sqlite (one consistent state of the database) and secret.key. Standard
// formats only, so an operator can still open a backup with `age -d` and `tar -x` if GridDesk is
// gone.
//
// Everything streams: the database goes from disk through tar and age to the target file in 64 KiB
// chunks, and back the same way when verifying, so memory stays flat whatever the database size.
// A file appears under its final name only once it is complete (written as .partial, flushed to
// disk, renamed), so a crash or a full disk never leaves a half backup that looks like a whole one.
import { randomUUID } from 'node:crypto';
import {
  accessSync,
  constants as fsConstants,
  createReadStream,
  createWriteStream,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  open as openCallback,
  openSync,
  closeSync,
  read as readCallback,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  readSync,
  readdirSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type * as TarStream from 'tar-stream';
import {
  ARCHIVE_DATABASE,
  ARCHIVE_KEY,
  ARCHIVE_MANIFEST,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  backupFileName,
  backupManifest,
  COUNTED_TABLES,
  type BackupManifest,
} from '../../domain/backup/manifest';
import { KEY_FILE } from '../adapters/secret-box';
import type { RawDb } from '../db/client';
import { NotPassphraseFileError } from './age-scrypt';
import { checkDatabaseFile, holdAndCheck } from './db-check';
import {
  AGE_MAGIC,
  NONCE_BYTES,
  openAgeHeader,
  openAgePayload,
  openHeader,
  payloadKey,
  sealAge,
  sealHeader,
  sealedPayloadSize,
} from './age-stream';
import { lazyModule } from '../adapters/lazy-module';

const tar = lazyModule<typeof TarStream>('tar-stream');

/** A backup file that cannot be used; the message is for the person holding it. */
export class BackupFileError extends Error {
  constructor(
    readonly reason: 'passphrase' | 'not-a-backup' | 'damaged' | 'mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'BackupFileError';
  }
}

/** A backup folder that cannot take a backup (missing, read-only, full). */
export class BackupTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupTargetError';
  }
}

export type WriteStreamFactory = (path: string) => Writable;

export interface WriteBackupOptions {
  /** The live database: read under a read transaction, or through SQLite's online backup API. */
  source: RawDb;
  /** The data folder: secret.key comes from here, scratch files go under it. */
  dataDir: string;
  /** The folder that receives the .gdbackup file. */
  folder: string;
  passphrase: string;
  createdAt: string;
  appVersion: string;
  /** Scrypt cost (log2 N); tests lower it, files always record it. */
  scryptLogN?: number;
  /** How the file is written; tests inject a failing stream to play a full disk. */
  openWrite?: WriteStreamFactory;
  onProgress?: BackupProgress;
}

/**
 * Progress of a backup, verification or restore: the snapshot (pages), a check, writing and
 * reading back (bytes), and a restore's swap of the files.
 */
export type BackupProgress = (
  phase: 'snapshot' | 'check' | 'write' | 'verify' | 'swap',
  done: number,
  total: number,
) => void;

export interface WrittenBackup {
  file: string;
  fileName: string;
  sizeBytes: number;
  manifest: BackupManifest;
  /**
   * Verify this file, or a copy of it in another folder, against what was archived: decrypted
   * whole and compared byte for byte. Throws BackupFileError when it differs or cannot be read.
   */
  readBack(file: string, onProgress?: BackupProgress): Promise<void>;
  /** Ends what kept the archived bytes for readBack (a read transaction, or a snapshot file). */
  dispose(): void;
  /**
   * How the database was read: straight from the live file under a read transaction (its WAL was
   * empty), or through a snapshot taken with SQLite's online backup API.
   */
  method: DatabaseSource['method'];
}

/** Scratch space for snapshots and restores, inside the data folder (it holds the clear data anyway). */
export function scratchDir(dataDir: string): string {
  return join(dataDir, 'backups', '.work');
}

const STALE_SCRATCH_MS = 6 * 3_600_000;

/**
 * Scratch folders left by a process that was killed during a backup or verification (they hold a
 * clear copy of the database). Only old ones go, so a backup running in another process right now
 * keeps its own. File ages are compared with the file system's clock, the real one.
 */
export function clearStaleScratch(dataDir: string, nowMs = Date.now()): void {
  const root = scratchDir(dataDir);
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (nowMs - statSync(path).mtimeMs > STALE_SCRATCH_MS)
      rmSync(path, { recursive: true, force: true });
  }
}

function targetProblem(folder: string, error: unknown): BackupTargetError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new BackupTargetError(
      `The backup folder ${folder} does not exist (is the USB stick plugged in?).`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new BackupTargetError(
      `The backup folder ${folder} is read-only: GridDesk cannot write there.`,
    );
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new BackupTargetError(
      `The backup folder ${folder} is full: free some space or use another folder.`,
    );
  }
  return new BackupTargetError(
    `The backup could not be written to ${folder} (${code ?? (error instanceof Error ? error.message : String(error))}).`,
  );
}

export function assertWritableFolder(folder: string): void {
  try {
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    accessSync(folder, fsConstants.W_OK);
  } catch (error) {
    throw targetProblem(folder, error);
  }
}

function countRows(db: Database.Database, tables: readonly string[]): Record<string, number> {
  const present = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  const counts: Record<string, number> = {};
  for (const table of tables) {
    if (!present.has(table)) continue;
    counts[table] = db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
  }
  return counts;
}

/**
 * The manifest, read from the archived state itself (the snapshot, or the live database in the
 * read transaction it is archived under) so that it describes exactly what is archived.
 */
function manifestOf(db: Database.Database, createdAt: string, appVersion: string): BackupManifest {
  const office = db
    .prepare(
      "SELECT o.id, o.code, o.name FROM offices o WHERE o.id = (SELECT value FROM local_meta WHERE key = 'this_office_id')",
    )
    .get() as { id: string; code: string; name: string } | undefined;
  if (!office) {
    throw new BackupTargetError('GridDesk is not set up yet: there is nothing to back up.');
  }
  const company = db.prepare("SELECT value FROM settings WHERE key = 'company'").pluck().get() as
    string | undefined;
  const companyName = company ? ((JSON.parse(company) as { name?: string }).name ?? '') : '';
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    createdAt,
    office,
    companyName,
    counts: countRows(db, COUNTED_TABLES),
  };
}

/** The size of a tar of files this size: a 512-byte header each, data padded to 512, 1 KiB end. */
function tarSize(sizes: readonly number[]): number {
  return sizes.reduce((sum, size) => sum + 512 + Math.ceil(size / 512) * 512, 1024);
}

/** Reads of the database file: large enough that per-read costs vanish, small next to memory. */
const READ_BYTES = 1024 * 1024;

/** File functions for a stream reading a descriptor someone else closes (databaseEntry). */
const BORROWED_DESCRIPTOR = {
  open: openCallback,
  read: readCallback,
  close: (_fd: number, done: (error: NodeJS.ErrnoException | null) => void) => done(null),
};

function databaseEntry(pack: TarStream.Pack, source: DatabaseSource): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = pack.entry({ name: ARCHIVE_DATABASE, size: source.size, mode: 0o600 }, (error) =>
      error ? reject(error) : resolve(),
    );
    // Positional reads of the first `size` bytes. The descriptor is not the stream's: a stream
    // destroyed by a failed write (a full or read-only folder) closes its descriptor even with
    // autoClose off, and the live one must stay open until the core closes (see liveDescriptor);
    // a later close of that number would hit whatever file reused it. So its close does nothing.
    const reading = createReadStream('', {
      fd: source.fd,
      fs: BORROWED_DESCRIPTOR,
      start: 0,
      end: source.size - 1,
      autoClose: false,
      highWaterMark: READ_BYTES,
    });
    pipeline(reading, entry).catch(reject);
  });
}

/** Where the archived database's bytes are read from, and how many. */
interface DatabaseSource {
  method: 'live' | 'snapshot';
  fd: number;
  size: number;
  /** Ends what keeps those bytes as they were archived. */
  release(): void;
}

/**
 * Descriptors of live database files, opened once and kept open while this process has the
 * database open. On POSIX systems the locks SQLite holds on a file belong to the process, not to a
 * descriptor: closing any descriptor of the file drops them all, and the app's own connection would
 * go on believing it holds locks that other processes no longer see (SQLite's "How To Corrupt An
 * SQLite Database File", section 2.2). So the backup reads the live file through a descriptor it
 * does not close until the core has closed its connection (closeLiveDescriptors).
 */
const liveDescriptors = new Map<string, { fd: number; path: string }>();

function liveDescriptor(path: string): number | null {
  const before = statSync(path);
  const key = `${before.dev}:${before.ino}`;
  const known = liveDescriptors.get(key);
  if (known !== undefined) return known.fd;
  const fd = openSync(path, 'r');
  const opened = fstatSync(fd);
  liveDescriptors.set(`${opened.dev}:${opened.ino}`, { fd, path });
  // The path was swapped between the two calls (a restore): not the file the caller means.
  return opened.ino === before.ino && opened.dev === before.dev ? fd : null;
}

/**
 * Closes the descriptors the backups opened on the database file at `path` (and on the files it
 * named before a restore replaced them). Only once this process's connections to it are closed
 * (the core closing, or restarting for a restore): there are no locks left to drop then, and a
 * file a restore replaced gives its disk space back.
 */
export function closeLiveDescriptors(path: string): void {
  for (const [key, open] of liveDescriptors) {
    if (open.path !== path) continue;
    liveDescriptors.delete(key);
    closeSync(open.fd);
  }
}

/** Bytes in the database's write-ahead log file (none when it does not exist). */
function walBytes(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 0;
    throw error;
  }
}

interface LiveDatabase {
  source: DatabaseSource;
  /** A connection in the read transaction the file is archived under (for the manifest). */
  reader: Database.Database;
  /** quick_check of that same state, on the worker thread. */
  check: Promise<string>;
}

/**
 * The fast way to archive the live database: read its file directly, with no snapshot copy.
 * Only when the file alone is one consistent state that nobody can change while it is read:
 *
 * 1. The WAL is checkpointed into the file and truncated (not waiting for anyone: a busy
 *    database takes the snapshot way).
 * 2. Two read transactions begin, one on the worker that will quick_check and one here for the
 *    manifest; then the WAL file must still be empty. A transaction begun on an empty WAL reads
 *    the database file only, and so does every page of it later.
 * 3. While they last, SQLite cannot write into the database file: it writes new commits to the
 *    WAL, and copies them into the file only in a checkpoint, which must first take the exclusive
 *    lock of WAL read slot 0 (held shared by a reader begun on an empty WAL) and copies no frame
 *    beyond the mark of any reader in slots 1-4. So the file keeps exactly the state both read.
 *
 * Otherwise (a WAL that is not empty, a checkpoint that is busy, not WAL mode, an in-memory
 * database) null: the caller takes a snapshot with the online backup API.
 */
async function pinLiveDatabase(db: RawDb): Promise<LiveDatabase | null> {
  if (db.memory || !db.name || db.inTransaction) return null;
  if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null;
  const path = db.name;
  // Without waiting: a busy handler here would stop the counter for as long.
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  let busy = 1;
  try {
    db.pragma('busy_timeout = 0');
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    busy = result?.busy ?? 1;
  } catch {
    busy = 1;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  if (busy !== 0 || walBytes(path) !== 0) return null;
  const held = await holdAndCheck(path, 'quick_check');
  if (!held) return null;
  let reader: Database.Database | null = null;
  try {
    reader = new Database(path, { readonly: true, fileMustExist: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM sqlite_master').get();
    const size =
      (reader.pragma('page_count', { simple: true }) as number) *
      (reader.pragma('page_size', { simple: true }) as number);
    const fd = walBytes(path) === 0 ? liveDescriptor(path) : null;
    if (fd === null || fstatSync(fd).size < size) throw new Error('not the file alone');
    held.proceed(true);
    const pinned = reader;
    return {
      source: { method: 'live', fd, size, release: () => pinned.open && pinned.close() },
      reader,
      check: held.result,
    };
  } catch {
    held.proceed(false);
    held.result.catch(() => undefined);
    if (reader?.open) reader.close();
    return null;
  }
}

/** The snapshot way: SQLite's online backup API into a scratch file, read from there. */
async function takeSnapshot(
  db: RawDb,
  snapshot: string,
  onProgress: BackupProgress | undefined,
): Promise<DatabaseSource> {
  // The online backup API copies page by page between other connections' writes and restarts
  // when one lands, so the copy is one consistent state while cashiers keep working.
  await db.backup(snapshot, {
    progress: ({ totalPages, remainingPages }) => {
      onProgress?.('snapshot', totalPages - remainingPages, totalPages);
      return 256;
    },
  });
  const fd = openSync(snapshot, 'r');
  let open = true;
  return {
    method: 'snapshot',
    fd,
    size: fstatSync(fd).size,
    release: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The check of the archived state before the file gets its final name: `PRAGMA quick_check`
 * (every page, record and freelist, as integrity_check, but not the cross-check of each index
 * against its table, which is most of integrity_check's time: about 10x longer on a large
 * database). The full integrity_check runs when a backup file is verified on its own, drilled or
 * restored (docs/backups.md says why).
 */
async function passedCheck(check: Promise<string>): Promise<void> {
  const result = await check;
  if (result !== 'ok') {
    throw new BackupFileError(
      'mismatch',
      `The database fails its check (${result}): no backup was written. Stop GridDesk and call support before more work is entered.`,
    );
  }
}

/**
 * Archive, encrypt and write one backup file into `folder`. The database is read straight from
 * the live file when its WAL is empty (pinLiveDatabase), otherwise from a snapshot taken with the
 * online backup API. What was read stays as it was (the read transaction held, or the snapshot
 * kept) until the file has been read back (`readBack` of the file itself) or `dispose`, so that
 * the file can be compared with it byte for byte.
 */
export async function writeBackup(options: WriteBackupOptions): Promise<WrittenBackup> {
  assertWritableFolder(options.folder);
  const work = join(scratchDir(options.dataDir), randomUUID());
  let source: DatabaseSource | null = null;
  const release = () => {
    source?.release();
    rmSync(work, { recursive: true, force: true });
  };
  let partial: string | null = null;
  try {
    // The passphrase's scrypt runs in Node's thread pool while the database is made ready.
    const sealing = sealHeader(options.passphrase, options.scryptLogN);
    sealing.catch(() => undefined);
    let manifest: BackupManifest;
    let checking: Promise<void>;
    mkdirSync(work, { recursive: true });
    // The consistent state is fixed first (at once when pinned, page by page for a snapshot).
    options.onProgress?.('snapshot', 0, 1);
    const live = await pinLiveDatabase(options.source);
    if (live) {
      source = live.source;
      options.onProgress?.('snapshot', 1, 1);
      options.onProgress?.('check', 0, 1);
      checking = passedCheck(live.check);
      checking.catch(() => undefined);
      manifest = manifestOf(live.reader, options.createdAt, options.appVersion);
    } else {
      const snapshot = join(work, ARCHIVE_DATABASE);
      source = await takeSnapshot(options.source, snapshot, options.onProgress);
      options.onProgress?.('check', 0, 1);
      // The check runs on its worker thread while the snapshot is sealed and written (both only
      // read it); the file gets its final name only once the check has passed.
      checking = passedCheck(checkDatabaseFile(snapshot, 'quick_check'));
      checking.catch(() => undefined);
      const db = new Database(snapshot, { readonly: true });
      try {
        manifest = manifestOf(db, options.createdAt, options.appVersion);
      } finally {
        db.close();
      }
    }
    const database = source;
    const key = readFileSync(join(options.dataDir, KEY_FILE));

    const fileName = backupFileName(manifest.office.code, options.createdAt);
    const file = join(options.folder, fileName);
    partial = `${file}.partial`;

    const pack = tar().pack();
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    const packing = (async () => {
      pack.entry({ name: ARCHIVE_MANIFEST, mode: 0o600 }, manifestBytes);
      await databaseEntry(pack, database);
      pack.entry({ name: ARCHIVE_KEY, mode: 0o600 }, key);
      pack.finalize();
    })();
    packing.catch(() => undefined);

    const { header, fileKey } = await sealing;
    // Proof that the passphrase opens the header just made (scrypt again, in the thread pool while
    // the file is written), so reading the file back can use the file key it already knows.
    const headerOpens = openHeader(header, options.passphrase).then((opened) => {
      if (!opened.equals(fileKey)) throw new Error('the header does not give back its file key');
    });
    headerOpens.catch(() => undefined);
    let written = 0;
    const total =
      header.length + sealedPayloadSize(tarSize([manifestBytes.length, database.size, key.length]));
    const counted = Readable.from(sealAge(pack as AsyncIterable<Uint8Array>, header, fileKey)).on(
      'data',
      (chunk: Buffer) => {
        written += chunk.length;
        options.onProgress?.('write', written, total);
      },
    );
    const target = (
      options.openWrite ?? ((p) => createWriteStream(p, { flags: 'wx', mode: 0o600 }))
    )(partial);
    try {
      await pipeline(counted, target);
      await packing;
      await checking;
      syncFile(partial);
      renameSync(partial, file);
    } catch (error) {
      // Stop reading the database before it is released below.
      pack.destroy();
      await packing.catch(() => undefined);
      await checking.catch(() => undefined);
      if (error instanceof BackupFileError) throw error;
      throw targetProblem(options.folder, error);
    }
    partial = null;
    const expected = { manifestBytes, database, key, header, fileKey, headerOpens };
    return {
      file,
      fileName,
      sizeBytes: statSync(file).size,
      manifest,
      method: database.method,
      // The file itself is decrypted and compared with what went in, after which what went in is
      // let go (a held read transaction stops checkpoints); a copy elsewhere (a USB stick) only
      // needs to equal the file that passed, byte for byte, which costs no cipher.
      readBack: async (copy, onProgress) => {
        if (copy !== file) return compareCopy(file, copy, onProgress ?? options.onProgress);
        try {
          await readBack(copy, expected, onProgress ?? options.onProgress);
        } finally {
          release();
        }
      },
      dispose: release,
    };
  } catch (error) {
    release();
    throw error;
  } finally {
    if (partial) rmSync(partial, { force: true });
  }
}

/**
 * The chunks of `source`, reporting how far into the file they reach. (A 'data' listener would
 * switch the stream to flowing mode and lose the backpressure of the iteration.)
 */
async function* counted(
  source: AsyncIterable<Buffer>,
  start: number,
  total: number,
  report: (done: number) => void,
): AsyncGenerator<Buffer> {
  let done = start;
  for await (const chunk of source) {
    done += chunk.length;
    report(Math.min(done, total));
    yield chunk;
  }
}

/** Compares a stream with the first `size` bytes of an open file, without holding either whole. */
class FileComparer {
  private at = 0;
  private readonly buffer = Buffer.alloc(READ_BYTES);

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {}

  /** False as soon as `part` differs from the file's next bytes. */
  next(part: Buffer): boolean {
    if (this.at + part.length > this.size) return false;
    let offset = 0;
    while (offset < part.length) {
      const want = Math.min(this.buffer.length, part.length - offset);
      const n = readSync(this.fd, this.buffer, 0, want, this.at);
      if (n === 0 || !this.buffer.subarray(0, n).equals(part.subarray(offset, offset + n))) {
        return false;
      }
      this.at += n;
      offset += n;
    }
    return true;
  }

  /** True when all `size` bytes were matched. */
  end(): boolean {
    return this.at === this.size;
  }
}

/** A copy of a verified backup, read back from where it landed and compared with the original. */
async function compareCopy(
  original: string,
  copy: string,
  onProgress?: BackupProgress,
): Promise<void> {
  const fd = openSync(original, 'r');
  try {
    const total = fstatSync(fd).size;
    const comparer = new FileComparer(fd, total);
    const reading = counted(
      createReadStream(copy, { highWaterMark: READ_BYTES }),
      0,
      total,
      (done) => onProgress?.('verify', done, total),
    );
    for await (const part of reading) {
      if (!comparer.next(part)) {
        throw new BackupFileError(
          'mismatch',
          `The copy ${copy}, read back, differs from the backup it was copied from.`,
        );
      }
    }
    if (!comparer.end()) {
      throw new BackupFileError(
        'mismatch',
        `The copy ${copy}, read back, is shorter than the backup.`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The plaintext of an age passphrase file, streamed from the disk with progress in bytes read.
 * The header is checked first, so a wrong passphrase or a file that is not a passphrase file is
 * refused (with a reason) before anything is read; damage further on surfaces while reading.
 */
async function decrypted(
  file: string,
  passphrase: string,
  onProgress: BackupProgress | undefined,
): Promise<Readable> {
  let opened: { key: Buffer; payloadStart: number };
  try {
    opened = await openAgeHeader(file, passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof NotPassphraseFileError) {
      throw new BackupFileError(
        'not-a-backup',
        `The file ${file} cannot be opened with a passphrase: ${message}`,
      );
    }
    if (message.includes('no identity matched')) {
      throw new BackupFileError(
        'passphrase',
        `The passphrase does not open ${file}. Check it (it is the backup passphrase set in Settings when the backup was made).`,
      );
    }
    throw damaged(file, message);
  }
  const total = statSync(file).size;
  const sealed = counted(
    createReadStream(file, { start: opened.payloadStart, highWaterMark: READ_BYTES }),
    opened.payloadStart,
    total,
    (done) => onProgress?.('verify', done, total),
  );
  return Readable.from(openAgePayload(sealed, opened.key));
}

/**
 * The verification right after writing: decrypt the whole file as it lies on the disk (every chunk
 * is authenticated) and compare what comes out, part by part and byte by byte, with the manifest,
 * the database bytes it was made from (still held unchanged) and the key. Nothing is written to disk.
 */
async function readBack(
  file: string,
  expected: {
    manifestBytes: Buffer;
    database: DatabaseSource;
    key: Buffer;
    header: Buffer;
    fileKey: Buffer;
    headerOpens: Promise<void>;
  },
  onProgress?: BackupProgress,
): Promise<void> {
  const differs = (part: string) =>
    new BackupFileError(
      'mismatch',
      `The backup ${file}, read back, does not hold what was written (${part} differs).`,
    );
  try {
    await expected.headerOpens;
  } catch (error) {
    throw differs(
      `its header: the passphrase does not open it (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  // The header on the disk must be the one made and opened above; its file key then opens the
  // payload (the nonce after the header gives the payload key).
  const start = readStart(file, expected.header.length + NONCE_BYTES);
  if (!start.subarray(0, expected.header.length).equals(expected.header)) {
    throw differs('its header');
  }
  if (start.length < expected.header.length + NONCE_BYTES) {
    throw damaged(file, 'it ends right after its header');
  }
  const total = statSync(file).size;
  const plain = Readable.from(
    openAgePayload(
      counted(
        createReadStream(file, { start: start.length, highWaterMark: READ_BYTES }),
        start.length,
        total,
        (done) => onProgress?.('verify', done, total),
      ),
      payloadKey(expected.fileKey, start.subarray(expected.header.length)),
    ),
  );
  const extract = tar().extract();
  const feeding = pipeline(plain, extract);
  feeding.catch(() => undefined);
  const order = [ARCHIVE_MANIFEST, ARCHIVE_DATABASE, ARCHIVE_KEY];
  const comparer = new FileComparer(expected.database.fd, expected.database.size);
  try {
    for await (const entry of extract) {
      const name = order.shift();
      if (entry.header.name !== name) throw differs(`the archive's part ${name ?? 'list'}`);
      if (name === ARCHIVE_DATABASE) {
        for await (const part of entry) if (!comparer.next(part as Buffer)) throw differs(name);
        if (!comparer.end()) throw differs(name);
      } else {
        const bytes = await readAll(entry);
        if (!bytes.equals(name === ARCHIVE_MANIFEST ? expected.manifestBytes : expected.key)) {
          throw differs(name);
        }
      }
    }
    await feeding;
    if (order.length) throw differs(`the archive's part ${order[0] ?? ''}`);
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    throw damaged(file, error instanceof Error ? error.message : String(error));
  }
}

function readStart(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export interface OpenedBackup {
  manifest: BackupManifest;
  /** The database, unpacked into the scratch folder. */
  databaseFile: string;
  key: Buffer;
  /** The folder holding the unpacked parts; remove it when done. */
  workDir: string;
}

function damaged(file: string, detail: string): BackupFileError {
  return new BackupFileError(
    'damaged',
    `The backup ${file} is damaged or incomplete (${detail}): it cannot be used.`,
  );
}

/**
 * Decrypt and unpack a backup into a scratch folder: the manifest, the database file and the key.
 * Refuses, with a reason, anything that is not a whole, authentic GridDesk backup opened with the
 * right passphrase.
 */
export async function openBackup(
  file: string,
  passphrase: string,
  dataDir: string,
  onProgress?: BackupProgress,
): Promise<OpenedBackup> {
  if (!existsSync(file)) throw new BackupFileError('not-a-backup', `There is no file ${file}.`);
  if (!statSync(file).isFile()) throw new BackupFileError('not-a-backup', `${file} is not a file.`);
  const start = readStart(file, AGE_MAGIC.length);
  if (start.length === 0) {
    throw new BackupFileError('not-a-backup', `The file ${file} is empty: it is not a backup.`);
  }
  if (start.toString('latin1') !== AGE_MAGIC) {
    throw new BackupFileError(
      'not-a-backup',
      `The file ${file} is not a GridDesk backup (it is not an age-encrypted file).`,
    );
  }
  const workDir = join(scratchDir(dataDir), randomUUID());
  mkdirSync(workDir, { recursive: true });
  try {
    const plain = await decrypted(file, passphrase, onProgress);
    const parts = await unpack(file, plain, workDir);
    return { ...parts, workDir };
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

/** A small archive member (manifest, key) read whole. */
async function readAll(entry: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function unpack(
  file: string,
  plain: Readable,
  workDir: string,
): Promise<Omit<OpenedBackup, 'workDir'>> {
  const extract = tar().extract();
  let manifest: BackupManifest | null = null;
  let key: Buffer | null = null;
  let database: string | null = null;
  const feeding = pipeline(plain, extract);
  feeding.catch(() => undefined);
  const notBackup = (why: string) =>
    new BackupFileError('not-a-backup', `The file ${file} is not a GridDesk backup (${why}).`);
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (name === ARCHIVE_MANIFEST) {
        let parsed: unknown;
        try {
          parsed = JSON.parse((await readAll(entry)).toString('utf8'));
        } catch {
          throw notBackup('its manifest is not JSON');
        }
        const checked = backupManifest.safeParse(parsed);
        if (!checked.success) throw notBackup('its manifest does not describe a GridDesk backup');
        manifest = checked.data;
      } else if (name === ARCHIVE_DATABASE) {
        database = join(workDir, ARCHIVE_DATABASE);
        await pipeline(entry, createWriteStream(database));
      } else if (name === ARCHIVE_KEY) {
        key = await readAll(entry);
      } else {
        entry.resume();
      }
    }
    await feeding;
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // Decryption errors surface here: the payload is authenticated chunk by chunk.
    throw damaged(file, message);
  }
  if (!manifest) throw notBackup('it has no manifest.json');
  if (!database) throw notBackup('it has no database');
  if (!key) throw notBackup('it has no secret.key');
  return { manifest, databaseFile: database, key };
}

export interface VerifiedBackup {
  manifest: BackupManifest;
}

/**
 * Check an unpacked backup: a SQLite database that passes `PRAGMA integrity_check`, whose row
 * counts equal the manifest's, and a key of the right form.
 */
export async function checkOpenedBackup(file: string, opened: OpenedBackup): Promise<void> {
  const header = readStart(opened.databaseFile, 16).toString('latin1');
  if (header !== 'SQLite format 3\u0000') {
    throw new BackupFileError('mismatch', `The database inside ${file} is not a SQLite database.`);
  }
  const check = await checkDatabaseFile(opened.databaseFile, 'integrity_check');
  if (check !== 'ok') {
    throw new BackupFileError(
      'mismatch',
      `The database inside ${file} fails its integrity check (${check}).`,
    );
  }
  const db = new Database(opened.databaseFile, { readonly: true });
  try {
    const counts = countRows(db, Object.keys(opened.manifest.counts));
    for (const [table, expected] of Object.entries(opened.manifest.counts)) {
      if (counts[table] !== expected) {
        throw new BackupFileError(
          'mismatch',
          `The database inside ${file} does not match its manifest: ${table} has ${counts[table] ?? 'no'} rows, the manifest says ${expected}.`,
        );
      }
    }
  } finally {
    db.close();
  }
  if (Buffer.from(opened.key.toString('utf8').trim(), 'base64').length !== 32) {
    throw new BackupFileError('mismatch', `The key inside ${file} is damaged (wrong length).`);
  }
}

/** Decrypt, unpack and check a backup file; nothing is kept. */
export async function verifyBackupFile(
  file: string,
  passphrase: string,
  dataDir: string,
  onProgress?: BackupProgress,
): Promise<VerifiedBackup> {
  const opened = await openBackup(file, passphrase, dataDir, onProgress);
  try {
    onProgress?.('check', 0, 1);
    await checkOpenedBackup(file, opened);
    return { manifest: opened.manifest };
  } finally {
    rmSync(opened.workDir, { recursive: true, force: true });
  }
}
