// The age v1 file, split where the work is. The header (the scrypt passphrase stanza and the
// header MAC) is small and built and checked by the age-encryption library around our own scrypt
// recipient (age-scrypt.ts). The payload is the bulk of a backup: age-encryption seals it in
// JavaScript at about 100 MB/s, which made a backup of a large office database take minutes, so it
// is sealed here with Node's native ChaCha20-Poly1305 (well over 1 GB/s), streamed chunk by chunk.
//
// The payload, as the age specification defines it (https://age-encryption.org/v1, "Payload"):
// a 16-byte random nonce; a key derived by HKDF-SHA256 from the file key with that nonce as salt
// and "payload" as info; then the plaintext in 64 KiB chunks, each sealed with ChaCha20-Poly1305
// under a 12-byte nonce made of an 11-byte big-endian chunk counter and a last-chunk flag byte
// (1 on the final chunk, 0 before). Only the final chunk may be shorter than 64 KiB, and it is
// empty only when the whole plaintext is. The standard `age` tool reads these files and GridDesk
// reads the tool's (test/peers/backup-age.test.ts).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { Decrypter, Encrypter } from 'age-encryption';
import { scryptIdentity, scryptRecipient } from './age-scrypt';

export const AGE_MAGIC = 'age-encryption.org/v1\n';
/** Plaintext bytes per payload chunk. */
export const CHUNK_BYTES = 64 * 1024;
const TAG_BYTES = 16;
export const NONCE_BYTES = 16;
const SEALED_CHUNK_BYTES = CHUNK_BYTES + TAG_BYTES;
/** A passphrase header is about 150 bytes; anything without its MAC line by here is not age. */
const MAX_HEADER_BYTES = 64 * 1024;

/** A file that is age but whose payload cannot be read: truncated, altered or bit-flipped. */
export class AgePayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgePayloadError';
  }
}

/**
 * Where the header ends in `bytes` (the index just past the MAC line "--- ..."), or null when the
 * MAC line is not there. Stanza lines start with "->" and stanza bodies are base64 (no "-"), so
 * the first line starting with "---" is the MAC line.
 */
export function headerEnd(bytes: Buffer): number | null {
  let from = 0;
  for (;;) {
    const at = bytes.indexOf('\n---', from, 'latin1');
    if (at < 0) return null;
    const eol = bytes.indexOf(0x0a, at + 1);
    if (eol < 0) return null;
    if (bytes[at + 4] === 0x20 || bytes[at + 4] === 0x0a) return eol + 1;
    from = at + 1;
  }
}

/**
 * A fresh header for one file: a random file key wrapped for the passphrase, and the header MAC.
 * The library writes it; its Recipient interface is what hands us the file key it made. It also
 * seals an empty payload under its own nonce, which is dropped: ours uses a fresh nonce.
 */
export async function sealHeader(
  passphrase: string,
  scryptLogN?: number,
): Promise<{ header: Buffer; fileKey: Buffer }> {
  const inner = scryptRecipient(passphrase, scryptLogN);
  let fileKey: Buffer | null = null;
  const encrypter = new Encrypter();
  encrypter.addRecipient({
    wrapFileKey(key) {
      fileKey = Buffer.from(key);
      return inner.wrapFileKey(key);
    },
  });
  const whole = Buffer.from(await encrypter.encrypt(new Uint8Array(0)));
  const end = headerEnd(whole);
  if (!fileKey || end === null) throw new Error('age-encryption wrote no header');
  return { header: whole.subarray(0, end), fileKey };
}

/** The payload key for a file key and the payload nonce. */
export function payloadKey(fileKey: Buffer, nonce: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));
}

