// Sales agents on appliance contracts and the portfolio broken down by product, village and agent
// (docs/appliances.md, "Agents" and "Lists and figures"), on a real temporary database: the agent
// kept at the sale, corrected with a reason, the lists filtered by agent and village, and the
// breakdowns written out by hand for a small portfolio, on screen and on the printed portfolio.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, snapshot, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const DAY = 86_400_000;

let t: TestCore;
let admin: string;
let cashier: string;
let clerk: string;
let seed: Awaited<ReturnType<typeof seedRegistry>>;
let fridgeId: string;

beforeEach(async () => {
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  await t.ok(
    'users.create',
    {
      username: 'carl',
      displayName: 'Carl Clerk',
      role: 'clerk',
      password: 'carl pass 1',
      passwordConfirm: 'carl pass 1',
    },
    { token: admin },
  );
  clerk = (await t.ok('auth.login', { username: 'carl', password: 'carl pass 1' })).token;
  seed = await seedRegistry(t, admin);
  fridgeId = (
    await t.ok(
      'appliances.create',
      { name: 'Solar fridge', type: 'fridge', priceMinor: 500_000 },
      { token: admin },
    )
  ).id;
});
afterEach(() => t.close());

async function customer(firstName: string, villageId: string): Promise<string> {
  return (
    await t.ok('customers.create', { firstName, lastName: 'Test', villageId }, { token: admin })
  ).id;
}

/** A fridge: 5,000.00 with 1,000.00 down, four weekly instalments of 1,000.00 from 29 Nov. */
function sellFridge(customerId: string, agent: string | null) {
  return t.ok(
    'contracts.sell',
    {
      submissionKey: randomUUID(),
      customerId,
      applianceId: fridgeId,
      downPaymentMinor: 100_000,
      method: 'cash',
      plan: {
        kind: 'instalments',
        instalmentCount: 4,
        frequency: 'weekly',
        firstDueDate: '2026-11-29',
      },
      agent,
    } as never,
    { token: clerk },
  );
}

