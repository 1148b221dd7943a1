// Backs up, or restores, until killed: run by test/integration/backup-crash.test.ts, which
// SIGKILLs this process at named points of a restore or at random moments of a backup.
//   backup DATA_DIR FOLDER            back up into FOLDER again and again
//   restore DATA_DIR FILE POINT       restore FILE over DATA_DIR, stopping dead at POINT
import { openCore } from '../../src/core/app';
import { restoreIntoDataFolder } from '../../src/core/backup/restore-run';
import { MIGRATIONS, TEST_SCRYPT } from './core';
import { PASSPHRASE } from './backup';

const [mode, dataDir, arg, point] = process.argv.slice(2);
if (!mode || !dataDir || !arg)
  throw new Error('usage: backup-crash-child MODE DATA_DIR ARG [POINT]');

const open = () =>
  openCore({
    dataDir,
    migrationsDir: MIGRATIONS,
    version: 'crash-test',
    scrypt: TEST_SCRYPT,
    backupScryptLogN: 10,
  });

function stopDead(): void {
  // Blocks the whole process (timers included) until the test's SIGKILL arrives.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  process.exit(3);
}

async function backupForever(folder: string): Promise<void> {
  const core = open();
  process.stdout.write('ready\n');
  for (;;) {
    const r = await core.dispatch('backups.run', { folder }, { door: 'cli' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
}

async function restoreUntil(file: string, at: string): Promise<void> {
  await restoreIntoDataFolder({
    dataDir: dataDir ?? '',
    file,
    passphrase: PASSPHRASE,
    migrationsDir: MIGRATIONS,
    replaceExisting: true,
    open,
    actor: { name: 'cli', userId: null },
    door: 'cli',
    nowIso: () => new Date().toISOString(),
    checkpoint: (name) => {
      process.stdout.write(`at:${name}\n`);
      if (name === at) stopDead();
    },
  });
  process.stdout.write('done\n');
  stopDead();
}

if (mode === 'backup') void backupForever(arg);
else void restoreUntil(arg, point ?? '');
