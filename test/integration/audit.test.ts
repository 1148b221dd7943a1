import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t.close());

describe('audit log', () => {
  it('records every write with who, what and a summary; reads are not recorded', async () => {
    t = openTestCore();
    const { admin, cashier } = await setUpOffice(t);
    await t.ok('settings.get', {}, { token: admin });
    await t.ok('settings.update', { company: { name: 'Sunrise Power Nigeria' } }, { token: admin });
    const { entries } = await t.ok('audit.list', {}, { token: admin });
    expect(entries.map((e) => e.command)).toEqual([
      'settings.update',
      'auth.login',
      'users.create',
      'setup.initialise',
    ]);
    const [settingsEntry, , created] = entries;
    expect(settingsEntry).toMatchObject({
      actor: 'ada',
      door: 'http',
      outcome: 'ok',
      summary: 'Settings changed: company name: Sunrise Power Ltd -> Sunrise Power Nigeria',
    });
    expect(created).toMatchObject({
      summary: 'Created user bola (cashier)',
      records: [cashier.id],
    });
  });

  it('records refused sign-ins against real accounts', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    await t.call('auth.login', { username: 'bola', password: 'bad password' });
    const { entries } = await t.ok('audit.list', { command: 'auth.login' }, { token: admin });
    expect(entries[0]).toMatchObject({ actor: 'bola', outcome: 'refused' });
    expect(entries[0]?.summary).toMatch(/^Sign-in refused for bola/);
  });

  it('filters by user, command, text and time, and pages backwards', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      await t.ok('settings.update', { office: { name: `Lagos office ${i}` } }, { token: admin });
    }
    const byText = await t.ok('audit.list', { text: '-> Lagos office 3' }, { token: admin });
    expect(byText.entries).toHaveLength(1);
    const byActor = await t.ok('audit.list', { actor: 'bola' }, { token: admin });
    expect(byActor.entries.every((e) => e.actor === 'bola')).toBe(true);
    const page1 = await t.ok('audit.list', { command: 'settings.', limit: 2 }, { token: admin });
    expect(page1.entries).toHaveLength(2);
    expect(page1.nextBeforeSeq).not.toBeNull();
    const page2 = await t.ok(
      'audit.list',
      { command: 'settings.', limit: 10, beforeSeq: page1.nextBeforeSeq ?? 0 },
      { token: admin },
    );
    expect(page2.entries).toHaveLength(3);
    expect(page2.nextBeforeSeq).toBeNull();
    const recent = await t.ok(
      'audit.list',
      { from: '2026-11-22T08:03:30.000Z', command: 'settings.' },
      { token: admin },
    );
    expect(recent.entries).toHaveLength(2);
    // A literal % is searched for, not a wildcard.
    expect((await t.ok('audit.list', { text: '%' }, { token: admin })).entries).toHaveLength(0);
  });

  it('is readable by managers and admins only', async () => {
    t = openTestCore();
    const { cashierToken } = await setUpOffice(t);
    expect(await t.call('audit.list', {}, { token: cashierToken })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses UPDATE and DELETE at the database level', async () => {
    t = openTestCore();
    await setUpOffice(t);
    const raw = t.core.deps.raw;
    expect(() => raw.prepare("UPDATE audit_log SET summary = 'x'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('verify finds an edited entry, a deleted entry and removed newest entries', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    await t.ok('settings.update', { company: { name: 'Changed Name Ltd' } }, { token: admin });
    expect(await t.ok('audit.verify', {}, { token: admin })).toEqual({
      ok: true,
      checked: 4,
      problem: null,
    });

    const raw = t.core.deps.raw;
    const tamper = (sql: string) => {
      raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
      raw.exec(sql);
    };
    const backup = raw.prepare('SELECT * FROM audit_log ORDER BY seq').all();
    tamper("UPDATE audit_log SET summary = 'Nothing happened' WHERE seq = 2");
    expect(await t.ok('audit.verify', {}, { token: admin })).toEqual({
      ok: false,
      checked: 1,
      problem: { seq: 2, reason: 'entry 2 was changed after it was written' },
    });

    // Put the original back, then delete one in the middle.
    raw.exec('DELETE FROM audit_log');
    const insert = raw.prepare(
      'INSERT INTO audit_log VALUES (@seq,@id,@office_id,@at,@actor,@actor_user_id,@door,@command,@records,@summary,@outcome,@prev_hash,@hash)',
    );
    for (const row of backup) insert.run(row);
    expect((await t.ok('audit.verify', {}, { token: admin })).ok).toBe(true);
    raw.exec('DELETE FROM audit_log WHERE seq = 2');
    const gap = await t.ok('audit.verify', {}, { token: admin });
    expect(gap.problem?.reason).toBe('entry 2 is missing (next entry found is 3)');

    // Removing only the newest entries leaves a consistent chain: the stored head gives it away.
    raw.exec('DELETE FROM audit_log');
    for (const row of backup.slice(0, 3)) insert.run(row);
    const truncated = await t.ok('audit.verify', {}, { token: admin });
    expect(truncated.ok).toBe(false);
    expect(truncated.problem?.reason).toMatch(/newer entries were removed/);
  });
});
