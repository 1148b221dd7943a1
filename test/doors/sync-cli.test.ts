// `griddesk sync ...`, called in-process on real temporary data folders: the first office makes
// the key and a join file, a new folder joins with the key from the environment, bundles go both
// ways, the status prints, and refusals and usage errors answer 1 and 2.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { syncCommand, SyncUsageError } from '../../src/cli/sync';
import { openTestCore, setUpOffice, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const PASSPHRASE = 'a long backup passphrase for tests';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function griddesk(
  t: TestCore,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  typed: string | null = null,
) {
  const lines: string[] = [];
  t.close();
  try {
    const code = await syncCommand(
      () => {
        t.reopen();
        return t.core;
      },
      args,
      { out: (l) => lines.push(l), env, prompt: () => Promise.resolve(typed) },
    );
    return { code, text: lines.join('\n') };
  } finally {
    t.reopen();
  }
}

describe('griddesk sync', () => {
  it('key, join-file, join, export, import and status', async () => {
    const files = tempDir('griddesk-sync-cli-');
    const lag = openTestCore();
    const abj = openTestCore();
    cleanups.push(
      () => lag.close(),
      () => abj.close(),
      () => files.remove(),
    );
    const { admin } = await setUpOffice(lag);
    await seedRegistry(lag, admin);

    const key = await griddesk(lag, ['key']);
    expect(key.code).toBe(0);
    const [keyLine] = key.text.split('\n');
    expect(keyLine).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
    expect(key.text).toMatch(/Write it down/);

    const joinFile = join(files.path, 'abj.gdsync');
    const made = await griddesk(lag, [
      'join-file',
      '--office',
      'ABJ',
      '--name',
      'Abuja office',
      '--out',
      joinFile,
    ]);
    expect(made).toEqual({
      code: 0,
      text: `Join file for office ABJ written to ${joinFile}.\nTake it to the new PC with the sync key and run: griddesk sync join FILE`,
    });

    expect(await griddesk(abj, ['join', joinFile])).toEqual({
      code: 1,
      text: 'refused: the sync key is needed: set GRIDDESK_SYNC_KEY or run this on a terminal.',
    });
    const joined = await griddesk(abj, ['join', joinFile], {}, keyLine ?? '');
    expect(joined.code).toBe(0);
    expect(joined.text).toMatch(/^This PC is now office ABJ of Sunrise Power Ltd/);
    expect(joined.text).toMatch(/Sign in as ada, with the same password as at the first office\./);
    expect((await griddesk(abj, ['join', joinFile], { GRIDDESK_SYNC_KEY: keyLine })).text).toMatch(
      /^refused: GridDesk is already set up in this data folder/,
    );

    for (const t of [lag, abj]) {
      await t.ok(
        'backups.setPassphrase',
        { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
        { door: 'cli' },
      );
    }
    const bundle = join(files.path, 'to-lag.gdsync');
    const exported = await griddesk(abj, ['export', '--to', 'lag', '--out', bundle]);
    expect(exported.code).toBe(0);
    expect(exported.text).toMatch(
      new RegExp(`^Bundle for office LAG: \\d+ changes, written to ${bundle}\\.$`),
    );
    const imported = await griddesk(lag, ['import', bundle]);
    expect(imported.code).toBe(0);
    expect(imported.text).toMatch(
      /^Bundle from office ABJ imported: \d+ changes applied, \d+ already here, 0 waiting for earlier bundles, 0 to review\.\nA backup was taken first: .*\.gdbackup$/,
    );
    expect((await griddesk(lag, ['import', bundle])).text).toMatch(
      /^refused: This bundle was already imported/,
    );

    const status = await griddesk(lag, ['status']);
    // The join file was the first thing sent to ABJ; since then LAG wrote only three audit
    // entries (the passphrase, the import, the refused replay), which travel too.
    expect(status.text).toBe(
      'Office LAG: sync on, 0 to review.\n' +
        '  ABJ  sent 2026-11-22T08:00:00.000Z, received 2026-11-22T08:00:00.000Z, 3 changes not yet acknowledged',
    );
    const json = await griddesk(lag, ['status', '--json']);
    expect(JSON.parse(json.text)).toMatchObject({
      office: 'LAG',
      hasKey: true,
      peers: [{ code: 'ABJ' }],
    });
  });

  it('usage errors are exit code 2', async () => {
    const data = tempDir('griddesk-sync-cli-usage-');
    cleanups.push(() => data.remove());
    const err: string[] = [];
    const io = { out: () => undefined, err: (l: string) => err.push(l) };
    expect(await runCli(['--data', data.path, 'sync', 'teleport'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/usage:\n {2}griddesk sync key/);
    expect(await runCli(['--data', data.path, 'sync', 'export', '--to', 'ABJ'], io)).toBe(2);
    const t = openTestCore();
    cleanups.push(() => t.close());
    await expect(griddesk(t, ['import'])).rejects.toBeInstanceOf(SyncUsageError);
  });
});
