// `griddesk contracts overdue|par`, called in-process on a real core (the CLI's own function, as
// main.ts calls it): text and JSON answers on a small portfolio with one late contract, the
// door's local operator, and usage errors.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contractsCommand, ContractsUsageError } from '../../src/cli/contracts';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;

beforeEach(async () => {
  t = openTestCore();
  const { admin } = await setUpOffice(t);
  const seed = await seedRegistry(t, admin);
  const call = { token: admin };
  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id, phone: '08031234567' },
    call,
  );
  const tv = await t.ok(
    'appliances.create',
    { name: 'TV 32"', type: 'tv', priceMinor: 120_000 },
    call,
  );
  const sell = (firstDueDate: string) =>
    t.ok(
      'contracts.sell',
      {
        submissionKey: randomUUID(),
        customerId: customer.id,
        applianceId: tv.id,
        downPaymentMinor: 20_000,
        plan: { kind: 'instalments', instalmentCount: 4, frequency: 'monthly', firstDueDate },
      },
      call,
    );
  // Sold on 22 November 2026: 25,000.00 a month.
  await sell('2026-12-01');
  await sell('2027-02-01');
});
afterEach(() => t.close());

async function run(...args: string[]) {
  const lines: string[] = [];
  // The command closes the core it opened; the test keeps its own open for the next call.
  const code = await contractsCommand(
    () => ({ ...t.core, close: () => undefined }),
    args,
    (line) => lines.push(line),
  );
  return { code, lines };
}

describe('griddesk contracts', () => {
  it('lists overdue contracts as text and JSON', async () => {
    // The first contract owes 1 December and 1 January: 45 days late, 500.00 in arrears.
    const text = await run('overdue', '--as-of', '2027-01-15');
    expect(text.code).toBe(0);
    expect(text.lines[0]).toBe('Overdue on 2027-01-15: 1 contract(s), arrears 500.00 NGN');
    expect(text.lines[1]).toContain('LAG-C-000001');
    expect(text.lines[1]).toContain('45 days late');
    expect(text.lines[1]).toContain('+2348031234567');

    const json = await run('overdue', '--as-of', '2027-01-15', '--json');
    const envelope = JSON.parse(json.lines.join('\n')) as {
      ok: boolean;
      value: { rows: { number: string; daysLate: number; arrearsMinor: number }[] };
    };
    expect(envelope.ok).toBe(true);
    expect(envelope.value.rows).toEqual([
      expect.objectContaining({ number: 'LAG-C-000001', daysLate: 45, arrearsMinor: 50_000 }),
    ]);
    // Before the first due date nothing is late.
    expect((await run('overdue', '--as-of', '2026-12-01')).lines[0]).toContain('0 contract(s)');
  });

  it('prints PAR on a date', async () => {
    const text = await run('par', '--as-of', '2027-01-15');
    expect(text.code).toBe(0);
    // Outstanding 100,000 + 100,000; the first is 45 days late (1 December unpaid), so more
    // than 7 and 30 days; January's 25,000 fell due this month and nothing was collected.
    expect(text.lines).toEqual([
      'Portfolio on 2027-01-15: 2 active contract(s), outstanding 2,000.00 NGN',
      'PAR 7: 1,000.00 NGN (50.00%)',
      'PAR 30: 1,000.00 NGN (50.00%)',
      'PAR 90: 0.00 NGN (0.00%)',
      'Collection 2027-01-01 to 2027-01-15: 0.00 NGN of 250.00 NGN due (0.00%)',
      'Paid off: 0; written off: 0 (0.00 NGN); repossessed: 0',
    ]);
    const json = await run('par', '--as-of', '2027-01-15', '--json');
    expect(JSON.parse(json.lines.join('\n'))).toMatchObject({
      ok: true,
      value: { par: [{ days: 7, shareBp: 5000 }, { days: 30, shareBp: 5000 }, { days: 90 }] },
    });
  });

  it('refuses usage errors and bad dates', async () => {
    await expect(run('par')).rejects.toBeInstanceOf(ContractsUsageError);
    await expect(run('list')).rejects.toBeInstanceOf(ContractsUsageError);
    const bad = await run('par', '--as-of', '2027-02-30', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.lines.join('\n'))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});
