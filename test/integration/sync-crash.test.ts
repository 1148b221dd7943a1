// A kill -9 in the middle of a sync import leaves the database as it was before the import
// (docs/sync.md: one transaction), and the same bundle then imports whole.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, snapshot, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const CHILD = resolve(__dirname, '../helpers/sync-import-child.ts');
const PASSPHRASE = 'a long backup passphrase for tests';

let open: TestCore[] = [];
const folder = tempDir('griddesk-sync-crash-');
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

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

describe('sync import and kill -9', () => {
  it('a killed import leaves nothing; the same bundle then imports whole', async () => {
    const lag = openTestCore();
    open.push(lag);
    const admin = (
      await lag.ok('setup.initialise', {
        company: { name: 'Sunrise Power Ltd', country: 'NG' },
        currency: { code: 'NGN', decimals: 2 },
        office: { name: 'Lagos office', code: 'LAG', timeZone: 'Africa/Lagos' },
        admin: {
          username: 'ada',
          displayName: 'Ada Obi',
          password: 'correct horse battery',
          passwordConfirm: 'correct horse battery',
        },
        loadDemo: false,
      })
    ).session.token;
    const a = { token: admin };
    const { key } = await lag.ok('sync.key', {}, a);
    const joinFile = join(folder.path, 'join.gdsync');
    await lag.ok('sync.joinFile', { officeCode: 'ABJ', officeName: 'Abuja', file: joinFile }, a);
    const abjDir = tempDir('griddesk-sync-crash-abj-');
    const abj = openTestCore(abjDir.path);
    await abj.ok('sync.join', { file: joinFile, key });
    const b = {
      token: (await abj.ok('auth.login', { username: 'ada', password: 'correct horse battery' }))
        .token,
    };
    await abj.ok(
      'backups.setPassphrase',
      { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
      b,
    );
    const seed = await seedRegistry(lag, admin);
    for (let i = 0; i < 30; i++) {
      await lag.ok(
        'customers.create',
        { firstName: `Crash${i}`, lastName: 'Okafor', villageId: seed.village.id },
        a,
      );
    }
    const bundle = join(folder.path, 'to-abj.gdsync');
    const exported = await lag.ok('sync.export', { to: 'ABJ', file: bundle }, a);
    const before = snapshot(abj.core);
    abj.close();

    await runAndKill([abjDir.path, bundle, '20']);

    const again = openTestCore(abjDir.path);
    open.push(again);
    expect(snapshot(again.core)).toBe(before);
    const token = (
      await again.ok('auth.login', { username: 'ada', password: 'correct horse battery' })
    ).token;
    const outcome = await again.ok('sync.import', { file: bundle }, { token });
    expect(outcome.applied + outcome.skipped).toBe(exported.changes);
    expect(
      again.core.deps.raw
        .prepare("SELECT count(*) FROM customers WHERE last_name = 'Okafor'")
        .pluck()
        .get(),
    ).toBe(30);
    abjDir.remove();
  }, 60_000);
});
