// Bundles between offices (docs/sync.md): join, export, import, per-column last writer wins,
// and every way a bundle is refused with nothing applied.
import { afterEach, describe, expect, it } from 'vitest';
import { snapshot, type TestCore } from '../helpers/core';
import { company, exportTo, importInto } from '../helpers/sync';
import { seedRegistry } from '../helpers/registry';

let open: TestCore[] = [];
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

async function login(t: TestCore) {
  return (await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' })).token;
}

describe('sync between offices', () => {
  it('a joined office holds the company, and customers travel both ways', async () => {
    const { offices } = await company(['ABJ']);
    open = offices;
    const [lag, abj] = offices as [TestCore, TestCore];
    const tokenA = await login(lag);
    const tokenB = await login(abj);
    const reg = await seedRegistry(lag, tokenA);
    // The registry made after the join travels in the next bundle.
    importInto(abj, exportTo(lag, 'ABJ'));
    const c1 = await lag.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: reg.village.id },
      { token: tokenA },
    );
    const c2 = await abj.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Ade', villageId: reg.village.id },
      { token: tokenB },
    );
    expect(c2.accountNumber.startsWith('ABJ')).toBe(true);
    importInto(abj, exportTo(lag, 'ABJ'));
    importInto(lag, exportTo(abj, 'LAG'));
    expect(
      (await abj.ok('customers.get', { id: c1.id }, { token: tokenB })).customer.firstName,
    ).toBe('Amina');
    expect(
      (await lag.ok('customers.get', { id: c2.id }, { token: tokenA })).customer.firstName,
    ).toBe('Musa');
  });
});
