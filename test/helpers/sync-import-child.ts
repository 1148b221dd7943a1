// A sync import that stops dead halfway, for the parent test to SIGKILL it there:
// `sync-import-child DATA_DIR BUNDLE_FILE N` runs sync.import of the file and freezes when the
// Nth change is being written into the log (inside the import's one transaction). It prints
// "stopped" first, then spins. Run by test/integration/sync-crash.test.ts.
import { writeSync } from 'node:fs';
import { openCore } from '../../src/core/app';
import { fixedClock } from '../../src/core/adapters/clock';
import { MIGRATIONS, TEST_SCRYPT } from './core';

const [dataDir, file, n] = process.argv.slice(2);
if (!dataDir || !file || !n) throw new Error('usage: see the header');

const core = openCore({
  dataDir,
  migrationsDir: MIGRATIONS,
  version: '0.0.0-test',
  scrypt: TEST_SCRYPT,
  backupScryptLogN: 10,
  clock: fixedClock('2026-11-22T08:00:00.000Z'),
});

let seen = 0;
core.deps.raw.function('test_freeze_point', () => {
  seen += 1;
  if (seen >= Number(n)) {
    writeSync(1, 'stopped\n');
    for (;;) {
      // Spin until killed: the transaction cannot take another step.
    }
  }
  return 0;
});
core.deps.raw.exec(
  'CREATE TEMP TRIGGER test_freeze AFTER INSERT ON main.sync_changes BEGIN SELECT test_freeze_point(); END',
);
void core.dispatch('sync.import', { file }, { door: 'cli' }).then((r) => {
  writeSync(1, `finished ${JSON.stringify(r)}\n`);
});
