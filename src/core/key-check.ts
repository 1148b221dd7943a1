// Does secret.key belong to this database? Device keys (OpenPAYGO) and Edge passwords are sealed
// with the data folder's master key. If the key file goes missing or is replaced (a database
// restored without its key, a copied folder), a new key would open nothing and every OpenPAYGO
// payment would fail. So the database keeps a check value, a known text sealed with the key, and
// GridDesk refuses to start when the key cannot open it, saying how to recover.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { StartupError, type RawDb } from './db/client';
import {
  createKeyFile,
  createSecretBox,
  DamagedKeyFile,
  KEY_FILE,
  readKeyFile,
  sealContext,
  type SecretBox,
} from './adapters/secret-box';

/** local_meta key of the check value (local: each office has its own key). */
export const KEY_CHECK_META = 'secret_key_check';
const CHECK_TEXT = 'GridDesk secret key check';

/** One sealed secret of the database and what it is bound to, to try a key on. */
function sampleSecret(raw: RawDb): { sealed: string; context: string } | undefined {
  const device = raw
    .prepare('SELECT key_sealed AS sealed, device_id AS id FROM openpaygo_devices LIMIT 1')
    .get() as { sealed: string; id: string } | undefined;
  if (device) return { sealed: device.sealed, context: sealContext.openpaygoKey(device.id) };
  const edge = raw
    .prepare('SELECT password_sealed AS sealed, id FROM openems_edges LIMIT 1')
    .get() as { sealed: string; id: string } | undefined;
  if (edge) return { sealed: edge.sealed, context: sealContext.openemsPassword(edge.id) };
  return undefined;
}

function opens(box: SecretBox, sealed: string, context: string): Buffer | null {
  try {
    return box.open(sealed, context);
  } catch {
    return null;
  }
}

export interface UnlockOptions {
  raw: RawDb;
  dataDir: string;
  /** A key given by the caller (tests); otherwise secret.key in the data folder. */
  masterKey?: Buffer | undefined;
  /** False when another program holds the folder: nothing is created or written. */
  writable: boolean;
}

/**
 * The secret box for this database, after making sure its key is the right one. Creates the key
 * (first start) only when the database holds nothing sealed; writes the check value when it is
 * missing and the key provably opens what is there (databases from before the check existed).
 */
export function unlockSecrets(options: UnlockOptions): SecretBox {
  const { raw, dataDir, writable } = options;
  const keyFile = join(dataDir, KEY_FILE);
  const check = raw
    .prepare('SELECT value FROM local_meta WHERE key = ?')
    .pluck()
    .get(KEY_CHECK_META) as string | undefined;
  const sample = sampleSecret(raw);
  const needsKey = check !== undefined || sample !== undefined;

  let key: Buffer | null;
  try {
    key = options.masterKey ?? readKeyFile(dataDir);
  } catch (error) {
    if (!(error instanceof DamagedKeyFile)) throw error;
    throw new StartupError(
      `The key file ${keyFile} is damaged: ${error.message}. GridDesk has not changed it. ` +
        'Restore secret.key from the backup you keep with the database (the device keys ' +
        'stored in it can only be opened with that key).',
    );
  }
  if (!key && needsKey) {
    throw new StartupError(
      `The key file ${keyFile} is missing, and this database holds device keys sealed with it. ` +
        'Restore secret.key from the backup you keep with the database, into the data folder, ' +
        'and start GridDesk again. GridDesk has not created a new key: one would open nothing.',
    );
  }
  if (!key) {
    // Read-only beside the running app, which created the key at its own start; should the
    // file be absent anyway, nothing here may seal (every seal is a write, and writes are
    // refused), so a throwaway key does no harm.
    key = writable ? createKeyFile(dataDir) : randomBytes(32);
  }
  const box = createSecretBox(key);

  const wrongKey = new StartupError(
    `The key file ${keyFile} does not belong to this database: it cannot open the device keys ` +
      'stored in it (the file was replaced, or the database comes from another computer). ' +
      'GridDesk has changed nothing. Restore the secret.key that was backed up with this ' +
      'database into the data folder and start GridDesk again.',
  );
  if (check !== undefined) {
    const plain = opens(box, check, sealContext.keyCheck);
    if (!plain || plain.toString('utf8') !== CHECK_TEXT) throw wrongKey;
    return box;
  }
  // No check value yet (a database from before it existed, or a new one): write it only once
  // the key has opened a secret already in the database, never on a guess.
  if (sample && !opens(box, sample.sealed, sample.context)) throw wrongKey;
  if (writable) {
    raw
      .prepare('INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING')
      .run(KEY_CHECK_META, box.seal(Buffer.from(CHECK_TEXT, 'utf8'), sealContext.keyCheck));
  }
  return box;
}
