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
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const rows = db.pragma(workerData.pragma + '(10)').map((row) => Object.values(row)[0]);
  parentPort.postMessage(rows.join('; '));
} catch (error) {
  // Damage bad enough that SQLite refuses to read on is an answer too, not a crash.
  parentPort.postMessage(error instanceof Error ? error.message : String(error));
} finally {
  if (db) db.close();
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

/** "ok", or SQLite's description of the first problems found (up to 10). */
export function checkDatabaseFile(
  file: string,
  pragma: 'integrity_check' | 'quick_check',
): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { module: sqliteModule(), file, pragma },
    });
    let answered = false;
    worker.once('message', (result: string) => {
      answered = true;
      resolve(result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the database check stopped (exit code ${code})`));
    });
  });
}
