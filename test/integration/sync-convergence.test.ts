// The convergence property (docs/sync.md): 3 to 4 offices (real cores on real SQLite databases)
// register and edit customers (the same ones, concurrently), sell tokens, take readings and delete
// customers, while bundles travel in random order, duplicated, lost and sent again. After a final
// exchange every office holds the same rows in every travelling table, no payment or token is
// lost or doubled, and every device's tokens come from one office only.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { syncTables } from '../../src/core/sync/capture';
import type { TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { company, exportTo, importInto } from '../helpers/sync';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const CODES = ['ABJ', 'KAN', 'JOS'];
/** Columns sealed with each installation's own key: equal in meaning, not in bytes. */
const SEALED = new Set(['openpaygo_devices.key_sealed', 'openems_edges.password_sealed']);

let open: TestCore[] = [];
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

type Op =
  | { kind: 'register'; office: number; name: string }
  | { kind: 'edit'; office: number; pick: number; field: 'firstName' | 'phone'; value: string }
  | { kind: 'pay'; office: number; amount: number }
  | { kind: 'read'; office: number; kwh: number }
  | { kind: 'delete'; office: number; pick: number }
  | { kind: 'send'; from: number; to: number }
  | { kind: 'deliver'; pick: number; keep: boolean };

const officeIx = fc.nat(3);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('register' as const),
    office: officeIx,
    name: fc.constantFrom('Amina', 'Musa', 'Ngozi'),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    office: officeIx,
    pick: fc.nat(20),
    field: fc.constant('firstName' as const),
    value: fc.constantFrom('Ada', 'Bisi', 'Chidi'),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    office: officeIx,
    pick: fc.nat(20),
    field: fc.constant('phone' as const),
    value: fc.constantFrom('+2348031234567', '+2348039876543'),
  }),
  fc.record({
    kind: fc.constant('pay' as const),
    office: officeIx,
    amount: fc.integer({ min: 100, max: 2000 }),
  }),
  fc.record({
    kind: fc.constant('read' as const),
    office: officeIx,
    kwh: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), office: officeIx, pick: fc.nat(20) }),
  fc.record({ kind: fc.constant('send' as const), from: officeIx, to: officeIx }),
  fc.record({ kind: fc.constant('send' as const), from: officeIx, to: officeIx }),
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(50), keep: fc.boolean() }),
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(50), keep: fc.boolean() }),
);

interface Office {
  t: TestCore;
  code: string;
  token: string;
  shs: string;
  meter: string;
  kwh: number;
}

/** Every travelling table's rows (travelling columns, sealed ones opened), by table. */
function travellingRows(t: TestCore): Record<string, string> {
  const raw = t.core.deps.raw;
  const out: Record<string, string> = {};
  for (const table of syncTables(raw)) {
    const cols = table.columns.filter((c) => !SEALED.has(`${table.name}.${c}`));
    const rows = raw
      .prepare(
        `SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${table.name}" ORDER BY "${table.key}"`,
      )
      .all();
    out[table.name] = JSON.stringify(rows);
  }
  const keys = raw
    .prepare('SELECT device_id, key_sealed FROM openpaygo_devices ORDER BY device_id')
    .all() as {
    device_id: string;
    key_sealed: string;
  }[];
  out['openpaygo keys'] = JSON.stringify(
    keys.map((k) =>
      t.core.deps.secrets.open(k.key_sealed, `openpaygo:${k.device_id}`).toString('hex'),
    ),
  );
  return out;
}

