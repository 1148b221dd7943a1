// Encryption of secrets at rest (OpenPAYGO device keys, later backup passphrases and provider
// passwords): AES-256-GCM with a random 12-byte nonce; the record's id is bound in as associated
// data, so a sealed key copied onto another device's row does not open.
//
// The master key comes from a KeySource: a 0600 key file in the data folder (browser mode, CLI,
// tests) or, in the desktop app, the same file wrapped by Electron safeStorage (electron/main.ts).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretBox {
  seal(plain: Buffer, context: string): string;
  open(sealed: string, context: string): Buffer;
}

const VERSION = 'v1';

export function createSecretBox(masterKey: Buffer): SecretBox {
  if (masterKey.length !== 32) throw new RangeError('The master key must be 32 bytes');
  return {
    seal(plain, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        nonce.toString('base64'),
        body.toString('base64'),
        tag.toString('base64'),
      ].join(':');
    },
    open(sealed, context) {
      const [version, nonce, body, tag] = sealed.split(':');
      if (version !== VERSION || !nonce || !body || !tag) {
        throw new Error('Sealed secret has an unknown format');
      }
      const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(nonce, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
    },
  };
}

export const KEY_FILE = 'secret.key';

/** What a sealed secret is bound to (associated data): a sealed value opens only on its own row. */
export const sealContext = {
  openpaygoKey: (deviceId: string) => `openpaygo:${deviceId}`,
  openemsPassword: (edgeId: string) => `openems:${edgeId}`,
  /** A chunk of a large import waiting to be written (areas/registry/import-journal.ts). */
  importChunk: (importId: string, seq: number) => `import:${importId}:${seq}`,
  /** The check value that proves the key matches the database (core/key-check.ts). */
  keyCheck: 'griddesk:key-check',
};

/** The key file exists but cannot be a key: wrong length, not base64, unreadable. */
export class DamagedKeyFile extends Error {}

/**
 * The master key from `<dataDir>/secret.key`, or null when there is no key file. A key file that
 * is not a 32-byte base64 key throws DamagedKeyFile (never a new key in its place).
 */
export function readKeyFile(dataDir: string): Buffer | null {
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new DamagedKeyFile(`it cannot be read (${(error as { code?: string }).code ?? 'error'})`);
  }
  // Node's base64 decoder skips characters it does not know; a key file must hold nothing else.
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    throw new DamagedKeyFile(
      text.length === 0 ? 'it is empty' : 'it does not hold a 32-byte key in base64',
    );
  }
  return Buffer.from(text, 'base64');
}

/** A new random master key, written to `<dataDir>/secret.key` readable by its owner only. */
export function createKeyFile(dataDir: string): Buffer {
  const file = join(dataDir, KEY_FILE);
  const key = randomBytes(32);
  // 'wx': never replace a key file that appeared meanwhile.
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
