// A GridDesk backup against the standard tools an operator would use if GridDesk were gone: the
// `age` CLI decrypts it with the passphrase (typed at its terminal prompt, here through a
// pseudo-terminal), `tar` unpacks it, and the `sqlite3` CLI opens the database. And the other way:
// an archive that `tar` and `age` made from the same parts is accepted by GridDesk's verifier.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBackupFile, writeBackup, type WrittenBackup } from '../../src/core/backup/archive';
import {
  CHUNK_BYTES,
  openAgeHeader,
  openAgePayload,
  sealAge,
  sealHeader,
} from '../../src/core/backup/age-stream';
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
  written.dispose();
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

  // The payload is sealed by GridDesk's own code (node:crypto), so the chunk borders are checked
  // against the reference tool too: a last chunk that is exactly full, one byte over, and files
  // cut at a border or with a flipped bit.
  it('age and GridDesk read each other at the 64 KiB chunk borders and refuse cut or flipped files', async () => {
    const collect = async (source: AsyncIterable<Buffer>) => {
      const parts: Buffer[] = [];
      for await (const part of source) parts.push(part);
      return Buffer.concat(parts);
    };
    const readOurs = async (path: string) => {
      const { key, payloadStart } = await openAgeHeader(path, PASSPHRASE);
      return collect(openAgePayload([readFileSync(path).subarray(payloadStart)], key));
    };
    for (const size of [2 * CHUNK_BYTES, 2 * CHUNK_BYTES + 1]) {
      const plain = randomBytes(size);
      const { header, fileKey } = await sealHeader(PASSPHRASE);
      const ours = join(work.path, `ours-${size}.age`);
      writeFileSync(ours, await collect(sealAge([plain], header, fileKey)));
      const out = join(work.path, `ours-${size}.out`);
      const decrypted = age(['--decrypt', '-o', out, ours]);
      expect(decrypted.status, decrypted.output).toBe(0);
      expect(readFileSync(out).equals(plain)).toBe(true);

      const clear = join(work.path, `clear-${size}`);
      writeFileSync(clear, plain);
      const theirs = join(work.path, `theirs-${size}.age`);
      expect(age(['--passphrase', '-o', theirs, clear]).status).toBe(0);
      expect((await readOurs(theirs)).equals(plain)).toBe(true);

      // Cut right after the first chunk, and with one bit flipped in the second: both refused,
      // by GridDesk and by age alike.
      const whole = readFileSync(theirs);
      const { payloadStart } = await openAgeHeader(theirs, PASSPHRASE);
      const cut = join(work.path, `cut-${size}.age`);
      writeFileSync(cut, whole.subarray(0, payloadStart + CHUNK_BYTES + 16));
      await expect(readOurs(cut)).rejects.toThrow(/part 1 .*fails its check/);
      const flipped = Buffer.from(whole);
      const at = payloadStart + CHUNK_BYTES + 16 + 100;
      flipped[at] = (flipped[at] ?? 0) ^ 0x04;
      const flippedFile = join(work.path, `flipped-${size}.age`);
      writeFileSync(flippedFile, flipped);
      await expect(readOurs(flippedFile)).rejects.toThrow(/part 2 .*fails its check/);
      const oursCut = join(work.path, `ours-cut-${size}.age`);
      writeFileSync(oursCut, readFileSync(ours).subarray(0, payloadStart + CHUNK_BYTES + 16));
      expect(age(['--decrypt', '-o', join(work.path, 'x.out'), oursCut]).status).not.toBe(0);
    }
  });
});
