// The streamed age payload (core/backup/age-stream.ts) against the age-encryption library, which
// implements the same format independently: each side reads what the other wrote, at every size
// around the 64 KiB chunk border, fed in uneven pieces; and damaged files are refused. The `age`
// command-line tool is checked the same way in test/peers/backup-age.test.ts.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter, Encrypter } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CHUNK_BYTES,
  openAgeHeader,
  openAgePayload,
  sealAge,
  sealedPayloadSize,
  sealHeader,
} from '../../src/core/backup/age-stream';
import { tempDir } from '../helpers/core';

const PASS = 'orange tractor mango 42 river';
const LOG_N = 10;
const work = tempDir('griddesk-age-stream-');
afterAll(() => work.remove());

/** The input in pieces of uneven sizes, so chunk borders fall inside pieces. */
function* pieces(data: Buffer, sizes = [1, 7000, 65_535, 3, 100_000]) {
  let at = 0;
  let i = 0;
  while (at < data.length) {
    const n = sizes[i++ % sizes.length] ?? 1;
    yield data.subarray(at, at + n);
    at += n;
  }
}

async function collect(source: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

async function ours(plain: Buffer): Promise<Buffer> {
  const { header, fileKey } = await sealHeader(PASS, LOG_N);
  return collect(sealAge(pieces(plain), header, fileKey));
}

async function theirs(plain: Buffer): Promise<Buffer> {
  const e = new Encrypter();
  e.setPassphrase(PASS);
  e.setScryptWorkFactor(LOG_N);
  return Buffer.from(await e.encrypt(plain));
}

let n = 0;
async function readOurs(file: Buffer, passphrase = PASS): Promise<Buffer> {
  const path = join(work.path, `f${n++}.age`);
  writeFileSync(path, file);
  const { key, payloadStart } = await openAgeHeader(path, passphrase);
  return collect(openAgePayload(pieces(file.subarray(payloadStart), [3, 65_552, 9000]), key));
}

async function readTheirs(file: Buffer): Promise<Buffer> {
  const d = new Decrypter();
  d.addPassphrase(PASS);
  return Buffer.from(await d.decrypt(file));
}

const SIZES = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES, 200_001];

describe('the age payload, sealed with node:crypto', () => {
  it.each(SIZES)(
    'age-encryption reads what we seal (%i bytes), and we read its files',
    async (size) => {
      const plain = randomBytes(size);
      const sealed = await ours(plain);
      expect(await readTheirs(sealed)).toEqual(plain);
      expect(await readOurs(await theirs(plain))).toEqual(plain);
      expect(await readOurs(sealed)).toEqual(plain);
      // The progress total is exact.
      const { header } = await sealHeader(PASS, LOG_N);
      expect(sealed.length).toBe(header.length + sealedPayloadSize(size));
    },
  );

  it('refuses a file cut at a chunk border, cut inside a chunk, with a flipped bit or extra bytes', async () => {
    const plain = randomBytes(3 * CHUNK_BYTES + 10);
    for (const file of [await ours(plain), await theirs(plain)]) {
      const { payloadStart } = await openAgeHeader(
        (writeFileSync(join(work.path, 'h.age'), file), join(work.path, 'h.age')),
        PASS,
      );
      const border = payloadStart + 2 * (CHUNK_BYTES + 16);
      await expect(readOurs(file.subarray(0, border))).rejects.toThrow(/part 2 .*fails its check/);
      await expect(readOurs(file.subarray(0, border + 100))).rejects.toThrow(/fails its check/);
      await expect(readOurs(file.subarray(0, payloadStart + 5))).rejects.toThrow(/ends early/);
      const flipped = Buffer.from(file);
      const at = payloadStart + CHUNK_BYTES + 40;
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      await expect(readOurs(flipped)).rejects.toThrow(/part 2 .*fails its check/);
      await expect(readOurs(Buffer.concat([file, Buffer.from('x')]))).rejects.toThrow(
        /fails its check/,
      );
    }
  });

  it('refuses a wrong passphrase and a changed header', async () => {
    const file = await ours(randomBytes(100));
    await expect(readOurs(file, 'another passphrase entirely')).rejects.toThrow(
      /no identity matched/,
    );
    const changed = Buffer.from(file);
    // The log2 work factor in the stanza line: "... 10\n" -> "... 11\n" breaks the header MAC.
    const at = changed.indexOf(' 10\n', 0, 'latin1');
    changed[at + 2] = '1'.charCodeAt(0);
    await expect(readOurs(changed)).rejects.toThrow(/HMAC|identity/);
    await expect(readOurs(file.subarray(0, 40))).rejects.toThrow(/header is incomplete/);
  });
});