function chunkNonce(counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  // 11-byte big-endian counter: a backup never comes near 2^48 chunks, so the low 6 bytes hold it.
  nonce.writeUIntBE(counter, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function seal(key: Buffer, counter: number, last: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, chunkNonce(counter, last), {
    authTagLength: TAG_BYTES,
  });
  const sealed = cipher.update(plain);
  cipher.final();
  return Buffer.concat([sealed, cipher.getAuthTag()]);
}

function open(key: Buffer, counter: number, last: boolean, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('chacha20-poly1305', key, chunkNonce(counter, last), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  try {
    decipher.final();
  } catch {
    throw new AgePayloadError(
      `part ${counter + 1} of the encrypted data fails its check: the file was altered or damaged`,
    );
  }
  return plain;
}

/** Collects incoming buffers and hands out exact-size pieces without copying more than needed. */
class Pending {
  private parts: Buffer[] = [];
  length = 0;

  push(part: Buffer): void {
    if (part.length === 0) return;
    this.parts.push(part);
    this.length += part.length;
  }

  take(n: number): Buffer {
    const first = this.parts[0];
    let out: Buffer;
    if (first && first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.parts.shift();
      else this.parts[0] = first.subarray(n);
    } else {
      const whole = Buffer.concat(this.parts, this.length);
      out = whole.subarray(0, n);
      this.parts = whole.length > n ? [whole.subarray(n)] : [];
    }
    this.length -= n;
    return out;
  }
}

/**
 * Seal a plaintext stream as an age file: header, payload nonce, sealed chunks. A chunk goes out
 * only once more plaintext is known to follow, so the final one (possibly a full 64 KiB, or empty
 * for an empty plaintext) carries the last-chunk flag.
 */
export async function* sealAge(
  plain: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  header: Buffer,
  fileKey: Buffer,
): AsyncGenerator<Buffer> {
  const nonce = randomBytes(NONCE_BYTES);
  const key = payloadKey(fileKey, nonce);
  yield Buffer.concat([header, nonce]);
  const pending = new Pending();
  let counter = 0;
  for await (const part of plain) {
    pending.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    // Several chunks per incoming buffer go out as one write.
    const out: Buffer[] = [];
    while (pending.length > CHUNK_BYTES)
      out.push(seal(key, counter++, false, pending.take(CHUNK_BYTES)));
    if (out.length) yield out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }
  yield seal(key, counter, true, pending.take(pending.length));
}

/** The size of the sealed payload (nonce included) for a plaintext size. */
export function sealedPayloadSize(plainBytes: number): number {
  const chunks = Math.max(1, Math.ceil(plainBytes / CHUNK_BYTES));
  return NONCE_BYTES + plainBytes + chunks * TAG_BYTES;
}

/** The start of a file: enough for an age header. */
function readStart(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(MAX_HEADER_BYTES + NONCE_BYTES);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * The file key of a header (exactly the header's bytes, MAC line included), unwrapped with the
 * passphrase; throws the library's errors for a wrong passphrase or a bad header.
 */
export async function openHeader(header: Buffer, passphrase: string): Promise<Buffer> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(scryptIdentity(passphrase));
  return Buffer.from(await decrypter.decryptHeader(header));
}

/**
 * Open an age passphrase file's header: check it with the passphrase (the library parses the
 * header and checks its MAC; our scrypt identity unwraps the file key) and return the payload key
 * and where the sealed chunks start. Throws the library's errors for a wrong passphrase or a bad
 * header, and AgePayloadError for a file that ends inside the header.
 */
export async function openAgeHeader(
  file: string,
  passphrase: string,
): Promise<{ key: Buffer; payloadStart: number }> {
  const start = readStart(file);
  const end = headerEnd(start.subarray(0, MAX_HEADER_BYTES));
  if (end === null) throw new AgePayloadError('its header is incomplete');
  const fileKey = await openHeader(start.subarray(0, end), passphrase);
  if (start.length < end + NONCE_BYTES) throw new AgePayloadError('it ends right after its header');
  const nonce = start.subarray(end, end + NONCE_BYTES);
  return { key: payloadKey(fileKey, nonce), payloadStart: end + NONCE_BYTES };
}

/**
 * Open the sealed chunks (the file from `payloadStart` on) and yield the plaintext. A chunk is
 * opened as the last one only when the file ends right after it, so a file cut at a chunk border
 * fails (the chunk before was sealed as "not last"), as does one with data after its last chunk.
 */
export async function* openAgePayload(
  sealed: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  key: Buffer,
): AsyncGenerator<Buffer> {
  const pending = new Pending();
  let counter = 0;
  for await (const part of sealed) {
    pending.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    const out: Buffer[] = [];
    while (pending.length > SEALED_CHUNK_BYTES) {
      out.push(open(key, counter++, false, pending.take(SEALED_CHUNK_BYTES)));
    }
    if (out.length) yield out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }
  if (pending.length < TAG_BYTES) throw new AgePayloadError('it ends early (it was cut short)');
  if (pending.length === TAG_BYTES && counter > 0) {
    throw new AgePayloadError('it ends with an empty part, which age never writes');
  }
  yield open(key, counter, true, pending.take(pending.length));
}
