// A GridDesk backup against the standard tools an operator would use if GridDesk were gone: the
// `age` CLI decrypts it with the passphrase (typed at its terminal prompt, here through a
// pseudo-terminal), `tar` unpacks it, and the `sqlite3` CLI opens the database. And the other way:
// an archive that `tar` and `age` made from the same parts is accepted by GridDesk's verifier.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBackupFile, writeBackup, type WrittenBackup } from '../../src/core/backup/archive';
import { openTestCore, tempDir, type TestCore } from '../helpers/core';
import { officeWithSales, PASSPHRASE } from '../helpers/backup';

const AGE_PTY = resolve(__dirname, 'age-pty.py');

function requireTool(name: string): void {
  if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) {
    throw new Error(`${name} is not installed (Debian package ${name}; .ci/run installs it)`);
  }
}

/** Run `age` with the passphrase typed at its prompt(s). */
function age(args: string[]): { status: number | null; output: string } {
  const r = spawnSync('/usr/bin/python3', [AGE_PTY, PASSPHRASE, 'age', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const work = tempDir('griddesk-age-peer-');
let t: TestCore;
let written: WrittenBackup;

beforeAll(async () => {
  requireTool('age');
  requireTool('sqlite3');
  requireTool('tar');
  t = openTestCore();
  await officeWithSales(t);
  // age's standard work factor (2^18), the one real backups use.
  written = await writeBackup({
    source: t.core.deps.raw,
    dataDir: t.dataDir,
    folder: work.path,
    passphrase: PASSPHRASE,
    createdAt: t.clock.nowIso(),
    appVersion: '0.0.0-test',
  });
});
afterAll(() => {
  t.close();
  work.remove();
});

// age's standard scrypt cost takes seconds per file on a busy machine.
describe('backups and the standard age, tar and sqlite3 tools', { timeout: 120_000 }, () => {
  it('age decrypts a GridDesk backup, tar unpacks it and sqlite3 finds it whole', () => {
    expect(readFileSync(written.file).subarray(0, 70).toString('latin1')).toMatch(
      /^age-encryption\.org\/v1\n-> scrypt \S+ 18\n/,
    );
    const tarFile = join(work.path, 'backup.tar');
    const decrypted = age(['--decrypt', '-o', tarFile, written.file]);
    expect(decrypted.status, decrypted.output).toBe(0);
    const listing = execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' });
    expect(listing.trim().split('\n')).toEqual(['manifest.json', 'griddesk.sqlite', 'secret.key']);
    const out = join(work.path, 'unpacked');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xf', tarFile, '-C', out]);
    const db = join(out, 'griddesk.sqlite');
    expect(execFileSync('sqlite3', [db, 'PRAGMA integrity_check;'], { encoding: 'utf8' })).toBe(
      'ok\n',
    );
    const counts = execFileSync(
      'sqlite3',
      [db, 'SELECT count(*) FROM payments; SELECT count(*) FROM tokens;'],
      { encoding: 'utf8' },
    );
    expect(counts).toBe('3\n3\n');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      counts: Record<string, number>;
    };
    expect(manifest.counts).toMatchObject({ payments: 3, tokens: 3 });
    expect(readFileSync(join(out, 'secret.key'))).toEqual(
      readFileSync(join(t.dataDir, 'secret.key')),
    );
  });

  it('a wrong passphrase makes age refuse too', () => {
    const r = spawnSync(
      '/usr/bin/python3',
      [AGE_PTY, 'not the passphrase at all', 'age', '--decrypt', '-o', '/dev/null', written.file],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/incorrect passphrase/);
  });

  it('GridDesk verifies an archive that tar and age made from the same parts', async () => {
    const parts = join(work.path, 'parts');
    execFileSync('mkdir', ['-p', parts]);
    const tarFile = join(work.path, 'again.tar');
    expect(age(['--decrypt', '-o', tarFile, written.file]).status).toBe(0);
    execFileSync('tar', ['-xf', tarFile, '-C', parts]);
    const retarred = join(work.path, 'by-tar.tar');
    execFileSync('tar', [
      '-cf',
      retarred,
      '-C',
      parts,
      'manifest.json',
      'griddesk.sqlite',
      'secret.key',
    ]);
    const byAge = join(work.path, 'by-age.gdbackup');
    const encrypted = age(['--passphrase', '-o', byAge, retarred]);
    expect(encrypted.status, encrypted.output).toBe(0);
    const { manifest } = await verifyBackupFile(byAge, PASSPHRASE, t.dataDir);
    expect(manifest.counts).toMatchObject({ payments: 3, tokens: 3 });
    // And a file age encrypted around something else is refused, not trusted.
    const stray = join(work.path, 'stray.txt');
    writeFileSync(stray, 'not an archive');
    const strayAge = join(work.path, 'stray.gdbackup');
    expect(age(['--passphrase', '-o', strayAge, stray]).status).toBe(0);
    await expect(verifyBackupFile(strayAge, PASSPHRASE, t.dataDir)).rejects.toThrow(
      /is (not a GridDesk backup|damaged or incomplete)/,
    );
  });
});
