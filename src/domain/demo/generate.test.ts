// Tests for the demo company generator: reproducibility, counts, and the referential and date
// invariants the importer and the screens rely on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoCompany, type DemoCompany, type DemoInput } from './generate';

const NOW = '2026-06-15T10:30:00.000Z';
const NOW_MS = Date.parse(NOW);
const DAY_MS = 86_400_000;

function counterIds(): { newId: () => string; calls: () => number } {
  let n = 0;
  return {
    newId: () => `id-${++n}`,
    calls: () => n,
  };
}

function generate(overrides: Partial<Omit<DemoInput, 'newId'>> = {}): DemoCompany {
  return generateDemoCompany({
    seed: 1,
    countryCode: 'NG',
    now: NOW,
    newId: counterIds().newId,
    ...overrides,
  });
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function countWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length;
}

/** The structural invariants every generated company must satisfy, whatever the seed. */
function expectInvariants(company: DemoCompany, nowMs: number): void {
  const { clusters, miniGrids, villages, customers, devices } = company;
  const clusterIds = new Set(clusters.map((c) => c.id));
  const miniGridIds = new Set(miniGrids.map((m) => m.id));
  const villageIds = new Set(villages.map((v) => v.id));
  const customersById = new Map(customers.map((c) => [c.id, c]));

  for (const miniGrid of miniGrids) {
    expect(clusterIds.has(miniGrid.clusterId)).toBe(true);
    expect(miniGrid.code).toMatch(/^[A-Z]{3}$/);
  }
  expect(new Set(miniGrids.map((m) => m.code)).size).toBe(miniGrids.length);
  for (const village of villages) expect(miniGridIds.has(village.miniGridId)).toBe(true);
  for (const miniGrid of miniGrids) {
    const own = countWhere(villages, (v) => v.miniGridId === miniGrid.id);
    expect(own).toBeGreaterThanOrEqual(3);
    expect(own).toBeLessThanOrEqual(5);
  }
  expect(new Set(villages.map((v) => v.name)).size).toBe(villages.length);

  for (const customer of customers) {
    expect(villageIds.has(customer.villageId)).toBe(true);
    expect(customer.phone).toMatch(/^\+[1-9]\d{7,14}$/);
    const createdMs = Date.parse(customer.createdAt);
    expect(new Date(createdMs).toISOString()).toBe(customer.createdAt);
    expect(createdMs).toBeLessThan(nowMs);
    expect(createdMs).toBeGreaterThanOrEqual(nowMs - 731 * DAY_MS);
    if (customer.kind === 'business') {
      expect(customer.gender).toBeNull();
      expect(customer.businessName).toEqual(expect.any(String));
      expect(customer.businessName).not.toMatch(/[{}]/);
    } else {
      expect(['female', 'male']).toContain(customer.gender);
      expect(customer.businessName).toBeNull();
    }
  }
  expect(new Set(customers.map((c) => c.phone)).size).toBe(customers.length);
  const nationalIds = customers.flatMap((c) => (c.nationalId === null ? [] : [c.nationalId]));
  expect(new Set(nationalIds).size).toBe(nationalIds.length);

  const serialsByMaker = new Map<string, Set<string>>();
  for (const device of devices) {
    const serials = serialsByMaker.get(device.manufacturer) ?? new Set<string>();
    expect(serials.has(device.serial)).toBe(false);
    serials.add(device.serial);
    serialsByMaker.set(device.manufacturer, serials);

    expect(villageIds.has(device.villageId)).toBe(true);
    if (device.kind === 'meter') {
      expect(['prepaid', 'postpaid']).toContain(device.billingMode);
      expect(device.serial).toMatch(/^\d{8,12}$/);
    } else {
      expect(device.billingMode).toBeNull();
    }
    if (device.status === 'in_stock') {
      expect(device.customerId).toBeNull();
      expect(device.installedAt).toBeNull();
    }
    if (device.customerId === null) {
      expect(device.installedAt).toBeNull();
      expect(device.status).not.toBe('installed');
    } else {
      const owner = customersById.get(device.customerId);
      expect(owner).toBeDefined();
      expect(device.villageId).toBe(owner?.villageId);
      expect(device.installedAt).not.toBeNull();
      const installedMs = Date.parse(device.installedAt ?? '');
      expect(installedMs).toBeGreaterThanOrEqual(Date.parse(owner?.createdAt ?? ''));
      expect(installedMs).toBeLessThanOrEqual(nowMs);
    }
  }

  // Every customer has exactly one meter.
  const metersPerCustomer = new Map<string, number>();
  for (const device of devices) {
    if (device.kind === 'meter' && device.customerId !== null) {
      metersPerCustomer.set(device.customerId, (metersPerCustomer.get(device.customerId) ?? 0) + 1);
    }
  }
  for (const customer of customers) expect(metersPerCustomer.get(customer.id)).toBe(1);
}

