// Loads the generated demo company (src/domain/demo) into the registry tables.
import { formatAccountNumber } from '../../domain/account-number';
import { generateDemoCompany } from '../../domain/demo/generate';
import type { ServiceContext } from '../context';
import { clusters, customers, devices, miniGrids, villages } from '../db/schema';
import { nextCounter } from './counters';

/** Fixed so every demo looks the same: support staff can follow a user's screen by heart. */
const DEMO_SEED = 20261122;

export function loadDemoCompany(
  ctx: ServiceContext,
  opts: { officeId: string; officeCode: string; country: string },
) {
  const demo = generateDemoCompany({
    seed: DEMO_SEED,
    countryCode: opts.country,
    now: ctx.clock.nowIso(),
    newId: () => ctx.ids.newId(),
  });
  const base = { officeId: opts.officeId, createdAt: ctx.clock.nowIso() };
  for (const c of demo.clusters) {
    ctx.db
      .insert(clusters)
      .values({ ...base, id: c.id, name: c.name, updatedHlc: ctx.hlc.next() })
      .run();
  }
  for (const m of demo.miniGrids) {
    ctx.db
      .insert(miniGrids)
      .values({ ...base, ...m, updatedHlc: ctx.hlc.next() })
      .run();
  }
  for (const v of demo.villages) {
    ctx.db
      .insert(villages)
      .values({ ...base, ...v, updatedHlc: ctx.hlc.next() })
      .run();
  }
  for (const c of demo.customers) {
    const accountNumber = formatAccountNumber(
      opts.officeCode,
      nextCounter(ctx.db, 'account_number'),
    );
    ctx.db
      .insert(customers)
      .values({ ...c, officeId: opts.officeId, accountNumber, updatedHlc: ctx.hlc.next() })
      .run();
  }
  for (const d of demo.devices) {
    ctx.db
      .insert(devices)
      .values({
        ...d,
        officeId: opts.officeId,
        createdAt: d.installedAt ?? base.createdAt,
        updatedHlc: ctx.hlc.next(),
      })
      .run();
  }
  return {
    clusters: demo.clusters.length,
    miniGrids: demo.miniGrids.length,
    villages: demo.villages.length,
    customers: demo.customers.length,
    devices: demo.devices.length,
  };
}
