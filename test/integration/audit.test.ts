import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, entryHash, verifyAudit } from '../../src/core/audit-log';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';

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

  it('filters refused actions and sign-ins', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    await t.call('auth.login', { username: 'bola', password: 'bad password' });
    const bola = (await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' })).token;
    await t.ok('auth.lock', {}, { token: bola });
    await t.ok('settings.update', { company: { name: 'Sunrise Power Nigeria' } }, { token: admin });
    const commands = async (input: Parameters<typeof t.ok<'audit.list'>>[1]) =>
      (await t.ok('audit.list', input, { token: admin })).entries.map(
        (e) => `${e.command} ${e.outcome}`,
      );
    expect(await commands({ outcome: 'refused' })).toEqual(['auth.login refused']);
    expect(await commands({ signIns: 'only' })).toEqual([
      'auth.lock ok',
      'auth.login ok',
      'auth.login refused',
      'auth.login ok',
    ]);
    expect(await commands({ signIns: 'hide' })).toEqual([
      'settings.update ok',
      'users.create ok',
      'setup.initialise ok',
    ]);
    expect(await commands({ signIns: 'only', outcome: 'ok', actor: 'bola' })).toEqual([
      'auth.lock ok',
      'auth.login ok',
      'auth.login ok',
    ]);
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
      problems: [],
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
      checked: 4,
      problems: [{ seq: 2, reason: 'entry 2 was changed after it was written' }],
    });

    // Put the original back, then delete one in the middle.
    raw.exec('DELETE FROM audit_log');
    const insert = raw.prepare(
      'INSERT INTO audit_log (seq, chain_id, chain_seq, id, office_id, at, actor, actor_user_id, door, command, records, summary, outcome, prev_hash, hash) VALUES (@seq,@chain_id,@chain_seq,@id,@office_id,@at,@actor,@actor_user_id,@door,@command,@records,@summary,@outcome,@prev_hash,@hash)',
    );
    for (const row of backup) insert.run(row);
    expect((await t.ok('audit.verify', {}, { token: admin })).ok).toBe(true);
    raw.exec('DELETE FROM audit_log WHERE seq = 2');
    const gap = await t.ok('audit.verify', {}, { token: admin });
    expect(gap.problems).toEqual([
      { seq: 2, reason: 'entry 2 is missing (next entry found is 3)' },
    ]);

    // Removing only the newest entries leaves a consistent chain: the stored head gives it away.
    raw.exec('DELETE FROM audit_log');
    for (const row of backup.slice(0, 3)) insert.run(row);
    const truncated = await t.ok('audit.verify', {}, { token: admin });
    expect(truncated.ok).toBe(false);
    expect(truncated.problems).toHaveLength(1);
    expect(truncated.problems[0]?.reason).toMatch(/newer entries were removed/);
  });

  it('verify reports every broken entry, so an early one cannot hide later tampering', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    for (let i = 0; i < 6; i++) {
      await t.ok('settings.update', { office: { name: `Lagos office ${i}` } }, { token: admin });
    }
    const raw = t.core.deps.raw;
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    raw.exec("UPDATE audit_log SET summary = 'Nothing happened' WHERE seq = 2");
    // A careful forger recomputes entry 5's own hash: its successor no longer links to it.
    const five = raw.prepare('SELECT * FROM audit_log WHERE seq = 5').get() as Record<
      string,
      string
    >;
    const forged = entryHash(five.prev_hash as string, 5, {
      id: five.id as string,
      officeId: five.office_id as string,
      at: five.at as string,
      actor: five.actor as string,
      actorUserId: (five.actor_user_id as string | null) ?? null,
      door: five.door as string,
      command: five.command as string,
      records: JSON.parse(five.records as string) as string[],
      summary: 'Nothing happened either',
      outcome: five.outcome as 'ok',
    });
    raw
      .prepare('UPDATE audit_log SET summary = ?, hash = ? WHERE seq = 5')
      .run('Nothing happened either', forged);
    raw.exec('DELETE FROM audit_log WHERE seq = 8');

    expect(await t.ok('audit.verify', {}, { token: admin })).toEqual({
      ok: false,
      checked: 8,
      problems: [
        { seq: 2, reason: 'entry 2 was changed after it was written' },
        { seq: 6, reason: 'entry 6 does not link to the entry before it' },
        { seq: 8, reason: 'entry 8 is missing (next entry found is 9)' },
      ],
    });
  });

  it('refuses a lone surrogate or NUL in any text, naming the field, and stores nothing', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    const before = snapshot(t.core);
    const surrogate = await t.call(
      'sites.createCluster',
      { name: 'North \ud800' },
      { token: admin },
    );
    expect(surrogate).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'Name contains a broken character at position 7 (half of an emoji or symbol); please retype it',
        details: { issues: [{ field: 'name' }] },
      },
    });
    const nul = await t.call(
      'users.create',
      {
        username: 'chidi',
        displayName: 'Chidi\u0000',
        role: 'clerk',
        password: 'clerk pass 12',
        passwordConfirm: 'clerk pass 12',
      },
      { token: admin },
    );
    expect(nul).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { issues: [{ field: 'displayName', message: expect.stringMatching(/NUL/) }] },
      },
    });
    // Keys and nested fields too; a correct emoji pair is fine.
    const nested = await t.call(
      'imports.preview',
      { kind: 'customers', contentBase64: '', mapping: { 'name\udc00': 'x' } },
      { token: admin },
    );
    expect(nested).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'mapping.name\\udc00' }] } },
    });
    expect(snapshot(t.core)).toBe(before);
    await t.ok('sites.createCluster', { name: 'North ☀️ 🌞' }, { token: admin });
    const tree = await t.ok('sites.tree', {}, { token: admin });
    expect(tree.clusters.map((c) => c.name)).toEqual(['North ☀️ 🌞']);
    expect((await t.ok('audit.verify', {}, { token: admin })).ok).toBe(true);
  });

  it('a NUL in search text or a list filter is a clear refusal, not INTERNAL', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    for (const [name, input] of [
      ['search.quick', { q: 'ab\u0000c' }],
      ['customers.list', { text: 'ab\u0000c' }],
      ['devices.list', { text: 'ab\u0000c' }],
      ['audit.list', { text: 'ab\u0000c' }],
    ] as const) {
      const result = await t.core.dispatch(name, input, { door: 'http', token: admin });
      expect(result, name).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
  });

  it('hashes exactly what is stored, even for text that did not come through the contract', async () => {
    t = openTestCore();
    await setUpOffice(t);
    // A summary quoting a device's garbled answer: half an emoji pair.
    t.core.deps.raw.transaction(() =>
      appendAudit(t.core.deps.db, {
        id: '01900000-0000-7000-8000-000000000001',
        officeId: 'none',
        at: '2026-11-22T08:00:00.000Z',
        actor: 'system',
        actorUserId: null,
        door: 'system',
        command: 'meters.read',
        records: [],
        summary: 'Meter answered "SN\ud83d"',
        outcome: 'ok',
      }),
    )();
    expect(verifyAudit(t.core.deps.db)).toMatchObject({ ok: true, problems: [] });
  });
});
