// A long job that stops dead at a chosen moment, for the parent test to SIGKILL it there:
// `long-job-child DATA_DIR import CSV_FILE PHASE DONE` runs a customer import and freezes when its
// progress reaches PHASE/DONE; `long-job-child DATA_DIR billing GRID_ID PERIOD` runs billing and
// freezes when the first slice of draft invoices is written. It prints "stopped" first, then spins
// (no more JavaScript runs, so nothing more is written). Run by test/integration/long-jobs-crash.test.ts.
import { readFileSync, writeSync } from 'node:fs';
import { openCore } from '../../src/core/app';
import type { ProgressEvent } from '../../src/core/events';
import { fixedClock } from '../../src/core/adapters/clock';
import { MIGRATIONS, TEST_SCRYPT } from './core';

const [dataDir, job, arg1, arg2, arg3] = process.argv.slice(2);
if (!dataDir || !job || !arg1 || !arg2) throw new Error('usage: see the header');

const core = openCore({
  dataDir,
  migrationsDir: MIGRATIONS,
  version: 'crash-test',
  scrypt: TEST_SCRYPT,
  clock: fixedClock('2026-11-22T08:00:00.000Z'),
});

function freeze(): never {
  writeSync(1, 'stopped\n');
  for (;;) {
    // Spin until killed: the job cannot take another step.
  }
}

if (job === 'import') {
  const [phase, done] = [arg2, Number(arg3)];
  core.deps.events.subscribe((e: ProgressEvent) => {
    if (e.phase === phase && e.done === done) freeze();
  });
  void core.dispatch(
    'imports.run',
    {
      kind: 'customers',
      fileName: 'big.csv',
      contentBase64: readFileSync(arg1).toString('base64'),
      operationId: 'crash-import',
    },
    { door: 'cli' },
  );
} else {
  // The run row and its writing mark commit first; freeze once draft invoices start to appear.
  const count = core.deps.raw
    .prepare("SELECT count(*) FROM invoices WHERE status = 'draft'")
    .pluck();
  const timer = setInterval(() => {
    if ((count.get() as number) > 0) freeze();
  }, 0);
  void core
    .dispatch('billing.run', { miniGridIds: [arg1], period: arg2 }, { door: 'cli' })
    .then(() => {
      clearInterval(timer);
      writeSync(1, 'finished\n');
    });
}