describe('sales agents and the portfolio by product, village and agent', () => {
  it('keeps the agent, filters the lists, breaks the figures down and prints them', async () => {
    const amina = await customer('Amina', seed.village.id);
    const bala = await customer('Bala', seed.village2.id);
    // The clerk's typing is tidied: one agent is one name on the lists.
    const c1 = await sellFridge(amina, '  Musa   Ibrahim ');
    const c2 = await sellFridge(bala, null);
    const c3 = await sellFridge(amina, 'Musa Ibrahim');
    expect(c1.contract.agent).toBe('Musa Ibrahim');
    expect(c2.contract.agent).toBeNull();
    const manager = admin;
    await t.ok(
      'contracts.writeOff',
      { contractId: c3.contract.id, reason: 'left' },
      { token: manager },
    );

    // 40 days later (1 Jan 2027) C1 pays one instalment: its oldest unpaid is 6 Dec, 26 days
    // late; C2 paid nothing since 29 Nov, 33 days late.
    t.clock.advance(40 * DAY);
    cashier = (await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' })).token;
    clerk = (await t.ok('auth.login', { username: 'carl', password: 'carl pass 1' })).token;
    const boss = (await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' }))
      .token;
    await t.ok(
      'contracts.pay',
      {
        submissionKey: randomUUID(),
        contractId: c1.contract.id,
        amountMinor: 100_000,
        method: 'cash',
      },
      { token: cashier },
    );

    const overdue = (input: Record<string, unknown>) =>
      t.ok('contracts.overdue', input, { token: boss });
    expect((await overdue({})).rows.map((r) => [r.number, r.agent, r.daysLate])).toEqual([
      [c2.contract.number, null, 33],
      [c1.contract.number, 'Musa Ibrahim', 26],
    ]);
    expect((await overdue({ agent: 'Musa Ibrahim' })).rows.map((r) => r.number)).toEqual([
      c1.contract.number,
    ]);
    // '' is "sold at the office".
    expect((await overdue({ agent: '' })).rows.map((r) => r.number)).toEqual([c2.contract.number]);
    expect((await overdue({ agent: 'Nobody' })).total).toBe(0);
    expect(
      (await overdue({ villageId: seed.village2.id, agent: '' })).rows.map((r) => r.number),
    ).toEqual([c2.contract.number]);
    // Due within a week from 1 Jan: nothing (the last instalments fell due in December).
    expect((await overdue({ dueWithinDays: 6, agent: 'Musa Ibrahim' })).total).toBe(0);

    const p = await t.ok('contracts.portfolio', {}, { token: boss });
    // Outstanding 3,000.00 (C1) + 4,000.00 (C2); PAR7 both, PAR30 C2 only.
    expect(p).toMatchObject({
      activeContracts: 2,
      outstandingMinor: 700_000,
      par: [
        { days: 7, atRiskMinor: 700_000, shareBp: 10_000 },
        { days: 30, atRiskMinor: 400_000, shareBp: 5_714 },
        { days: 90, atRiskMinor: 0, shareBp: 0 },
      ],
      collection: { dueMinor: 0, collectedMinor: 100_000, shareBp: null },
      writtenOff: { count: 1, amountMinor: 400_000 },
    });
    const brief = (rows: typeof p.byAgent) =>
      rows.map((g) => [
        g.name,
        g.activeContracts,
        g.outstandingMinor,
        g.par.map((f) => f.atRiskMinor),
        g.collection.collectedMinor,
        g.writtenOff.count,
      ]);
    expect(brief(p.byAgent)).toEqual([
      [null, 1, 400_000, [400_000, 400_000, 0], 0, 0],
      ['Musa Ibrahim', 1, 300_000, [300_000, 0, 0], 100_000, 1],
    ]);
    expect(brief(p.byVillage)).toEqual([
      [`${seed.village2.name} (${seed.grid2.name})`, 1, 400_000, [400_000, 400_000, 0], 0, 0],
      [`${seed.village.name} (${seed.grid.name})`, 1, 300_000, [300_000, 0, 0], 100_000, 1],
    ]);
    expect(brief(p.byProduct)).toEqual([
      ['Solar fridge', 2, 700_000, [700_000, 400_000, 0], 100_000, 1],
    ]);

    // The agent is corrected with a reason, kept in the history and the audit log.
    const before = snapshot(t.core);
    const same = await t.call(
      'contracts.setAgent',
      { contractId: c1.contract.id, agent: 'Musa Ibrahim', reason: 'typo' },
      { token: clerk },
    );
    expect(same.ok).toBe(false);
    expect(JSON.stringify(same)).toContain('"field":"agent"');
    const noReason = await t.call(
      'contracts.setAgent',
      { contractId: c1.contract.id, agent: 'Ada Okafor', reason: '' },
      { token: clerk },
    );
    expect(JSON.stringify(noReason)).toContain('"field":"reason"');
    const byCashier = await t.call(
      'contracts.setAgent',
      { contractId: c1.contract.id, agent: 'Ada Okafor', reason: 'her sale' },
      { token: cashier },
    );
    expect(byCashier.ok).toBe(false);
    expect(snapshot(t.core)).toBe(before);
    const changed = await t.ok(
      'contracts.setAgent',
      { contractId: c2.contract.id, agent: 'Ada Okafor', reason: 'she made the sale' },
      { token: clerk },
    );
    expect(changed.contract.agent).toBe('Ada Okafor');
    const history = await t.ok('contracts.get', { id: c2.contract.id }, { token: clerk });
    expect(history.events.at(-1)).toMatchObject({
      event: 'agent_changed',
      note: 'the office -> Ada Okafor: she made the sale',
    });
    expect(
      t.core.deps.raw
        .prepare("SELECT summary FROM audit_log WHERE command = 'contracts.setAgent'")
        .pluck()
        .all(),
    ).toEqual([
      `Changed the agent of contract ${c2.contract.number} (the office -> Ada Okafor): she made the sale`,
    ]);
    expect((await t.ok('contracts.agents', {}, { token: cashier })).rows).toEqual([
      { agent: 'Ada Okafor', activeContracts: 1 },
      { agent: 'Musa Ibrahim', activeContracts: 1 },
    ]);

    const printed = await t.ok('contracts.portfolioPdf', {}, { token: boss });
    expect(printed.fileName).toBe('portfolio-2027-01-01.pdf');
    const dir = tempDir();
    try {
      const file = join(dir.path, printed.fileName);
      writeFileSync(file, Buffer.from(printed.pdfBase64, 'base64'));
      const run = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const text = run.stdout;
      for (const expected of [
        'CONTRACT PORTFOLIO',
        '01 Jan 2027',
        'By product',
        'By village',
        'By agent',
        'Ada Okafor',
        'Musa Ibrahim',
        `${seed.village2.name} (${seed.grid2.name})`,
        '7,000.00',
        '57.1 %',
      ]) {
        expect(text).toContain(expected);
      }
    } finally {
      dir.remove();
    }
  });
});
