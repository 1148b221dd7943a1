import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, SETUP, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t.close());

describe('setup wizard', () => {
  it('creates the company, office and administrator and signs the admin in', async () => {
    t = openTestCore();
    expect(await t.ok('setup.status', {})).toEqual({ initialised: false, companyName: null });
    const result = await t.ok('setup.initialise', SETUP);
    expect(result.session.user).toMatchObject({ username: 'ada', role: 'admin', disabled: false });
    expect(await t.ok('setup.status', {})).toEqual({
      initialised: true,
      companyName: 'Sunrise Power Ltd',
    });
    const me = await t.ok('auth.me', {}, { token: result.session.token });
    expect(me.settings).toMatchObject({
      company: { name: 'Sunrise Power Ltd', country: 'NG' },
      currency: { code: 'NGN', decimals: 2 },
      office: { code: 'LAG', timeZone: 'Africa/Lagos' },
    });
  });

  it('refuses a second setup', async () => {
    t = openTestCore();
    await t.ok('setup.initialise', SETUP);
    const again = await t.call('setup.initialise', SETUP);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('names the field when the passwords differ', async () => {
    t = openTestCore();
    const bad = await t.call('setup.initialise', {
      ...SETUP,
      admin: { ...SETUP.admin, passwordConfirm: 'something else' },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION');
    expect(bad.error.details?.issues).toContainEqual({
      field: 'admin.passwordConfirm',
      message: 'does not match the password',
    });
    expect(await t.ok('setup.status', {})).toMatchObject({ initialised: false });
  });

  it('loads the demo company', async () => {
    t = openTestCore();
    const result = await t.ok('setup.initialise', { ...SETUP, loadDemo: true });
    expect(result.demo?.customers).toBeGreaterThanOrEqual(200);
    const count = (sql: string) => t.core.deps.raw.prepare(sql).pluck().get();
    expect(count('SELECT count(*) FROM mini_grids WHERE deleted_at IS NULL')).toBe(2);
    expect(count('SELECT count(*) FROM customers WHERE deleted_at IS NULL')).toBe(
      result.demo?.customers,
    );
    expect(count("SELECT count(*) FROM devices WHERE kind = 'meter'")).toBeGreaterThan(0);
    const accounts = t.core.deps.raw
      .prepare('SELECT account_number FROM customers ORDER BY account_number LIMIT 2')
      .all();
    expect(accounts).toEqual([{ account_number: 'LAG000018' }, { account_number: 'LAG000026' }]);
  });
});

describe('sign-in', () => {
  it('signs in, answers who am I, signs out', async () => {
    t = openTestCore();
    const { cashierToken } = await setUpOffice(t);
    const me = await t.ok('auth.me', {}, { token: cashierToken });
    expect(me.user.role).toBe('cashier');
    await t.ok('auth.logout', {}, { token: cashierToken });
    const after = await t.call('auth.me', {}, { token: cashierToken });
    expect(after).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('gives the same answer for an unknown user and a wrong password, slowing down', async () => {
    t = openTestCore();
    await setUpOffice(t);
    const unknown = await t.call('auth.login', { username: 'nobody', password: 'whatever1' });
    const wrong = await t.call('auth.login', { username: 'bola', password: 'wrong password' });
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Wrong username or password.' },
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Wrong username or password.' },
    });
    await t.call('auth.login', { username: 'bola', password: 'wrong password' });
    await t.call('auth.login', { username: 'bola', password: 'wrong password' });
    // Every refusal waited, and each wrong password for bola waited longer than the one before.
    expect(t.sleeps).toEqual([250, 250, 500, 1000]);
  });

  it('hashes off the event loop: a query sent after a sign-in answers before it', async () => {
    t = openTestCore();
    const { cashierToken } = await setUpOffice(t);
    const order: string[] = [];
    const signIns = ['wrong one', 'cashier pass 1'].map((password) =>
      t.call('auth.login', { username: 'bola', password }).then(() => order.push('sign-in')),
    );
    const query = t.call('auth.me', {}, { token: cashierToken }).then(() => order.push('query'));
    await Promise.all([...signIns, query]);
    expect(order).toEqual(['query', 'sign-in', 'sign-in']);
  });

  it('locks the account after five wrong passwords until the time passes or an admin resets it', async () => {
    t = openTestCore();
    const { admin, cashier } = await setUpOffice(t);
    for (let i = 0; i < 5; i++) {
      await t.call('auth.login', { username: 'bola', password: 'wrong password' });
    }
    const locked = await t.call('auth.login', { username: 'bola', password: 'cashier pass 1' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    if (!locked.ok) expect(locked.error.message).toMatch(/locked until/);

    t.clock.advance(16 * 60 * 1000);
    expect((await t.call('auth.login', { username: 'bola', password: 'cashier pass 1' })).ok).toBe(
      true,
    );

    for (let i = 0; i < 5; i++) {
      await t.call('auth.login', { username: 'bola', password: 'wrong password' });
    }
    await t.ok(
      'users.resetPassword',
      { id: cashier.id, password: 'new cashier pass', passwordConfirm: 'new cashier pass' },
      { token: admin },
    );
    expect(
      (await t.call('auth.login', { username: 'bola', password: 'new cashier pass' })).ok,
    ).toBe(true);
  });

  it('survives a restart: accounts persist, sessions do not', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    t.reopen();
    expect((await t.call('auth.me', {}, { token: admin })).ok).toBe(false);
    expect(
      (await t.call('auth.login', { username: 'ada', password: SETUP.admin.password })).ok,
    ).toBe(true);
  });
});

describe('lock screen', () => {
  it('refuses work while locked and unlocks with the same password', async () => {
    t = openTestCore();
    const { cashierToken } = await setUpOffice(t);
    await t.ok('auth.lock', {}, { token: cashierToken });
    const blocked = await t.call('sites.tree', {}, { token: cashierToken });
    expect(blocked).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', details: { locked: true } },
    });
    const me = await t.ok('auth.me', {}, { token: cashierToken });
    expect(me.locked).toBe(true);
    const wrong = await t.call('auth.unlock', { password: 'nope nope' }, { token: cashierToken });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Wrong password.' },
    });
    await t.ok('auth.unlock', { password: 'cashier pass 1' }, { token: cashierToken });
    expect((await t.call('sites.tree', {}, { token: cashierToken })).ok).toBe(true);
  });
});

describe('user administration', () => {
  it('is for admins only', async () => {
    t = openTestCore();
    const { cashierToken } = await setUpOffice(t);
    const result = await t.call('users.list', {}, { token: cashierToken });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('disabling a user ends their sessions and refuses sign-in', async () => {
    t = openTestCore();
    const { admin, cashier, cashierToken } = await setUpOffice(t);
    await t.ok('users.setDisabled', { id: cashier.id, disabled: true }, { token: admin });
    expect((await t.call('auth.me', {}, { token: cashierToken })).ok).toBe(false);
    const again = await t.call('auth.login', { username: 'bola', password: 'cashier pass 1' });
    expect(again).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('answers a disabled account the same for its right and a wrong password', async () => {
    t = openTestCore();
    const { admin, cashier } = await setUpOffice(t);
    await t.ok('users.setDisabled', { id: cashier.id, disabled: true }, { token: admin });
    const answers = [];
    // Alternating, several times: a counter of failures must not make the answers drift apart.
    for (let i = 0; i < 3; i++) {
      for (const password of ['cashier pass 1', 'not the password']) {
        t.sleeps.length = 0;
        const answer = await t.call('auth.login', { username: 'bola', password });
        answers.push({ answer, sleeps: [...t.sleeps] });
      }
    }
    // And exactly what a username that does not exist gets.
    t.sleeps.length = 0;
    const unknown = await t.call('auth.login', { username: 'nobody', password: 'cashier pass 1' });
    for (const a of answers) expect(a).toEqual({ answer: unknown, sleeps: [...t.sleeps] });
    // The audit log says the account is disabled, never whether the password was right.
    const entries = await t.ok('audit.list', { limit: 20 }, { token: admin });
    const refusals = entries.entries.filter(
      (e) => e.command === 'auth.login' && e.outcome === 'refused',
    );
    expect(refusals).toHaveLength(6);
    expect(new Set(refusals.map((e) => e.summary))).toEqual(
      new Set(['Sign-in refused for bola: the account is disabled']),
    );
    // Enabled again, the right password works at once (the refusals did not lock it).
    await t.ok('users.setDisabled', { id: cashier.id, disabled: false }, { token: admin });
    await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' });
  });

  it("changing one's own password ends one's other sessions but not this one", async () => {
    t = openTestCore();
    const { admin, cashierToken } = await setUpOffice(t);
    const other = (await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' }))
      .token;
    await t.ok(
      'auth.changePassword',
      {
        currentPassword: 'cashier pass 1',
        newPassword: 'a new pass 22',
        newPasswordConfirm: 'a new pass 22',
      },
      { token: cashierToken },
    );
    expect((await t.call('auth.me', {}, { token: cashierToken })).ok).toBe(true);
    expect(await t.call('auth.me', {}, { token: other })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    // Someone else's sessions are untouched.
    expect((await t.call('auth.me', {}, { token: admin })).ok).toBe(true);
    const entries = await t.ok('audit.list', { limit: 5 }, { token: admin });
    expect(entries.entries[0]?.summary).toBe(
      'bola changed their password (1 other session signed out)',
    );
    await t.ok('auth.login', { username: 'bola', password: 'a new pass 22' });
  });

  it('a wrong current password changes nothing and ends no session', async () => {
    t = openTestCore();
    const { cashierToken } = await setUpOffice(t);
    const other = (await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' }))
      .token;
    const refused = await t.call(
      'auth.changePassword',
      {
        currentPassword: 'not it at all',
        newPassword: 'a new pass 22',
        newPasswordConfirm: 'a new pass 22',
      },
      { token: cashierToken },
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'currentPassword' }] } },
    });
    expect((await t.call('auth.me', {}, { token: other })).ok).toBe(true);
    await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' });
  });

  it('keeps at least one active administrator', async () => {
    t = openTestCore();
    const { admin, setup } = await setUpOffice(t);
    const demote = await t.call(
      'users.update',
      { id: setup.session.user.id, role: 'clerk' },
      { token: admin },
    );
    expect(demote).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const self = await t.call(
      'users.setDisabled',
      { id: setup.session.user.id, disabled: true },
      { token: admin },
    );
    expect(self).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses a taken username, naming the field', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    const dup = await t.call(
      'users.create',
      {
        username: 'BOLA',
        displayName: 'x',
        role: 'clerk',
        password: '12345678',
        passwordConfirm: '12345678',
      },
      { token: admin },
    );
    expect(dup).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        details: { issues: [{ field: 'username', message: 'is already taken' }] },
      },
    });
  });

  it('stores passwords as scrypt hashes only', async () => {
    t = openTestCore();
    await setUpOffice(t);
    const rows = t.core.deps.raw.prepare('SELECT password_hash FROM users').all() as {
      password_hash: string;
    }[];
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
      expect(row.password_hash).not.toContain('cashier pass 1');
    }
  });
});
