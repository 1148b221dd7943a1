// Start-up at office scale (issue 16): from opening a data folder of 100,000 customers and
// 2,000,000 payments to the first answer, after a clean shutdown and after a crash (a real
// SIGKILL of a GridDesk holding the folder), beside SQLite's own quick_check of the same file.
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/core/adapters/data-dir';
import { openTestCore, tempDir } from '../helpers/core';
import { buildDatabase } from './backup.bench';

const HOLD = resolve(__dirname, '../helpers/hold-folder.ts');
const CUSTOMERS = 100_000;
const PAYMENTS = 2_000_000;
const ROUNDS = 3;

/** Seconds from opening the core to the answer of its first command. */
async function firstAnswer(dataDir: string): Promise<number> {
  const start = performance.now();
  const t = openTestCore(dataDir);
  const status = await t.core.dispatch('setup.status', {}, { door: 'cli' });
  const seconds = (performance.now() - start) / 1000;
  if (!status.ok) throw new Error(JSON.stringify(status.error));
  t.close();
  return seconds;
}

/** A GridDesk opens the folder and is killed with SIGKILL: the next start follows a crash. */
async function crashHolder(dataDir: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLD, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (c: Buffer) => {
      if (c.toString('utf8').includes('ready')) ready();
    });
    child.once('exit', (code) => fail(new Error(`the holder stopped early (${code})`)));
  });
  const gone = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await gone;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const s = (x: number) => `${x.toFixed(2)} s`;

export async function benchStartup(): Promise<void> {
  const dir = tempDir('griddesk-bench-startup-');
  try {
    const begin = performance.now();
    const from = process.env.GRIDDESK_BENCH_STARTUP_FROM;
    let file = join(dir.path, DATABASE_FILE);
    if (from) {
      // A data folder built by an earlier run (kept while working on start-up: building takes minutes).
      cpSync(from, dir.path, { recursive: true });
    } else {
      file = await buildDatabase(dir.path, CUSTOMERS, PAYMENTS);
      // The rows written directly carry a placeholder stamp; the clock resumes after the newest.
      const db = new Database(file);
      db.prepare("UPDATE customers SET updated_hlc = ? WHERE updated_hlc = 'h'").run(
        '000001735689600000-0000-LAG',
      );
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    }
    process.stdout.write(
      `\nStart-up at ${CUSTOMERS.toLocaleString('en')} customers / ${PAYMENTS.toLocaleString('en')} payments ` +
        `(set up in ${((performance.now() - begin) / 1000).toFixed(1)} s)\n`,
    );
    // Baseline: SQLite's quick_check of the same file, alone.
    const quick: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const start = performance.now();
      const db = new Database(file, { readonly: true });
      db.pragma('quick_check');
      db.close();
      quick.push((performance.now() - start) / 1000);
    }
    const clean: number[] = [];
    for (let i = 0; i < ROUNDS; i++) clean.push(await firstAnswer(dir.path));
    const crashed: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await crashHolder(dir.path);
      crashed.push(await firstAnswer(dir.path));
    }
    const after = await firstAnswer(dir.path);
    process.stdout.write(
      `  PRAGMA quick_check alone            ${s(median(quick))}  (baseline)\n` +
        `  first answer after a clean shutdown ${s(median(clean))}  (target < 1 s; before issue 16 every start ran the full check: about a crash start below)\n` +
        `  first answer after a crash (SIGKILL) ${s(median(crashed))}  (a full check: expected about quick_check + the clean start)\n` +
        `  the start after that one             ${s(after)}  (clean again)\n`,
    );
  } finally {
    dir.remove();
  }
}
