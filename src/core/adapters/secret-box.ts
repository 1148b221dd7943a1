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

/**
 * The master key from `<dataDir>/secret.key`, created on first use with owner-only permissions.
 * Backups of the database alone therefore do not reveal device keys.
 */
export function fileMasterKey(dataDir: string): Buffer {
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`The key file ${file} is damaged (wrong length).`);
    return key;
  }
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
