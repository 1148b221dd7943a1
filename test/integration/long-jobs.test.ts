// Long jobs give other commands turns, and those written a piece at a time stay whole across a crash (docs/architecture.md, "Long
// jobs"). A child process runs the job and freezes at a chosen moment; it is then killed with
// SIGKILL, and the next start must find either the whole job or none of it:
// - an import killed while its rows are being written (after its commit point) is finished at
//   the next start, every row, exactly once, with unbroken account numbers;
// - an import killed while it was still saving its journal (before the commit point) left
//   nothing: no customer, no audit entry, no journal;
// - a billing run killed while its draft invoices were being written is removed at the next start,
//   so billing can simply be run again.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { seedPostpaidMeters } from '../bench/billing.bench';

const CHILD = resolve(__dirname, '../helpers/long-job-child.ts');
const ROWS = 5_000; // 10 chunks of 500

let dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs) d.remove();
  dirs = [];
});

async function office() {
  const data = tempDir('griddesk-long-crash-');
  dirs.push(data);
  const t = openTestCore(data.path);
  const { admin } = await setUpOffice(t);
  const s = await seedRegistry(t, admin);
  return { t, admin, dir: data.path, gridId: s.grid.id, s };
}

/** Run the child until it says "stopped", then SIGKILL it. */
function runAndKill(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('stopped')) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL' && out.includes('stopped')) done();
      else fail(new Error(`the child was not stopped where expected: ${out} ${err}`));
    });
  });
}

