// A query command cannot write (docs/architecture.md, "Rules for new code"): the dispatcher runs
// it with the connection refusing writes. To show the guard, one real query handler is swapped
// for one that writes (the dispatcher reads the same handler map), on a real database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handlers, type AnyHandler } from '../../src/core/areas';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';

let t: TestCore;
let admin: string;
const map = handlers as unknown as Record<string, AnyHandler>;
const original = map['sites.tree'];

beforeEach(async () => {
  t = openTestCore();
  admin = (await setUpOffice(t)).admin;
});
afterEach(() => {
  if (original) map['sites.tree'] = original;
  t.close();
});

describe('query commands', () => {
  it('cannot write: the write is refused, nothing changes, the answer is INTERNAL', async () => {
    map['sites.tree'] = (ctx) => {
      ctx.raw.prepare("INSERT INTO local_meta (key, value) VALUES ('sneaky', 'x')").run();
      return { clusters: [] };
    };
    const before = snapshot(t.core);
    const answer = await t.call('sites.tree', {}, { token: admin });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(snapshot(t.core)).toBe(before);
    expect(
      t.log.lines.some((l) =>
        JSON.stringify(l).includes('sites.tree is a query command but tried to write'),
      ),
    ).toBe(true);
  });

  it('leave the connection writable for the next command, whatever they answered', async () => {
    map['sites.tree'] = () => {
      throw new Error('a bug in a query');
    };
    expect(await t.call('sites.tree', {}, { token: admin })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    if (original) map['sites.tree'] = original;
    expect(await t.ok('sites.tree', {}, { token: admin })).toBeDefined();
    const cluster = await t.ok('sites.createCluster', { name: 'North' }, { token: admin });
    expect(cluster.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
