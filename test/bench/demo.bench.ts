// Setup with the demo company: the wizard's one transaction, registry plus the company's past
// played through the services (a few hundred payments, readings, runs, day-ends). Beside it, the
// same setup without the demo, so the figure reads as "what the demo costs" on any machine.
import { openTestCore, SETUP } from '../helpers/core';
import { measure, printTable } from './harness';

async function setupOnce(loadDemo: boolean): Promise<void> {
  const t = openTestCore();
  try {
    await t.ok('setup.initialise', { ...SETUP, loadDemo });
  } finally {
    t.close();
  }
}

export async function benchDemo(): Promise<void> {
  const bare = await measure(() => setupOnce(false), 5, 1);
  const demo = await measure(() => setupOnce(true), 3, 1);
  printTable('Setup with the demo company (target: a few seconds)', [
    {
      name: 'setup.initialise with demo',
      figures: demo,
      baseline: { name: 'no demo', figures: bare },
    },
  ]);
}
