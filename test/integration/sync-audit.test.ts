// The audit log travels (docs/sync.md "The audit log"): each installation writes its own hash
// chain, other offices' entries arrive by union, and `audit.verify` walks each chain on its own,
// so they do not read as breaks, while an entry changed or removed after it arrived still shows.
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { company, exportTo, importInto } from '../helpers/sync';

let open: TestCore[] = [];
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

const login = async (t: TestCore) =>
  (await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' })).token;

const entriesOf = (t: TestCore, code: string) =>
  t.core.deps.raw
    .prepare(
      'SELECT count(*) FROM audit_log WHERE office_id = (SELECT id FROM offices WHERE code = ?)',
    )
    .pluck()
    .get(code) as number;

describe('audit entries between offices', () => {
  it('travel both ways, verify per office, and a tampered imported entry is found', async () => {
    const c = await company(['ABJ']);
    open = c.offices;
    const [lag, abj] = c.offices as [TestCore, TestCore];
    const tokenA = await login(lag);
    const tokenB = await login(abj);
    const reg = await seedRegistry(lag, tokenA);
    importInto(abj, exportTo(lag, 'ABJ'));
    // Both offices write while apart, so their entries interleave at each end.
    for (const [t, token, name] of [
      [lag, tokenA, 'Amina'],
      [abj, tokenB, 'Musa'],
      [lag, tokenA, 'Ngozi'],
    ] as const) {
      await t.ok(
        'customers.create',
        { firstName: name, lastName: 'Bello', villageId: reg.village.id },
        { token },
      );
    }
    importInto(abj, exportTo(lag, 'ABJ'));
    importInto(lag, exportTo(abj, 'LAG'));
    const lagAtLag = entriesOf(lag, 'LAG');
    expect(entriesOf(abj, 'LAG')).toBe(lagAtLag);
    expect(entriesOf(lag, 'ABJ')).toBe(entriesOf(abj, 'ABJ'));
    expect(entriesOf(lag, 'ABJ')).toBeGreaterThan(0);
    for (const [t, token] of [
      [lag, tokenA],
      [abj, tokenB],
    ] as const) {
      const result = await t.ok('audit.verify', {}, { token });
      expect(result).toMatchObject({ ok: true, problems: [] });
      expect(result.checked).toBe(entriesOf(t, 'LAG') + entriesOf(t, 'ABJ'));
    }
    // This office keeps writing its own chain after the other's entries arrived.
    await abj.ok(
      'customers.create',
      { firstName: 'Bisi', lastName: 'Ade', villageId: reg.village.id },
      { token: tokenB },
    );
    expect((await abj.ok('audit.verify', {}, { token: tokenB })).ok).toBe(true);

    // Someone edits one of LAG's entries in ABJ's database.
    const raw = abj.core.deps.raw;
    const victim = raw
      .prepare(
        "SELECT chain_seq FROM audit_log WHERE summary LIKE '%Ngozi%' AND office_id = (SELECT id FROM offices WHERE code = 'LAG')",
      )
      .pluck()
      .get() as number;
    expect(victim).toBeGreaterThan(1);
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    raw
      .prepare(
        "UPDATE audit_log SET summary = 'Nothing happened' WHERE chain_seq = ? AND office_id = (SELECT id FROM offices WHERE code = 'LAG')",
      )
      .run(victim);
    expect(await abj.ok('audit.verify', {}, { token: tokenB })).toMatchObject({
      ok: false,
      problems: [
        { seq: victim, reason: `entry ${victim} of office LAG was changed after it was written` },
      ],
    });
    // And removes one: the gap in LAG's chain shows, ABJ's own chain is still whole.
    raw
      .prepare(
        "DELETE FROM audit_log WHERE chain_seq = ? AND office_id = (SELECT id FROM offices WHERE code = 'LAG')",
      )
      .run(victim - 1);
    expect((await abj.ok('audit.verify', {}, { token: tokenB })).problems).toEqual([
      {
        seq: victim - 1,
        reason: `entry ${victim - 1} of office LAG is missing (next entry found is ${victim})`,
      },
      { seq: victim, reason: `entry ${victim} of office LAG was changed after it was written` },
    ]);
  }, 120_000);
});
