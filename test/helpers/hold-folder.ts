// A GridDesk that opens a data folder and then just runs, until killed. Run by
// test/integration/data-folder.test.ts, which kills it with SIGKILL to play a crash.
import { fixedClock } from '../../src/core/adapters/clock';
import { memoryLogger } from '../../src/core/adapters/log';
import { openCore } from '../../src/core/app';
import { MIGRATIONS, TEST_SCRYPT } from './core';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: hold-folder DATA_DIR');

openCore({
  dataDir,
  migrationsDir: MIGRATIONS,
  version: 'hold-test',
  scrypt: TEST_SCRYPT,
  clock: fixedClock('2026-11-22T07:45:00.000Z'),
  log: memoryLogger(),
  program: 'a GridDesk that will crash',
});
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);
