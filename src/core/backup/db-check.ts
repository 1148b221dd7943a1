// SQLite's own checks of a whole database file (`PRAGMA integrity_check`, `quick_check`), run on a
// worker thread. They read every page and take seconds on a large database (integrity_check about
// 10 s per GB): on the main thread that would stop every other command, the cashiers' included,
// for as long. The worker opens the file read-only with its own connection; the main thread only
// awaits the answer.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code, given as text (eval) so that it runs the same from the TypeScript sources
 * (tests, tsx) and from the bundled app and CLI, with no separate file for the bundler to place.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
const check = () => {
  try {
    return db.pragma(workerData.pragma + '(10)').map((row) => Object.values(row)[0]).join('; ');
  } catch (error) {
    // Damage bad enough that SQLite refuses to read on is an answer too, not a crash.
    return error instanceof Error ? error.message : String(error);
  }
};
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  if (workerData.hold) {
    // A read transaction, begun now and held through the check (see holdAndCheck).
    db.prepare('BEGIN').run();
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    parentPort.postMessage({ began: true });
    parentPort.once('message', (go) => {
      const result = go ? check() : 'not checked';
      db.close();
      parentPort.postMessage({ result });
    });
  } else {
    const result = check();
    db.close();
    parentPort.postMessage({ result });
  }
} catch (error) {
  if (db && db.open) db.close();
  parentPort.postMessage({ result: error instanceof Error ? error.message : String(error) });
}
`;

/** Where better-sqlite3 is, resolved here so the worker loads the very same module. */
function sqliteModule(): string {
  return unpackedModulePath(createRequire(__filename).resolve('better-sqlite3'), existsSync);
}

/**
 * In the installed app the resolved path lies inside `app.asar`, which only Electron's patched
 * `fs` can read; a worker thread must not depend on that patch. better-sqlite3 is unpacked whole
 * beside the archive (electron-builder.yml, asarUnpack; checked by test/unit/electron-builder),
 * so the worker loads the unpacked copy: same files, plain paths.
 */
export function unpackedModulePath(resolved: string, exists: (path: string) => boolean): string {
  const unpacked = resolved.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== resolved && exists(unpacked) ? unpacked : resolved;
}

function startWorker(
  file: string,
  pragma: 'integrity_check' | 'quick_check',
  hold: boolean,
  onBegan: () => void,
): { worker: Worker; result: Promise<string> } {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { module: sqliteModule(), file, pragma, hold },
  });
  const result = new Promise<string>((resolve, reject) => {
    let answered = false;
    worker.on('message', (message: { began?: true; result?: string }) => {
      if (message.began) return onBegan();
      answered = true;
      resolve(message.result ?? '');
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the database check stopped (exit code ${code})`));
    });
  });
  return { worker, result };
}

/** "ok", or SQLite's description of the first problems found (up to 10). */
export function checkDatabaseFile(
  file: string,
  pragma: 'integrity_check' | 'quick_check',
): Promise<string> {
  return startWorker(file, pragma, false, () => undefined).result;
}

/** A check of a live database, its read transaction already begun (see holdAndCheck). */
export interface HeldCheck {
  /** Run the check in the transaction begun (true), or end it unchecked (false). */
  proceed(go: boolean): void;
  /** "ok", SQLite's description of the problems found, or "not checked". */
  result: Promise<string>;
}

/**
 * Opens `file` on the worker and begins a read transaction there; resolves once it has begun,
 * so that the caller can make sure it reads the very same state (archive.ts) before letting the
 * check run in it. Resolves null when the worker could not begin (the caller takes another way).
 */
export function holdAndCheck(
  file: string,
  pragma: 'integrity_check' | 'quick_check',
): Promise<HeldCheck | null> {
  return new Promise((resolve) => {
    const started = startWorker(file, pragma, true, () =>
      resolve({
        proceed: (go) => started.worker.postMessage(go),
        result: started.result,
      }),
    );
    // An answer before the transaction began is a failure to open: no held check.
    started.result.then(
      () => resolve(null),
      () => resolve(null),
    );
  });
}