describe('generateDemoCompany', () => {
  it('is deterministic: the same seed and clock give a deep-equal company', () => {
    expect(generate({ seed: 12345 })).toEqual(generate({ seed: 12345 }));
  });

  it('gives a different company for a different seed', () => {
    const a = generate({ seed: 1 });
    const b = generate({ seed: 2 });
    expect(a).not.toEqual(b);
    expect(a.customers.map((c) => c.phone)).not.toEqual(b.customers.map((c) => c.phone));
  });

  it('calls newId exactly once per record and uses its ids as given', () => {
    const ids = counterIds();
    const company = generateDemoCompany({ seed: 5, countryCode: 'NG', now: NOW, newId: ids.newId });
    const all = [
      ...company.clusters,
      ...company.miniGrids,
      ...company.villages,
      ...company.customers,
      ...company.devices,
    ].map((r) => r.id);
    expect(ids.calls()).toBe(all.length);
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((id) => /^id-\d+$/.test(id))).toBe(true);
  });

  it('builds one cluster, two mini-grids, 3-5 villages each and 300 customers', () => {
    const company = generate({ seed: 8 });
    expect(company.clusters).toHaveLength(1);
    expect(company.miniGrids).toHaveLength(2);
    expect(company.villages.length).toBeGreaterThanOrEqual(6);
    expect(company.villages.length).toBeLessThanOrEqual(10);
    expect(company.customers).toHaveLength(300);
    expectInvariants(company, NOW_MS);
  });

  it('keeps its invariants for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expectInvariants(generate({ seed }), NOW_MS);
      }),
      { numRuns: 15 },
    );
  });

  it('has a realistic customer mix', () => {
    const { customers } = generate({ seed: 21 });
    const businesses = countWhere(customers, (c) => c.kind === 'business');
    expect(businesses).toBeGreaterThanOrEqual(15);
    expect(businesses).toBeLessThanOrEqual(50);
    const inactive = countWhere(customers, (c) => c.status === 'inactive');
    expect(inactive).toBeGreaterThanOrEqual(3);
    expect(inactive).toBeLessThanOrEqual(30);
    const withId = countWhere(customers, (c) => c.nationalId !== null);
    expect(withId).toBeGreaterThanOrEqual(135);
    expect(withId).toBeLessThanOrEqual(225);
    const women = countWhere(customers, (c) => c.gender === 'female');
    expect(women).toBeGreaterThan(90);
    expect(countWhere(customers, (c) => c.gender === 'male')).toBeGreaterThan(90);
  });

  it('gives Nigerian customers +234 mobile numbers and 11-digit NINs', () => {
    const { customers } = generate({ seed: 3, countryCode: 'NG' });
    for (const c of customers) {
      expect(c.phone).toMatch(/^\+234[789][01]\d{8}$/);
      if (c.nationalId !== null) expect(c.nationalId).toMatch(/^[1-9]\d{10}$/);
    }
  });

  it.each([
    ['KE', '254', 9],
    ['UG', '256', 9],
    ['TZ', '255', 9],
    ['GH', '233', 9],
    ['ZM', '260', 9],
    ['MW', '265', 9],
    ['MZ', '258', 9],
    ['RW', '250', 9],
    ['SL', '232', 8],
    ['FR', '234', 10],
    ['ke', '254', 9],
  ])('uses the calling code and number length of %s', (countryCode, callingCode, length) => {
    const company = generate({ seed: 4, countryCode });
    const pattern = new RegExp(`^\\+${callingCode}\\d{${length}}$`);
    for (const c of company.customers) expect(c.phone).toMatch(pattern);
    expectInvariants(company, NOW_MS);
  });

  it('places Nigerian villages in Nigeria, close to their mini-grid', () => {
    const { villages, miniGrids } = generate({ seed: 6, countryCode: 'NG' });
    for (const v of villages) {
      expect(v.latitude).toBeGreaterThan(4.3);
      expect(v.latitude).toBeLessThan(13.8);
      expect(v.longitude).toBeGreaterThan(2.7);
      expect(v.longitude).toBeLessThan(14.6);
    }
    for (const mg of miniGrids) {
      const own = villages.filter((v) => v.miniGridId === mg.id);
      const main = own[0];
      expect(main?.name).toBe(mg.name);
      for (const v of own) {
        const km =
          Math.hypot(v.latitude - (main?.latitude ?? 0), v.longitude - (main?.longitude ?? 0)) *
          111;
        expect(km).toBeLessThan(6);
      }
    }
  });

  it('equips customers with meters, some SHS and a few e-bikes, and keeps stock', () => {
    const { customers, devices } = generate({ seed: 33 });
    const meters = devices.filter((d) => d.kind === 'meter' && d.customerId !== null);
    expect(meters).toHaveLength(customers.length);
    const postpaid = countWhere(meters, (d) => d.billingMode === 'postpaid');
    expect(postpaid / meters.length).toBeGreaterThan(0.08);
    expect(postpaid / meters.length).toBeLessThan(0.25);

    const shs = countWhere(devices, (d) => d.kind === 'shs' && d.customerId !== null);
    expect(shs).toBeGreaterThanOrEqual(35);
    expect(shs).toBeLessThanOrEqual(90);
    const ebikes = countWhere(devices, (d) => d.kind === 'ebike' && d.customerId !== null);
    expect(ebikes).toBeGreaterThanOrEqual(3);
    expect(ebikes).toBeLessThanOrEqual(6);

    const stock = devices.filter((d) => d.status === 'in_stock');
    expect(stock.length).toBeGreaterThanOrEqual(18);
    expect(stock.length).toBeLessThanOrEqual(22);
    expect(countWhere(devices, (d) => d.status === 'faulty')).toBeGreaterThanOrEqual(2);
  });

  it('uses realistic serials: Luhn-checked STS meter numbers, SHS- and EB- prefixes', () => {
    const { devices } = generate({ seed: 77 });
    for (const d of devices) {
      if (d.kind === 'meter' && d.billingMode === 'prepaid') {
        expect(d.serial).toMatch(/^\d{11}$/);
        expect(luhnValid(d.serial)).toBe(true);
      }
      if (d.kind === 'shs') expect(d.serial).toMatch(/^SHS-\d{8}$/);
      if (d.kind === 'ebike') expect(d.serial).toMatch(/^EB-\d{6}$/);
    }
    const makers = new Set(devices.filter((d) => d.kind === 'meter').map((d) => d.manufacturer));
    expect(makers.size).toBeGreaterThanOrEqual(3);
  });

  it('hands out customer ids in registration order', () => {
    const { customers } = generate({ seed: 10 });
    const created = customers.map((c) => Date.parse(c.createdAt));
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it('refuses a clock that is not an ISO instant', () => {
    expect(() => generate({ now: 'yesterday' })).toThrow(RangeError);
  });

  it('generates 300 customers well under 100 ms', () => {
    generate({ seed: 99 });
    const started = performance.now();
    generate({ seed: 100 });
    expect(performance.now() - started).toBeLessThan(100);
  });
});
