import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  hashPasswordAsync,
  verifyPassword,
  verifyPasswordAsync,
} from '../../src/core/adapters/passwords';

describe('password hashing', () => {
  it('verifies the right password and refuses others, at the production cost', () => {
    const hash = hashPassword('mango tree 2026', DEFAULT_SCRYPT);
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(verifyPassword('mango tree 2026', hash)).toBe(true);
    expect(verifyPassword('mango tree 2025', hash)).toBe(false);
    expect(verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', () => {
    expect(hashPassword('same', { N: 1024, r: 8, p: 1 })).not.toBe(
      hashPassword('same', { N: 1024, r: 8, p: 1 }),
    );
  });

  it('treats composed and decomposed accents as the same password', () => {
    const hash = hashPassword('caf\u00e9 au lait', { N: 1024, r: 8, p: 1 });
    expect(verifyPassword('cafe\u0301 au lait', hash)).toBe(true);
  });

  it('refuses malformed stored hashes instead of crashing', () => {
    expect(verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });

  it('hashes and verifies the same way on the thread pool as in line', async () => {
    const params = { N: 1024, r: 8, p: 1 };
    const pooled = await hashPasswordAsync('caf\u00e9 au lait', params);
    expect(verifyPassword('cafe\u0301 au lait', pooled)).toBe(true);
    const inline = hashPassword('mango tree 2026', params);
    expect(await verifyPasswordAsync('mango tree 2026', inline)).toBe(true);
    expect(await verifyPasswordAsync('mango tree 2025', inline)).toBe(false);
    expect(await verifyPasswordAsync('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });
});
