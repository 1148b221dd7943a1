// Password hashing with scrypt (node:crypto). The parameters are stored in each hash, so they can
// be raised later without invalidating old passwords.
//
// Commands use the async forms: scrypt then runs on libuv's thread pool, so a burst of sign-ins
// (tens of milliseconds of hashing each) never holds up the event loop that serves the counter.
// The sync forms remain for one-off work before anyone is signed in (setup) and for tests.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15 x 8 x 1: about 32 MiB and tens of milliseconds per hash on an office laptop. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function options(params: ScryptParams): ScryptOptions {
  return { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
}

function derive(password: string, salt: Buffer, params: ScryptParams): Buffer {
  return scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, options(params));
}

function deriveAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options(params), (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

function encode(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

export function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): string {
  const salt = randomBytes(16);
  return encode(params, salt, derive(password, salt, params));
}

export async function hashPasswordAsync(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(16);
  return encode(params, salt, await deriveAsync(password, salt, params));
}

function parseStored(stored: string) {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, key] = parts;
  return {
    salt: Buffer.from(salt ?? '', 'base64'),
    expected: Buffer.from(key ?? '', 'base64'),
    params: { N: Number(n), r: Number(r), p: Number(p) },
  };
}

function same(actual: Buffer, expected: Buffer): boolean {
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function verifyPassword(password: string, stored: string): boolean {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  return same(derive(password, parsed.salt, parsed.params), parsed.expected);
}

export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  return same(await deriveAsync(password, parsed.salt, parsed.params), parsed.expected);
}

let dummy: Promise<string> | undefined;

/**
 * Verifying against this when a username is unknown keeps the timing the same as a real check.
 * Made at the first unknown username, not when the core loads: a whole scrypt is too much to pay
 * in every one-shot CLI command.
 */
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPasswordAsync('not a real password'));
}
