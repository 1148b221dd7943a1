// A small site tree, a model catalog and helpers for registry tests.
import type { TestCore } from './core';

export async function seedRegistry(t: TestCore, token: string) {
  const call = { token };
  const cluster = await t.ok('sites.createCluster', { name: 'Niger State' }, call);
  const grid = await t.ok(
    'sites.createMiniGrid',
    { clusterId: cluster.id, name: 'Bakin Kogi', code: 'BKG' },
    call,
  );
  const grid2 = await t.ok(
    'sites.createMiniGrid',
    { clusterId: cluster.id, name: 'Tungan Mallam', code: 'TML' },
    call,
  );
  const village = await t.ok(
    'sites.createVillage',
    { miniGridId: grid.id, name: 'Kogi North' },
    call,
  );
  const village2 = await t.ok(
    'sites.createVillage',
    { miniGridId: grid2.id, name: 'Kogi North' },
    call,
  );
  const other = await t.ok('sites.createVillage', { miniGridId: grid2.id, name: 'Gada' }, call);
  const solarCo = await t.ok('manufacturers.create', { name: 'Lumvara' }, call);
  const chint = await t.ok('manufacturers.create', { name: 'CHINT' }, call);
  const shs = await t.ok(
    'models.create',
    { manufacturerId: solarCo.id, name: 'Home 200', kind: 'shs', tokenScheme: 'openpaygo' },
    call,
  );
  const meter = await t.ok(
    'models.create',
    {
      manufacturerId: chint.id,
      name: 'DDSU666',
      kind: 'meter',
      tokenScheme: 'none',
      meterProfile: 'chint-ddsu666',
    },
    call,
  );
  return { cluster, grid, grid2, village, village2, other, solarCo, chint, shs, meter };
}
