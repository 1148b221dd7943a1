// A cashier in a process of its own, selling on command: reads "sell N" lines on stdin, records N
// payments for one device through the core (confirming the tokens as the customer types them, so
// the device never reaches its limit of tokens not entered) and answers "sold N" when they are
// committed. Run by test/integration/backup-live.test.ts, which backs the same data folder up
// from its own connection meanwhile.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { openTestCore } from './core';

const [dataDir, deviceId] = process.argv.slice(2);
if (!dataDir || !deviceId) throw new Error('usage: cashier-child DATA_DIR DEVICE_ID');

const t = openTestCore(dataDir);

async function sell(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const sale = await t.ok(
      'payments.record',
      { submissionKey: randomUUID(), deviceId: deviceId ?? '', amountMinor: 700, method: 'cash' },
      { door: 'cli' },
    );
    const tokenIds = sale.tokens.map((token) => token.id);
    if (tokenIds.length > 0) await t.ok('tokens.confirmEntered', { tokenIds }, { door: 'cli' });
  }
}

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  const [verb, count] = line.split(' ');
  if (verb === 'quit') {
    queue = queue.then(() => {
      t.close();
      process.exit(0);
    });
    return;
  }
  queue = queue.then(async () => {
    await sell(Number(count));
    process.stdout.write(`sold ${count}\n`);
  });
});
process.stdout.write('ready\n');
