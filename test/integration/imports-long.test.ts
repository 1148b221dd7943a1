// A long import shares the core with everybody else: it checks rows a slice at a time with turns
// for other commands in between, can be cancelled while checking (nothing written), and its
// customers reach quick search right after its one transaction, or at the next start if GridDesk
// stopped in between. Event order only, never time.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/core/events';
import { withSearchDeferred } from '../../src/core/db/search-index';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
afterEach(() => t.close());

function customersCsv(rows: number): string {
  const lines = ['first_name,last_name,phone,village,mini_grid'];
  for (let i = 0; i < rows; i++) {
    lines.push(`Amina${i},Okafor,080${String(10_000_000 + i)},Kogi North,BKG`);
  }
  return lines.join('\n');
}

async function ready() {
  t = openTestCore();
  const office = await setUpOffice(t);
  await seedRegistry(t, office.admin);
  return office;
}

const ROWS = 10_000;

describe('a long customer import', () => {
  it('answers other commands between slices of rows while it checks them', async () => {
    const { admin, cashierToken } = await ready();
    const log: string[] = [];
    t.core.deps.events.subscribe((e: ProgressEvent) => log.push(`${e.phase} ${e.done}`));
    let importing = true;
    const imported = t
      .ok(
        'imports.run',
        {
          kind: 'customers',
          fileName: 'big.csv',
          contentBase64: Buffer.from(customersCsv(ROWS)).toString('base64'),
          operationId: 'imp-1',
        },
        { token: admin },
      )
      .then((result) => {
        importing = false;
        log.push('import answered');
        return result;
      });
    // A cashier keeps asking, one question per turn of the event loop, until the import is done.
    let answered = 0;
    while (importing) {
      await t.ok('auth.me', {}, { token: cashierToken });
      log.push(`query ${++answered}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await imported).created).toBe(ROWS);

    // Between the first row checked and the start of writing, the cashier was answered again and
    // again: the check went in slices, not in one stretch.
    const firstCheck = log.indexOf('checking 0');
    const writing = log.findIndex((l) => l.startsWith('writing'));
    expect(firstCheck).toBeGreaterThanOrEqual(0);
    expect(writing).toBeGreaterThan(firstCheck);
    const queriesWhileChecking = log
      .slice(firstCheck, writing)
      .filter((l) => l.startsWith('query')).length;
    expect(queriesWhileChecking).toBeGreaterThanOrEqual(ROWS / 1000);
    // A query sent while rows were being checked was answered before the import was.
    expect(log.indexOf('query 1')).toBeLessThan(log.indexOf('import answered'));
  });

  it('puts every imported customer in quick search once it answers', async () => {
    const { admin } = await ready();
    await t.ok(
      'imports.run',
      {
        kind: 'customers',
        fileName: 'big.csv',
        contentBase64: Buffer.from(customersCsv(600)).toString('base64'),
      },
      { token: admin },
    );
    const found = await t.ok('search.quick', { q: 'Amina599' }, { token: admin });
    expect(found.hits.map((r) => r.title)).toContain('Amina599 Okafor');
    const raw = t.core.deps.raw;
    expect(
      raw.prepare("SELECT count(*) FROM search_keys WHERE entity = 'customer'").pluck().get(),
    ).toBe(600);
    expect(
      raw.prepare("SELECT count(*) FROM local_meta WHERE key LIKE 'search%'").pluck().get(),
    ).toBe(0);
  });

  it('stops when cancelled while checking, writing nothing', async () => {
    const { admin } = await ready();
    const before = snapshot(t.core);
    let cancelled = false;
    t.core.deps.events.subscribe((e: ProgressEvent) => {
      if (e.phase === 'checking' && e.done >= 2000 && !cancelled) {
        cancelled = true;
        void t.ok('operations.cancel', { operationId: 'imp-2' }, { token: admin });
      }
    });
    const result = await t.call(
      'imports.run',
      {
        kind: 'customers',
        fileName: 'big.csv',
        contentBase64: Buffer.from(customersCsv(ROWS)).toString('base64'),
        operationId: 'imp-2',
      },
      { token: admin },
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'The import was cancelled; nothing was imported.',
        details: { cancelled: true },
      },
    });
    expect(snapshot(t.core)).toBe(before);
  });

  it('finishes the search entries of an import interrupted after its transaction, at start', async () => {
    const { admin } = await ready();
    const raw = t.core.deps.raw;
    const village = raw.prepare('SELECT id FROM villages LIMIT 1').pluck().get() as string;
    const office = raw
      .prepare("SELECT value FROM local_meta WHERE key = 'this_office_id'")
      .pluck()
      .get() as string;
    // The rows committed, then GridDesk stopped before indexing them.
    raw.transaction(() =>
      withSearchDeferred(raw, 'interrupted', () =>
        raw
          .prepare(
            "INSERT INTO customers (id, office_id, account_number, kind, first_name, last_name, village_id, status, created_at, updated_hlc) VALUES ('c-late', ?, 'LAG999990', 'individual', 'Zainab', 'Lateef', ?, 'active', '2026-11-22T08:00:00Z', (SELECT updated_hlc FROM users LIMIT 1))",
          )
          .run(office, village),
      ),
    )();
    expect((await t.ok('search.quick', { q: 'Zainab' }, { token: admin })).hits).toHaveLength(0);
    t.reopen();
    const session = await t.ok('auth.login', {
      username: 'ada',
      password: 'correct horse battery',
    });
    const found = await t.ok('search.quick', { q: 'Zainab' }, { token: session.token });
    expect(found.hits.map((r) => r.title)).toEqual(['Zainab Lateef']);
  });
});
