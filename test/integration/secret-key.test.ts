// secret.key must belong to the database: a missing, replaced or damaged key file stops GridDesk
// at start with a message that says how to recover, instead of a new key that opens nothing
// (every OpenPAYGO payment then failed with INTERNAL).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/core/adapters/data-dir';
import { KEY_FILE } from '../../src/core/adapters/secret-box';
import { StartupError } from '../../src/core/db/client';
import { KEY_CHECK_META } from '../../src/core/key-check';
import { openTestCore, setUpOffice, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const OTHER_KEY = `${Buffer.alloc(32, 7).toString('base64')}\n`;
const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

/** A closed data folder with an office and one OpenPAYGO device (its key sealed). */
async function folderWithDevice(): Promise<{ dir: string; deviceId: string }> {
  const data = tempDir();
  dirs.push(data);
  const t = openTestCore(data.path);
  const { admin } = await setUpOffice(t);
  const seed = await seedRegistry(t, admin);
  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
    { token: admin },
  );
  const device = await t.ok(
    'devices.create',
    {
      modelId: seed.shs.id,
      serial: 'SHS-KEY',
      customerId: customer.id,
      openpaygo: { key: KEY, startingCode: 516959010 },
    },
    { token: admin },
  );
  await t.ok(
    'devices.setPaygPlan',
    { deviceId: device.id, dailyPriceMinor: 100 },
    { token: admin },
  );
  t.close();
  return { dir: data.path, deviceId: device.id };
}

function startupError(open: () => TestCore): StartupError {
  try {
    open().close();
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error('GridDesk started');
}

function files(dir: string) {
  return { db: readFileSync(join(dir, DATABASE_FILE)), key: readFileSync(join(dir, KEY_FILE)) };
}

describe('the key file', () => {
  it('refuses to start with a replaced key, and changes nothing', async () => {
    const { dir } = await folderWithDevice();
    writeFileSync(join(dir, KEY_FILE), OTHER_KEY);
    const before = files(dir);
    const error = startupError(() => openTestCore(dir));
    expect(error.message).toMatch(/secret\.key does not belong to this database/);
    expect(error.message).toMatch(/Restore the secret\.key that was backed up with this database/);
    expect(files(dir)).toEqual(before);
  });

  it('refuses to start without the key file when keys are sealed, and creates no new one', async () => {
    const { dir } = await folderWithDevice();
    rmSync(join(dir, KEY_FILE));
    const error = startupError(() => openTestCore(dir));
    expect(error.message).toMatch(/secret\.key is missing, and this database holds device keys/);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
  });

  it.each([
    ['too short', 'c2hvcnQ=\n'],
    ['garbage', `${'!'.repeat(10)}${Buffer.alloc(32, 1).toString('base64')}\n`],
    ['empty', ''],
  ])('refuses a damaged key file (%s) with a clear message', async (_what, content) => {
    const { dir } = await folderWithDevice();
    writeFileSync(join(dir, KEY_FILE), content);
    const error = startupError(() => openTestCore(dir));
    expect(error.message).toMatch(/secret\.key is damaged: .*Restore secret\.key from the backup/);
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe(content);
  });

  it('starts with the right key and still issues tokens', async () => {
    const { dir, deviceId } = await folderWithDevice();
    const t = openTestCore(dir);
    const login = await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' });
    const paid = await t.call(
      'payments.record',
      {
        submissionKey: '0190a3b2-1c2d-7e4f-8a9b-0c1d2e3f4a5b',
        deviceId,
        amountMinor: 500,
        method: 'cash',
      },
      { token: login.token },
    );
    expect(paid).toMatchObject({ ok: true });
    t.close();
  });
});

describe('the check value', () => {
  it('is written on first open with the right key for a database that had none', async () => {
    const { dir } = await folderWithDevice();
    let t = openTestCore(dir);
    t.core.deps.raw.prepare('DELETE FROM local_meta WHERE key = ?').run(KEY_CHECK_META);
    t.close();
    t = openTestCore(dir);
    const check = () =>
      t.core.deps.raw
        .prepare('SELECT value FROM local_meta WHERE key = ?')
        .pluck()
        .get(KEY_CHECK_META);
    expect(check()).toMatch(/^v1:/);
    t.close();
  });

  it('is not written when the key cannot open the secrets already there', async () => {
    const { dir } = await folderWithDevice();
    const t = openTestCore(dir);
    t.core.deps.raw.prepare('DELETE FROM local_meta WHERE key = ?').run(KEY_CHECK_META);
    t.close();
    writeFileSync(join(dir, KEY_FILE), OTHER_KEY);
    expect(startupError(() => openTestCore(dir)).message).toMatch(/does not belong/);
    const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
    const check = db.prepare('SELECT value FROM local_meta WHERE key = ?').get(KEY_CHECK_META);
    db.close();
    expect(check).toBeUndefined();
  });

  it('catches a replaced key even when nothing else is sealed yet', async () => {
    const data = tempDir();
    dirs.push(data);
    const t = openTestCore(data.path);
    await setUpOffice(t);
    t.close();
    writeFileSync(join(data.path, KEY_FILE), OTHER_KEY);
    expect(startupError(() => openTestCore(data.path)).message).toMatch(/does not belong/);
  });
});
