// The CLI's passphrase prompt, as a support person meets it: `griddesk backup verify FILE` on a PC
// without GridDesk data and without GRIDDESK_BACKUP_PASSPHRASE asks on the terminal (driven here
// through a pseudo-terminal), shows nothing of what is typed, takes Backspace, and Ctrl-C gives up;
// with no terminal (a pipe, a script) it refuses at once, naming the environment variable.
// (npm test builds first; run `npm run build` before running this file alone.)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../src/core/backup/archive';
import { openTestCore, tempDir, type TestCore } from '../helpers/core';
import { officeWithSales, PASSPHRASE, TEST_SCRYPT_LOG_N } from '../helpers/backup';

const BIN = resolve(__dirname, '../../bin/griddesk.js');
const PTY = resolve(__dirname, '../peers/age-pty.py');
const work = tempDir('griddesk-cli-prompt-');
const emptyData = tempDir('griddesk-cli-prompt-data-');
let t: TestCore;
let file: string;

/** The environment of a support laptop: no data folder of its own, no passphrase variable. */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GRIDDESK_DATA: emptyData.path };
  delete e.GRIDDESK_BACKUP_PASSPHRASE;
  return e;
}

/** `griddesk backup verify FILE` with `typed` (then Enter) at the passphrase prompt. */
function verifyTyping(typed: string) {
  const r = spawnSync(
    '/usr/bin/python3',
    [PTY, typed, process.execPath, BIN, 'backup', 'verify', file],
    { encoding: 'utf8', env: env(), timeout: 60_000 },
  );
  // The pseudo-terminal's output (prompt and messages) comes back on stderr.
  return { code: r.status, screen: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  if (!existsSync(resolve(__dirname, '../../out/main/cli.js'))) {
    throw new Error('The CLI is not built: run npm run build (npm test does it first).');
  }
  t = openTestCore();
  await officeWithSales(t);
  const written = await writeBackup({
    source: t.core.deps.raw,
    dataDir: t.dataDir,
    folder: work.path,
    passphrase: PASSPHRASE,
    createdAt: t.clock.nowIso(),
    appVersion: '0.0.0-test',
    scryptLogN: TEST_SCRYPT_LOG_N,
  });
  written.dispose();
  file = written.file;
});
afterAll(() => {
  t.close();
  work.remove();
  emptyData.remove();
});

describe('the CLI asks for the backup passphrase on the terminal', { timeout: 60_000 }, () => {
  it('verifies with the passphrase typed at the prompt, which is not shown', () => {
    const r = verifyTyping(PASSPHRASE);
    expect(r.screen).toContain(`Backup passphrase for ${file}: `);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toContain(`The backup ${file} is good.`);
    expect(r.screen).not.toContain(PASSPHRASE);
  });

  it('takes Backspace to correct a typing mistake', () => {
    const r = verifyTyping(`${PASSPHRASE.slice(0, -1)}x\u007f${PASSPHRASE.slice(-1)}`);
    expect(r.code, r.screen).toBe(0);
  });

  it('refuses a wrong passphrase with exit 1', () => {
    const r = verifyTyping('not the passphrase at all');
    expect(r.code).toBe(1);
    expect(r.screen).toContain(`The passphrase does not open ${file}`);
  });

  it('gives up on Ctrl-C, saying where a passphrase can come from', () => {
    const r = verifyTyping('\u0003');
    expect(r.code).toBe(1);
    expect(r.screen).toContain('GRIDDESK_BACKUP_PASSPHRASE');
  });

  it('does not wait for a passphrase without a terminal (stdin a pipe)', () => {
    const r = spawnSync(process.execPath, [BIN, 'backup', 'verify', file], {
      encoding: 'utf8',
      env: env(),
      input: `${PASSPHRASE}\n`,
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'No backup passphrase: set it in Settings > Backups, or give it in the GRIDDESK_BACKUP_PASSPHRASE environment variable.',
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain('Backup passphrase for');
  });
});
