// The paged lists choose a page's ids by walking an index in the list's order (migration
// 0024_list_indexes), so a page costs the rows it skips in an index, never a sort of the whole
// table. Checked on SQLite's own query plans (EXPLAIN QUERY PLAN), not on timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName } from '../../src/contract';
import { refreshPlannerStats } from '../../src/core/db/client';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
let admin: string;
let s: Awaited<ReturnType<typeof seedRegistry>>;
/** Statements the core prepared while the last list was answered. */
const prepared: string[] = [];
/** The connection's own prepare, for the plans themselves (not recorded). */
let explain: (source: string) => { detail: string }[];

beforeAll(async () => {
  t = openTestCore();
  ({ admin } = await setUpOffice(t));
  s = await seedRegistry(t, admin);
  const raw = t.core.deps.raw;
  // Enough rows for the planner statistics the core gathers at start (client.ts).
  const officeId = raw
    .prepare("SELECT value FROM local_meta WHERE key = 'this_office_id'")
    .pluck()
    .get() as string;
  const villages = [s.village.id, s.village2.id, s.other.id];
  const customer = raw.prepare(
    "INSERT INTO customers (id, office_id, account_number, kind, first_name, last_name, village_id, status, created_at, updated_hlc) VALUES (?, ?, ?, 'individual', ?, ?, ?, 'active', '2025-01-01T00:00:00Z', 'h')",
  );
  const device = raw.prepare(
    'INSERT INTO devices (id, office_id, kind, manufacturer_id, model_id, serial, customer_id, village_id, status, billing_mode, created_at, updated_hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  raw.transaction(() => {
    for (let i = 0; i < 6000; i++) {
      customer.run(`c${i}`, officeId, `T${i}`, `F${i % 50}`, `L${i % 300}`, villages[i % 3]);
    }
    for (let i = 0; i < 9000; i++) {
      const meter = i % 3 !== 0;
      device.run(
        `d${i}`,
        officeId,
        meter ? 'meter' : 'shs',
        meter ? s.chint.id : s.solarCo.id,
        meter ? s.meter.id : s.shs.id,
        meter ? String(470_000_000_000 + i) : `SHS-${i}`,
        i < 6000 ? `c${i}` : null,
        villages[i % 3],
        i < 6000 ? 'installed' : 'in_stock',
        meter ? 'prepaid' : null,
        '2026-01-01T00:00:00.000Z',
        'h',
      );
    }
  })();
  refreshPlannerStats(raw);
  const prepare = raw.prepare.bind(raw);
  explain = (source) => {
    const params = (source.match(/\?/g) ?? []).map(() => 'x');
    return prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[];
  };
  raw.prepare = (source: string) => {
    prepared.push(source);
    return prepare(source);
  };
});
afterAll(() => t.close());

/** The plan of the page query the list ran (the one choosing rowids), one line per step. */
async function pagePlan(name: CommandName, input: Record<string, unknown>): Promise<string[]> {
  prepared.length = 0;
  const answer = await t.call(
    name,
    { page: 40, pageSize: 50, ...input },
    {
      token: admin,
    },
  );
  expect(answer.ok).toBe(true);
  const page = prepared.find((source) => /\.rowid in \(select/i.test(source.replace(/\s+/g, ' ')));
  if (!page) throw new Error(`${name} ran no page query`);
  return explain(page).map((row) => row.detail);
}

const CASES: [CommandName, string, Record<string, unknown>][] = [
  ['customers.list', 'customers', {}],
  ['customers.list', 'customers', { sort: 'name' }],
  ['customers.list', 'customers', { sort: 'name', direction: 'desc' }],
  ['customers.list', 'customers', { sort: 'status' }],
  ['customers.list', 'customers', { sort: 'createdAt' }],
  ['customers.list', 'customers', { sort: 'name', filters: { miniGridId: 'grid' } }],
  ['customers.list', 'customers', { filters: { status: 'active', kind: 'individual' } }],
  ['customers.list', 'customers', { sort: 'createdAt', filters: { villageId: 'village' } }],
  ['devices.list', 'devices', {}],
  ['devices.list', 'devices', { direction: 'desc' }],
  ['devices.list', 'devices', { sort: 'kind' }],
  ['devices.list', 'devices', { sort: 'status' }],
  ['devices.list', 'devices', { sort: 'installedAt' }],
  ['devices.list', 'devices', { sort: 'createdAt' }],
  ['devices.list', 'devices', { filters: { kind: 'shs' } }],
  ['meters.list', 'devices', {}],
  ['meters.list', 'devices', { direction: 'desc' }],
  ['payg.list', 'devices', {}],
  ['payg.list', 'devices', { direction: 'desc' }],
];

describe('list queries use an index', () => {
  for (const [name, table, input] of CASES) {
    it(`${name} ${JSON.stringify(input)} walks an index of ${table} in order`, async () => {
      const filters = input.filters as Record<string, unknown> | undefined;
      if (filters?.miniGridId) filters.miniGridId = s.grid.id;
      if (filters?.villageId) filters.villageId = s.village.id;
      const plan = await pagePlan(name, input);
      const reads = plan.filter((line) => new RegExp(`^(SCAN|SEARCH) ${table}\\b`).test(line));
      // The walk that chooses the page's ids reads an index, not the table.
      expect(
        reads.filter((line) => /USING (COVERING )?INDEX/.test(line)),
        plan.join('\n'),
      ).not.toEqual([]);
      for (const line of reads) {
        expect(line, plan.join('\n')).toMatch(
          /USING (COVERING )?INDEX|INTEGER PRIMARY KEY \(rowid=\?\)/,
        );
      }
      // One full sort only: of the page's 50 finished rows, never of the keys of the whole list
      // (rows with equal sort keys may still be put in rowid order among themselves).
      const sorts = plan.filter((line) => line.startsWith('USE TEMP B-TREE'));
      expect(
        sorts.filter((line) => line === 'USE TEMP B-TREE FOR ORDER BY'),
        plan.join('\n'),
      ).toHaveLength(1);
      for (const line of sorts) {
        expect(line, plan.join('\n')).toMatch(/FOR (ORDER BY|LAST TERM OF ORDER BY)$/);
      }
    });
  }
});
