// Loads the generated demo company (src/domain/demo) into the registry: sites, customers,
// manufacturers and models, devices with their history, and OpenPAYGO credentials for the solar
// home systems and e-bikes (demo keys from a fixed seed: never real devices' keys).
import { formatAccountNumber } from '../../domain/account-number';
import { generateDemoCompany } from '../../domain/demo/generate';
import { createPrng } from '../../domain/prng';
import type { ServiceContext } from '../context';
import {
  clusters,
  customers,
  deviceModels,
  devices,
  manufacturers,
  miniGrids,
  villages,
} from '../db/schema';
import { nextCounter } from './counters';
import { recordDeviceEvent, sealCredentials } from './devices';

/** Fixed so every demo looks the same: support staff can follow a user's screen by heart. */
const DEMO_SEED = 20261122;

function tokenSchemeOf(kind: 'meter' | 'shs' | 'ebike', billingMode: string | null) {
  if (kind !== 'meter') return 'openpaygo' as const;
  return billingMode === 'postpaid' ? ('none' as const) : ('sts' as const);
}

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
  const now = ctx.clock.nowIso();
  const base = { officeId: opts.officeId, createdAt: now };
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

  const makers = new Map<string, string>();
  const models = new Map<string, string>();
  const modelOf = (d: (typeof demo.devices)[number]) => {
    let makerId = makers.get(d.manufacturer);
    if (!makerId) {
      makerId = ctx.ids.newId();
      makers.set(d.manufacturer, makerId);
      ctx.db
        .insert(manufacturers)
        .values({ ...base, id: makerId, name: d.manufacturer, updatedHlc: ctx.hlc.next() })
        .run();
    }
    const key = `${d.manufacturer}|${d.model}`;
    let modelId = models.get(key);
    if (!modelId) {
      modelId = ctx.ids.newId();
      models.set(key, modelId);
      ctx.db
        .insert(deviceModels)
        .values({
          ...base,
          id: modelId,
          manufacturerId: makerId,
          name: d.model,
          kind: d.kind,
          tokenScheme: tokenSchemeOf(d.kind, d.billingMode),
          updatedHlc: ctx.hlc.next(),
        })
        .run();
    }
    return { makerId, modelId };
  };

  const keys = createPrng(DEMO_SEED + 1);
  const hex = (bytes: number) =>
    Array.from({ length: bytes }, () => keys.int(0, 255).toString(16).padStart(2, '0')).join('');
  for (const d of demo.devices) {
    const { makerId, modelId } = modelOf(d);
    const row = {
      id: d.id,
      officeId: opts.officeId,
      kind: d.kind,
      manufacturerId: makerId,
      modelId,
      serial: d.serial,
      customerId: d.customerId,
      villageId: d.villageId,
      status: d.status,
      billingMode: d.billingMode,
      installedAt: d.installedAt ? d.installedAt.slice(0, 10) : null,
      createdAt: d.installedAt ?? now,
      updatedHlc: ctx.hlc.next(),
    };
    ctx.db.insert(devices).values(row).run();
    recordDeviceEvent(ctx, opts.officeId, row, 'registered', 'demo company');
    if (tokenSchemeOf(d.kind, d.billingMode) === 'openpaygo') {
      sealCredentials(ctx, d.id, opts.officeId, {
        key: hex(16),
        startingCode: keys.int(100_000_000, 999_999_999),
        count: 0,
        timeDivider: 1,
        restrictedDigits: false,
      });
    }
  }
  return {
    clusters: demo.clusters.length,
    miniGrids: demo.miniGrids.length,
    villages: demo.villages.length,
    customers: demo.customers.length,
    devices: demo.devices.length,
  };
}
