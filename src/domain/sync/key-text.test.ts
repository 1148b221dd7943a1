import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { syncKeyFromText, syncKeyToText } from './key-text';

describe('sync key text', () => {
  it('reads back every key it writes, however it is retyped', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (key) => {
        const text = syncKeyToText(key);
        expect(text).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
        expect(syncKeyFromText(text)).toEqual(key);
        expect(syncKeyFromText(text.toLowerCase().replace(/-/g, ' '))).toEqual(key);
      }),
    );
  });

  it('reads O as 0 and I, L as 1', () => {
    const key = new Uint8Array(32);
    const text = syncKeyToText(key);
    expect(syncKeyFromText(text.replace(/0/g, 'O'))).toEqual(key);
  });

  it('names what is wrong with a mistyped key', () => {
    expect(syncKeyFromText('ABCD')).toBe('A sync key has 52 letters and digits; this one has 4.');
    const text = syncKeyToText(new Uint8Array(32)).replace('0', 'U');
    expect(syncKeyFromText(text)).toBe('A sync key has no "U" in it; check what was typed.');
  });
});
