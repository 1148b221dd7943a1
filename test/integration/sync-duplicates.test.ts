// One person registered in two offices (docs/sync.md "Conflicts a person decides"): on import the
// registry's "same person" rule puts the pair on the review list, both customers stay, and a
// person records the decision.
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

describe('a customer registered in two offices', () => {
  it('lands on the review list at both, nothing dropped, and a person decides', async () => {
    const c = await company(['ABJ']);
    open = c.offices;
    const [lag, abj] = c.offices as [TestCore, TestCore];
    const a = { token: await login(lag) };
    const b = { token: await login(abj) };
    const reg = await seedRegistry(lag, a.token);
    importInto(abj, exportTo(lag, 'ABJ'));
    // Same name in the same village, phone only at one office: the same person by the rule.
    const atLag = await lag.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: reg.village.id },
      a,
    );
    const atAbj = await abj.ok(
      'customers.create',
      { firstName: 'AMINA', lastName: 'bello', villageId: reg.village.id, phone: '+2348031234567' },
      b,
    );
    // The same national ID under two names is one person too; another village's namesake is not.
    const idLag = await lag.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Ade', villageId: reg.village.id, nationalId: 'NIN-1' },
      a,
    );
    const idAbj = await abj.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Adeyemi', villageId: reg.other.id, nationalId: 'NIN-1' },
      b,
    );
    await abj.ok(
      'customers.create',
      { firstName: 'Ngozi', lastName: 'Obi', villageId: reg.other.id },
      b,
    );
    await lag.ok(
      'customers.create',
      { firstName: 'Ngozi', lastName: 'Obi', villageId: reg.village.id },
      a,
    );

    importInto(abj, exportTo(lag, 'ABJ'));
    importInto(lag, exportTo(abj, 'LAG'));
    for (const [t, call, pairs] of [
      [
        lag,
        a,
        [
          [atAbj.id, atLag.accountNumber],
          [idAbj.id, idLag.accountNumber],
        ],
      ],
      [
        abj,
        b,
        [
          [atLag.id, atAbj.accountNumber],
          [idLag.id, idAbj.accountNumber],
        ],
      ],
    ] as const) {
      const list = (await t.ok('sync.conflicts', {}, call)).rows;
      expect(list.map((r) => [r.kind, r.rowId])).toEqual(
        pairs.map(([id]) => ['duplicate-customer', id]),
      );
      list.forEach((r, i) => expect(r.detail).toContain(pairs[i]?.[1]));
      // Both rows of each pair are still here.
      const n = t.core.deps.raw
        .prepare('SELECT count(*) FROM customers WHERE id IN (?, ?, ?, ?) AND deleted_at IS NULL')
        .pluck()
        .get(atLag.id, atAbj.id, idLag.id, idAbj.id);
      expect(n).toBe(4);
    }
    const first = (await lag.ok('sync.conflicts', {}, a)).rows[0];
    const decided = await lag.ok(
      'sync.resolveConflict',
      { id: first?.id ?? '', resolution: 'Different people: mother and daughter' },
      a,
    );
    expect(decided.resolution).toBe('Different people: mother and daughter');
    expect((await lag.ok('sync.conflicts', {}, a)).rows).toHaveLength(1);
    // A second exchange brings nothing new to review.
    importInto(abj, exportTo(lag, 'ABJ'));
    expect((await abj.ok('sync.conflicts', {}, b)).rows).toHaveLength(2);
  }, 120_000);
});