function customersCsv(dir: string): string {
  const lines = ['first_name,last_name,village,mini_grid'];
  for (let i = 0; i < ROWS; i++) lines.push(`Crash${i},Okafor,Kogi North,BKG`);
  const file = join(dir, '..', `crash-${Date.now()}.csv`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

const count = (t: TestCore, sql: string) => t.core.deps.raw.prepare(sql).pluck().get() as number;

describe('long jobs', () => {
  it('an import killed while writing its rows is finished, whole, at the next start', async () => {
    const { t, dir } = await office();
    const before = count(t, 'SELECT count(*) FROM customers');
    t.close();
    // Progress 'writing' runs over 2 x 10 chunks: 10 saved, then 10 written. Stop after 3 written.
    await runAndKill([dir, 'import', customersCsv(dir), 'writing', '13']);

    const peek = openTestCore(dir);
    try {
      const raw = peek.core.deps.raw;
      expect(count(peek, 'SELECT count(*) FROM customers')).toBe(before + ROWS);
      // Every row once, in file order, with the account numbers reserved for the import.
      const numbers = raw
        .prepare(
          "SELECT account_number FROM customers WHERE first_name LIKE 'Crash%' ORDER BY account_number",
        )
        .pluck()
        .all() as string[];
      expect(new Set(numbers).size).toBe(ROWS);
      const names = raw
        .prepare(
          "SELECT first_name FROM customers WHERE first_name LIKE 'Crash%' ORDER BY account_number",
        )
        .pluck()
        .all() as string[];
      expect(names).toEqual(Array.from({ length: ROWS }, (_, i) => `Crash${i}`));
      expect(count(peek, 'SELECT count(*) FROM import_journal')).toBe(0);
      expect(count(peek, "SELECT count(*) FROM local_meta WHERE key LIKE 'import%'")).toBe(0);
      // ...and findable by quick search, with the import audited once.
      expect(count(peek, "SELECT count(*) FROM search_keys WHERE entity = 'customer'")).toBe(
        before + ROWS,
      );
      expect(
        count(peek, "SELECT count(*) FROM audit_log WHERE summary LIKE 'Imported 5000 customers%'"),
      ).toBe(1);
      expect(
        peek.log.lines.some((e) => e.message === 'finished writing an interrupted import'),
      ).toBe(true);
    } finally {
      peek.close();
    }
  });

  it('an import killed before its commit point leaves nothing behind', async () => {
    const { t, dir } = await office();
    const before = count(t, 'SELECT count(*) FROM customers');
    const audits = count(t, 'SELECT count(*) FROM audit_log');
    t.close();
    // Stop after 4 of the 10 journal chunks were saved.
    await runAndKill([dir, 'import', customersCsv(dir), 'writing', '4']);

    const peek = openTestCore(dir);
    try {
      expect(count(peek, 'SELECT count(*) FROM customers')).toBe(before);
      expect(count(peek, 'SELECT count(*) FROM audit_log')).toBe(audits);
      expect(count(peek, 'SELECT count(*) FROM import_journal')).toBe(0);
    } finally {
      peek.close();
    }
  });

  it('a billing run killed while writing its drafts is removed at the next start', async () => {
    const { t, admin, dir, gridId, s } = await office();
    await seedPostpaidMeters(t, admin, s, 1000);
    t.close();
    await runAndKill([dir, 'billing', gridId, '2026-10']);

    const peek = openTestCore(dir);
    try {
      expect(count(peek, 'SELECT count(*) FROM billing_runs')).toBe(0);
      expect(count(peek, 'SELECT count(*) FROM invoices')).toBe(0);
      // Billing runs again from scratch, whole.
      const session = await peek.ok('auth.login', {
        username: 'ada',
        password: 'correct horse battery',
      });
      const { runs } = await peek.ok(
        'billing.run',
        { miniGridIds: [gridId], period: '2026-10' },
        { token: session.token },
      );
      expect(runs[0]?.invoices).toBe(1000);
    } finally {
      peek.close();
    }
  });

  it('refuses to finalise or regenerate a run while its drafts are still being written', async () => {
    const { t, admin, gridId, s: seed } = await office();
    try {
      await seedPostpaidMeters(t, admin, seed, 1000);
      const running = t.ok(
        'billing.run',
        { miniGridIds: [gridId], period: '2026-10' },
        { token: admin },
      );
      // Wait, a turn at a time, until the run exists and its first drafts are written.
      while (count(t, 'SELECT count(*) FROM invoices') === 0) {
        await new Promise((r) => setImmediate(r));
      }
      const runId = t.core.deps.raw.prepare('SELECT id FROM billing_runs').pluck().get() as string;
      for (const attempt of [
        t.call('billing.finalise', { runId }, { token: admin }),
        t.call('billing.regenerate', { runId }, { token: admin }),
      ]) {
        expect(await attempt).toMatchObject({
          ok: false,
          error: { code: 'CONFLICT', message: expect.stringMatching(/still being written/) },
        });
      }
      const { runs } = await running;
      expect(runs[0]?.invoices).toBe(1000);
      // Once written, it regenerates as usual.
      expect((await t.ok('billing.regenerate', { runId }, { token: admin })).invoices).toBe(1000);
    } finally {
      t.close();
    }
  });

  it('finalising a large run gives other commands turns, then numbers every invoice', async () => {
    const { t, admin, gridId, s: seed } = await office();
    try {
      await seedPostpaidMeters(t, admin, seed, 1000);
      const [run] = (
        await t.ok('billing.run', { miniGridIds: [gridId], period: '2026-10' }, { token: admin })
      ).runs;
      if (!run) throw new Error('no run was drafted');
      let finalising = true;
      const log: string[] = [];
      const finalised = t.ok('billing.finalise', { runId: run.id }, { token: admin }).then((v) => {
        finalising = false;
        log.push('finalised');
        return v;
      });
      let answered = 0;
      while (finalising) {
        await t.ok('auth.me', {}, { token: admin });
        log.push(`query ${++answered}`);
        await new Promise((r) => setImmediate(r));
      }
      expect((await finalised).status).toBe('final');
      // Drafting 1,000 meters and writing their drafts took many turns; the queries got them.
      expect(log.indexOf('finalised')).toBeGreaterThan(10);
      const numbers = t.core.deps.raw
        .prepare("SELECT number FROM invoices WHERE status = 'final' ORDER BY sort_key")
        .pluck()
        .all() as string[];
      expect(numbers).toHaveLength(1000);
      expect(numbers[0]).toMatch(/-2026-000001$/);
      expect(numbers[999]).toMatch(/-2026-001000$/);
    } finally {
      t.close();
    }
  });
});
