// `griddesk backup` and `griddesk backup verify`, run in-process: exit codes (0 done, 1 refused
// with a message, usage errors) and where the passphrase comes from (settings, or the
// GRIDDESK_BACKUP_PASSPHRASE environment variable, which overrides it).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupCommand, BackupUsageError } from '../../src/cli/backup';
import { openTestCore, tempDir, type TestCore } from '../helpers/core';
import { officeWithSales, PASSPHRASE } from '../helpers/backup';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function griddesk(t: TestCore, args: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  t.close();
  try {
    const code = await backupCommand(
      t.dataDir,
      args,
      () => {
        t.reopen();
        return t.core;
      },
      { out: (l) => lines.push(l), env, prompt: () => Promise.resolve(null) },
    );
    return { code, text: lines.join('\n') };
  } finally {
    t.reopen();
  }
}

async function office() {
  const t = openTestCore();
  cleanups.push(() => t.close());
  const o = await officeWithSales(t);
  const usb = tempDir('griddesk-cli-usb-');
  cleanups.push(() => usb.remove());
  return { t, ...o, usb: usb.path };
}

describe('griddesk backup', () => {
  it('refuses without a passphrase (exit 1), takes it from the environment, then from settings', async () => {
    const { t, usb } = await office();
    const none = await griddesk(t, ['--to', usb]);
    expect(none).toEqual({
      code: 1,
      text: 'No backup passphrase is set. An administrator sets it in Settings > Backups; until then no backup is made.',
    });
    const fromEnv = await griddesk(t, ['--to', usb], { GRIDDESK_BACKUP_PASSPHRASE: PASSPHRASE });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.text).toBe(
      `Backup written and verified: ${join(usb, 'LAG-20261122T080000Z.gdbackup')}`,
    );
    // (The CLI's opening and closing of the core ended the web sessions: the operator sets it.)
    await t.ok(
      'backups.setPassphrase',
      { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
      { door: 'cli' },
    );
    t.clock.advance(60_000);
    expect((await griddesk(t, ['--to', usb])).code).toBe(0);
    expect(readdirSync(usb).sort()).toEqual([
      'LAG-20261122T080000Z.gdbackup',
      'LAG-20261122T080100Z.gdbackup',
    ]);
    const missing = join(usb, 'gone');
    const refused = await griddesk(t, ['--to', missing]);
    expect(refused).toEqual({
      code: 1,
      text: `The backup folder ${missing} does not exist (is the USB stick plugged in?).`,
    });
    await expect(griddesk(t, ['somewhere'])).rejects.toThrow(BackupUsageError);
  });

  it('verifies a file: the manifest when good, the reason when not', async () => {
    const { t, usb } = await office();
    const env = { GRIDDESK_BACKUP_PASSPHRASE: PASSPHRASE };
    await griddesk(t, ['--to', usb], env);
    const file = join(usb, 'LAG-20261122T080000Z.gdbackup');
    const good = await griddesk(t, ['verify', file], env);
    expect(good.code).toBe(0);
    expect(good.text).toContain(`The backup ${file} is good.`);
    expect(good.text).toContain('Office LAG (Lagos office) of Sunrise Power Ltd');
    expect(good.text).toContain('payments 3, payment_allocations 3, tokens 3');
    const wrong = await griddesk(t, ['verify', file], {
      GRIDDESK_BACKUP_PASSPHRASE: 'some other passphrase 12',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.text).toMatch(/^The passphrase does not open /);
    const noPassphrase = await griddesk(t, ['verify', file]);
    expect(noPassphrase.code).toBe(1);
    expect(noPassphrase.text).toMatch(/GRIDDESK_BACKUP_PASSPHRASE/);
    await expect(griddesk(t, ['verify'])).rejects.toThrow('backup verify needs one FILE');
  });
});
