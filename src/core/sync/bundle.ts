// The bundle file (docs/sync.md "Bundles"): a magic line, a JSON header readable without the key
// but authenticated, and the gzip-compressed changes sealed with ChaCha20-Poly1305 under a key
// derived (HKDF-SHA256, salted with the bundle id) from the company's sync key.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';

export const BUNDLE_MAGIC = 'GRIDDESK-SYNC 1\n';
/** The bundle format this version writes and reads. */
export const BUNDLE_FORMAT = 1;
/** The oldest GridDesk that reads what this version writes. */
export const BUNDLE_MIN_APP_VERSION = '0.0.0';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const officeRef = z.object({ id: z.string(), code: z.string() });

export const bundleHeader = z.object({
  format: z.number().int(),
  minAppVersion: z.string(),
  appVersion: z.string(),
  bundleId: z.string(),
  company: z.string(),
  from: officeRef,
  to: officeRef,
  createdAt: z.string(),
  /** The newest HLC stamp in the body ('' when empty). */
  maxHlc: z.string(),
  count: z.number().int(),
  /** Per origin office id: the first and last change number carried, contiguous. */
  ranges: z.record(z.string(), z.tuple([z.number().int(), z.number().int()])),
  /** Per origin office id: the highest change number the sender holds without a gap. */
  acks: z.record(z.string(), z.number().int()),
});
export type BundleHeader = z.infer<typeof bundleHeader>;

/** One change as it travels: [origin, seq, table, row id, op, data, hlc]. */
export type WireChange = [string, number, string, string, 'put' | 'set', string, string];

/** The bundle could not be read: damaged, cut short, or sealed with another key. */
export class BundleError extends Error {
  constructor(
    readonly reason: 'format' | 'damaged' | 'newer',
    message: string,
  ) {
    super(message);
  }
}

function bundleKey(syncKey: Buffer, bundleId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', syncKey, bundleId, 'griddesk sync bundle 1', 32));
}

export function sealBundle(header: BundleHeader, changes: WireChange[], syncKey: Buffer): Buffer {
  const head = Buffer.from(BUNDLE_MAGIC + JSON.stringify(header) + '\n', 'utf8');
  const body = gzipSync(Buffer.from(changes.map((c) => JSON.stringify(c)).join('\n'), 'utf8'));
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('chacha20-poly1305', bundleKey(syncKey, header.bundleId), nonce, {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(head, { plaintextLength: body.length });
  const sealed = Buffer.concat([cipher.update(body), cipher.final()]);
  return Buffer.concat([head, nonce, sealed, cipher.getAuthTag()]);
}

const DAMAGED =
  'This bundle is damaged, was cut short, or was made with another sync key. Nothing was ' +
  'imported. Export it again at the other office, and check that both offices use the same sync key.';

/** The header alone, without opening the body: for the checks that come before the key. */
export function readBundleHeader(file: Buffer): { header: BundleHeader; headBytes: number } {
  const magic = Buffer.from(BUNDLE_MAGIC, 'utf8');
  if (file.length < magic.length || !file.subarray(0, magic.length).equals(magic)) {
    throw new BundleError('format', 'This file is not a GridDesk sync bundle.');
  }
  const end = file.indexOf(0x0a, magic.length);
  if (end < 0) throw new BundleError('damaged', DAMAGED);
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.subarray(magic.length, end).toString('utf8'));
  } catch {
    throw new BundleError('damaged', DAMAGED);
  }
  const format = (parsed as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > BUNDLE_FORMAT) {
    throw new BundleError(
      'newer',
      `This bundle was made by a newer GridDesk (bundle format ${format}); update GridDesk first, then import it again.`,
    );
  }
  const header = bundleHeader.safeParse(parsed);
  if (!header.success) throw new BundleError('damaged', DAMAGED);
  return { header: header.data, headBytes: end + 1 };
}

/** Open the body: any changed byte, a cut file or another key fails the tag. */
export function openBundle(
  file: Buffer,
  syncKey: Buffer,
): { header: BundleHeader; changes: WireChange[] } {
  const { header, headBytes } = readBundleHeader(file);
  if (file.length < headBytes + NONCE_BYTES + TAG_BYTES) throw new BundleError('damaged', DAMAGED);
  const nonce = file.subarray(headBytes, headBytes + NONCE_BYTES);
  const sealed = file.subarray(headBytes + NONCE_BYTES, file.length - TAG_BYTES);
  let body: Buffer;
  try {
    const decipher = createDecipheriv(
      'chacha20-poly1305',
      bundleKey(syncKey, header.bundleId),
      nonce,
      { authTagLength: TAG_BYTES },
    );
    decipher.setAAD(file.subarray(0, headBytes), { plaintextLength: sealed.length });
    decipher.setAuthTag(file.subarray(file.length - TAG_BYTES));
    body = Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch {
    throw new BundleError('damaged', DAMAGED);
  }
  const text = gunzipSync(body).toString('utf8');
  const changes = text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as WireChange);
  if (changes.length !== header.count) throw new BundleError('damaged', DAMAGED);
  return { header, changes };
}

/** Compare dotted versions numerically ("0.10.0" > "0.9.3"); a pre-release tag is ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => (v.split('-')[0] ?? '').split('.').map((n) => Number(n) || 0);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
