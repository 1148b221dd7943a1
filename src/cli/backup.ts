// `griddesk backup [--to DIR]`, `griddesk backup verify FILE` and `griddesk restore FILE [--yes]`:
// argument parsing and messages only; the work is the core's (core/backup). Exit codes: 0 done,
// 1 refused with a message, 2 usage.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Core } from '../core/app';
import { DATABASE_FILE } from '../core/adapters/data-dir';
import { BackupFileError, verifyBackupFile } from '../core/backup/archive';
import { storedPassphrase } from '../core/backup/service';
import { RestoreRefusedError } from '../core/backup/restore';
import { restoreIntoDataFolder } from '../core/backup/restore-run';

export class BackupUsageError extends Error {}

export const PASSPHRASE_ENV = 'GRIDDESK_BACKUP_PASSPHRASE';

export interface BackupCliIo {
  out: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Asks for the passphrase on a terminal; null where there is none (scripts, CI). */
  prompt: (question: string) => Promise<string | null>;
}

/** A hidden prompt on the terminal (nothing is echoed), or null when stdin is not a terminal. */
export function terminalPrompt(question: string): Promise<string | null> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.resolve(null);
  // Raw mode (no echo, Ctrl-C as a key) before the prompt shows: what is typed or pasted the
  // moment it appears must not be echoed by the terminal, nor kill the program.
  stdin.setRawMode(true);
  process.stderr.write(question);
  return new Promise((resolve) => {
    let typed = '';
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish(typed);
          return;
        }
        if (ch === '\u0003') {
          finish(null);
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    const finish = (value: string | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(value);
    };
    stdin.on('data', onData);
  });
}

/**
 * The passphrase for opening `what`: the environment variable, else the one set in the data
 * folder's settings (when there is a data folder: `openCore`), else asked on the terminal.
 */
async function passphraseFor(
  io: BackupCliIo,
  openCore: (() => Core) | null,
  what: string,
): Promise<string | null> {
  const env = io.env[PASSPHRASE_ENV];
  if (env) return env;
  const stored = openCore ? storedIn(openCore()) : null;
  if (stored) return stored;
  return io.prompt(`Backup passphrase for ${what}: `);
}

function storedIn(core: Core): string | null {
  try {
    return storedPassphrase(core.deps);
  } finally {
    core.close();
  }
}

function noPassphrase(io: BackupCliIo): number {
  io.out(
    `No backup passphrase: set it in Settings > Backups, or give it in the ${PASSPHRASE_ENV} environment variable.`,
  );
  return 1;
}

export async function backupCommand(
  dataDir: string,
  args: string[],
  openCore: () => Core,
  io: BackupCliIo,
): Promise<number> {
  if (args[0] === 'verify') return verifyCommand(dataDir, args.slice(1), openCore, io);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { to: { type: 'string' } },
  });
  if (positionals.length > 0) {
    throw new BackupUsageError(`backup takes no argument "${positionals[0]}" (did you mean --to?)`);
  }
  if (!existsSync(join(dataDir, DATABASE_FILE))) {
    io.out(`There is no GridDesk database in ${dataDir}: nothing to back up.`);
    return 1;
  }
  const core = openCore();
  try {
    const passphrase = io.env[PASSPHRASE_ENV];
    const envelope = await core.dispatch(
      'backups.run',
      {
        reason: 'cli',
        ...(values.to !== undefined ? { folder: values.to } : {}),
        ...(passphrase ? { passphrase } : {}),
      },
      { door: 'cli' },
    );
    if (!envelope.ok) {
      io.out(envelope.error.message);
      return 1;
    }
    const run = envelope.value as {
      ok: boolean;
      results: { folder: string; ok: boolean; file: string | null; message: string | null }[];
    };
    for (const r of run.results) {
      io.out(
        r.ok ? `Backup written and verified: ${r.file}` : (r.message ?? `Failed: ${r.folder}`),
      );
    }
    return run.ok ? 0 : 1;
  } finally {
    core.close();
  }
}

async function verifyCommand(
  dataDir: string,
  args: string[],
  openCore: () => Core,
  io: BackupCliIo,
): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file, ...rest] = positionals;
  if (!file || rest.length > 0) throw new BackupUsageError('backup verify needs one FILE');
  const hasData = existsSync(join(dataDir, DATABASE_FILE));
  const passphrase = await passphraseFor(io, hasData ? openCore : null, file);
  if (!passphrase) return noPassphrase(io);
  // Verifying needs scratch space for the unpacked database; a temporary folder when this PC has
  // no GridDesk data folder (a support laptop checking an old USB stick).
  const scratch = hasData ? dataDir : mkdtempSync(join(tmpdir(), 'griddesk-verify-'));
  try {
    const { manifest } = await verifyBackupFile(file, passphrase, scratch);
    io.out(`The backup ${file} is good.`);
    io.out(
      `Office ${manifest.office.code} (${manifest.office.name}) of ${manifest.companyName}, taken ${manifest.createdAt} by GridDesk ${manifest.appVersion}.`,
    );
    io.out(
      Object.entries(manifest.counts)
        .map(([table, n]) => `${table} ${n}`)
        .join(', '),
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupFileError) {
      io.out(error.message);
      return 1;
    }
    throw error;
  } finally {
    if (!hasData) rmSync(scratch, { recursive: true, force: true });
  }
}

export async function restoreCommand(
  dataDir: string,
  args: string[],
  options: { openCore: () => Core; migrationsDir: string; nowIso: () => string },
  io: BackupCliIo,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { yes: { type: 'boolean', default: false } },
  });
  const [file, ...rest] = positionals;
  if (!file || rest.length > 0) throw new BackupUsageError('restore needs one FILE');
  const hasData = existsSync(join(dataDir, DATABASE_FILE));
  if (hasData && !values.yes) {
    io.out(
      `The data folder ${dataDir} already holds a GridDesk database. Restoring over it replaces it (it is kept as an undo point): confirm with --yes. Nothing was changed.`,
    );
    return 1;
  }
  const passphrase = await passphraseFor(io, hasData ? options.openCore : null, file);
  if (!passphrase) return noPassphrase(io);
  try {
    const report = await restoreIntoDataFolder({
      dataDir,
      file,
      passphrase,
      migrationsDir: options.migrationsDir,
      replaceExisting: values.yes,
      open: options.openCore,
      actor: { name: 'cli', userId: null },
      door: 'cli',
      nowIso: options.nowIso,
    });
    io.out(
      `Restored ${file} (office ${report.office}, taken ${report.backupTakenAt}) into ${dataDir}.`,
    );
    if (report.undoPoint) io.out(`The data it replaced is kept in ${report.undoPoint}.`);
    if (report.raised.length > 0) {
      io.out(
        `OpenPAYGO devices whose counts may have been behind (tokens issued after the backup): counts raised so the next token is accepted:`,
      );
      for (const r of report.raised) io.out(`  ${r.serial}: ${r.from} -> ${r.to}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof BackupFileError || error instanceof RestoreRefusedError) {
      io.out(error.message);
      return 1;
    }
    throw error;
  }
}