async function companyOf(size: number): Promise<Office[]> {
  const { offices } = await company(CODES.slice(0, size - 1));
  open = offices;
  const codes = ['LAG', ...CODES];
  const first = offices[0] as TestCore;
  const login = async (t: TestCore) =>
    (await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' })).token;
  const seed = await seedRegistry(first, await login(first));
  const file = (to: string) => exportTo(first, to);
  for (const [i, t] of offices.entries()) if (i > 0) importInto(t, file(codes[i] as string));
  const out: Office[] = [];
  for (const [i, t] of offices.entries()) {
    const token = await login(t);
    const customer = await t.ok(
      'customers.create',
      { firstName: 'Owner', lastName: codes[i], villageId: seed.village.id },
      { token },
    );
    const shs = await t.ok(
      'devices.create',
      {
        modelId: seed.shs.id,
        serial: `SHS-${codes[i]}`,
        villageId: seed.village.id,
        customerId: customer.id,
        openpaygo: { key: KEY, startingCode: 516959010 + i, count: 0 },
      },
      { token },
    );
    await t.ok('devices.setPaygPlan', { deviceId: shs.id, dailyPriceMinor: 100 }, { token });
    const meter = await t.ok(
      'devices.create',
      { modelId: seed.meter.id, serial: `MTR-${codes[i]}`, villageId: seed.village.id },
      { token },
    );
    out.push({ t, code: codes[i] as string, token, shs: shs.id, meter: meter.id, kwh: 0 });
  }
  // Everyone starts knowing everyone's customers, so edits of the same customer meet.
  fullExchange(out);
  return out;
}

const customerIds = (t: TestCore) =>
  t.core.deps.raw.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as string[];

async function play(offices: Office[], ops: Op[]) {
  const bag: { to: number; file: Buffer }[] = [];
  const made = { payments: 0, tokens: 0, edits: 0 };
  for (const o of ops) {
    if (o.kind === 'send') {
      const from = offices[o.from % offices.length] as Office;
      const to = o.to % offices.length;
      if (from === offices[to]) continue;
      bag.push({ to, file: exportTo(from.t, (offices[to] as Office).code) });
      continue;
    }
    if (o.kind === 'deliver') {
      if (bag.length === 0) continue;
      const i = o.pick % bag.length;
      const parcel = bag[i] as { to: number; file: Buffer };
      // Not kept: the bundle is delivered once or lost; kept: it may be delivered again.
      if (!o.keep) bag.splice(i, 1);
      try {
        importInto((offices[parcel.to] as Office).t, parcel.file);
      } catch (error) {
        expect((error as { details?: { reason?: string } }).details?.reason).toBe('replay');
      }
      continue;
    }
    const at = offices[o.office % offices.length] as Office;
    at.t.clock.advance(1000 + o.office * 7);
    const call = { token: at.token };
    if (o.kind === 'register') {
      const village = at.t.core.deps.raw
        .prepare('SELECT id FROM villages LIMIT 1')
        .pluck()
        .get() as string;
      await at.t.ok(
        'customers.create',
        { firstName: o.name, lastName: at.code, villageId: village },
        call,
      );
    } else if (o.kind === 'edit' || o.kind === 'delete') {
      const ids = customerIds(at.t);
      const id = ids[o.pick % ids.length] as string;
      // Refusals (a deleted customer, one with devices) are fine: they write nothing.
      if (o.kind === 'edit') {
        const edit = await at.t.call('customers.update', { id, [o.field]: o.value }, call);
        if (edit.ok) made.edits += 1;
      } else await at.t.call('customers.delete', { id }, call);
    } else if (o.kind === 'pay') {
      const sale = await at.t.call(
        'payments.record',
        { submissionKey: randomUUID(), deviceId: at.shs, amountMinor: o.amount, method: 'cash' },
        call,
      );
      if (!sale.ok) throw new Error(JSON.stringify(sale.error));
      made.payments += 1;
      made.tokens += sale.value.tokens.length;
    } else {
      at.kwh += o.kwh;
      await at.t.ok('readings.addManual', { deviceId: at.meter, kwh: at.kwh }, call);
    }
  }
  return made;
}

/** Every office sends to every other, twice over (what one relays reaches the rest). */
function fullExchange(offices: Office[]) {
  for (let round = 0; round < 2; round++) {
    for (const from of offices) {
      for (const to of offices) if (from !== to) importInto(to.t, exportTo(from.t, to.code));
    }
  }
}

describe('offices converge', () => {
  it('whatever travels in whatever order, every office ends with the same rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 4 }),
        fc.array(op, { minLength: 10, maxLength: 40 }),
        async (size, ops) => {
          const offices = await companyOf(size);
          try {
            const made = await play(offices, ops);
            fullExchange(offices);
            const first = travellingRows((offices[0] as Office).t);
            for (const o of offices.slice(1)) {
              const rows = travellingRows(o.t);
              for (const table of Object.keys(first))
                expect(rows[table], `${o.code}: ${table}`).toBe(first[table]);
            }
            for (const o of offices) {
              const raw = o.t.core.deps.raw;
              const n = (sql: string) => raw.prepare(sql).pluck().get() as number;
              expect(n('SELECT count(*) FROM payments')).toBe(made.payments);
              expect(n('SELECT count(*) FROM tokens')).toBe(made.tokens);
              expect(
                n(
                  'SELECT count(*) FROM (SELECT device_id FROM tokens GROUP BY device_id HAVING count(DISTINCT office_id) > 1)',
                ),
              ).toBe(0);
              expect(
                n(
                  'SELECT count(*) FROM (SELECT receipt_number FROM payments GROUP BY office_id, receipt_number HAVING count(*) > 1)',
                ),
              ).toBe(0);
              expect(n('SELECT count(*) FROM sync_conflicts')).toBe(0);
            }
          } finally {
            for (const o of offices) o.t.close();
            open = [];
          }
        },
      ),
      { numRuns: 6 },
    );
  }, 240_000);
});
