// The age passphrase recipient (age spec, "scrypt recipient stanza") on Node's own scrypt and
// ChaCha20-Poly1305, plugged into age-encryption through its Recipient and Identity interfaces.
// The library's built-in one runs scrypt in JavaScript on the calling thread: at age's standard
// work factor (2^18) that stops the event loop for about 1.5 s, and the cashiers with it, at
// every scheduled backup. Node runs scrypt in its thread pool and natively (several times faster).
// The file format is unchanged: the standard `age` tool opens these files and the other way round.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { Stanza, type Identity, type Recipient } from 'age-encryption';

const LABEL = 'age-encryption.org/v1/scrypt';
const SALT_BYTES = 16;
const FILE_KEY_BYTES = 16;
const TAG_BYTES = 16;
/** age's own default work factor (2^18: 256 MiB and about a second, once per file). */
export const DEFAULT_SCRYPT_LOG_N = 18;
/** The largest work factor accepted when opening a file (the age tool's limit is 22). */
const MAX_LOG_N = 22;

function deriveKey(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scrypt(
      Buffer.from(passphrase, 'utf8'),
      Buffer.concat([Buffer.from(LABEL, 'latin1'), salt]),
      32,
      // scrypt needs 128 * N * r bytes; the default cap (32 MiB) is below age's standard cost.
      { N, r: 8, p: 1, maxmem: 128 * N * 8 + 16 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** The nonce is all zeroes: every wrapping key is fresh (new salt) and used once. */
const ZERO_NONCE = Buffer.alloc(12);

export function scryptRecipient(passphrase: string, logN = DEFAULT_SCRYPT_LOG_N): Recipient {
  return {
    async wrapFileKey(fileKey) {
      const salt = randomBytes(SALT_BYTES);
      const key = await deriveKey(passphrase, salt, logN);
      const cipher = createCipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 });
      const body = Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
      return [
        new Stanza(['scrypt', salt.toString('base64').replace(/=+$/, ''), String(logN)], body),
      ];
    },
  };
}

/** Thrown for a header that is not a single, well-formed passphrase stanza. */
export class NotPassphraseFileError extends Error {}

export function scryptIdentity(passphrase: string): Identity {
  return {
    async unwrapFileKey(stanzas) {
      const stanza = stanzas.find((s) => s.args[0] === 'scrypt');
      if (!stanza) throw new NotPassphraseFileError('The file is not encrypted with a passphrase.');
      // The spec forbids mixing: a passphrase file has exactly one stanza.
      if (stanzas.length !== 1 || stanza.args.length !== 3) {
        throw new NotPassphraseFileError('The file header is not a valid passphrase header.');
      }
      const salt = Buffer.from(stanza.args[1] ?? '', 'base64');
      const logText = stanza.args[2] ?? '';
      if (salt.length !== SALT_BYTES || !/^[1-9][0-9]*$/.test(logText)) {
        throw new NotPassphraseFileError('The file header is not a valid passphrase header.');
      }
      const logN = Number(logText);
      if (logN > MAX_LOG_N) {
        throw new NotPassphraseFileError(`The file asks for too much work to open (2^${logN}).`);
      }
      if (stanza.body.length !== FILE_KEY_BYTES + TAG_BYTES) return null;
      const key = await deriveKey(passphrase, salt, logN);
      const body = Buffer.from(stanza.body);
      const decipher = createDecipheriv('chacha20-poly1305', key, ZERO_NONCE, {
        authTagLength: 16,
      });
      decipher.setAuthTag(body.subarray(FILE_KEY_BYTES));
      try {
        return new Uint8Array(
          Buffer.concat([decipher.update(body.subarray(0, FILE_KEY_BYTES)), decipher.final()]),
        );
      } catch {
        // Authentication failed: another passphrase.
        return null;
      }
    },
  };
}
