// A cashier who never stops: records payments for one device as fast as possible until killed.
// Run by test/integration/payments-crash.test.ts, which SIGKILLs this process at random moments.
import { randomUUID } from 'node:crypto';
import { openCore } from '../../src/core/app';
import { MIGRATIONS, TEST_SCRYPT } from './core';

const [dataDir, deviceId] = process.argv.slice(2);
if (!dataDir || !deviceId) throw new Error('usage: payment-burst DATA_DIR DEVICE_ID');

const core = openCore({
  dataDir,
  migrationsDir: MIGRATIONS,
  version: 'crash-test',
  scrypt: TEST_SCRYPT,
});
process.stdout.write('ready\n');

async function burst(): Promise<void> {
  for (;;) {
    const result = await core.dispatch(
      'payments.record',
      {
        submissionKey: randomUUID(),
        deviceId,
        amountMinor: 300 + Math.floor(Math.random() * 2000),
        method: 'cash',
      },
      { door: 'cli' },
    );
    if (!result.ok) {
      // Too many unentered tokens: confirm them all, as the cashier would, and go on.
      const tokens = core.deps.raw
        .prepare(
          'SELECT id FROM tokens t WHERE device_id = ? AND NOT EXISTS (SELECT 1 FROM token_confirmations c WHERE c.token_id = t.id)',
        )
        .pluck()
        .all(deviceId) as string[];
      if (tokens.length === 0) throw new Error(JSON.stringify(result.error));
      const confirmed = await core.dispatch(
        'tokens.confirmEntered',
        { tokenIds: tokens },
        { door: 'cli' },
      );
      if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.error));
    }
  }
}

void burst();
