// The company's sync key as people write it down and type it (docs/sync.md): 32 bytes in
// Crockford's base32 (digits and capitals without I, L, O, U), in groups of four. Typing is
// forgiving the way Crockford's alphabet intends: case, spaces and dashes are ignored, and O, I,
// L are read as 0, 1, 1.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SYNC_KEY_BYTES = 32;
/** 256 bits in 5-bit characters. */
const KEY_CHARS = Math.ceil((SYNC_KEY_BYTES * 8) / 5);

export function syncKeyToText(key: Uint8Array): string {
  if (key.length !== SYNC_KEY_BYTES) throw new RangeError('A sync key is 32 bytes');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of key) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)?.join('-') ?? out;
}

/** The key typed by a person, or a sentence saying what is wrong with it. */
export function syncKeyFromText(text: string): Uint8Array | string {
  const cleaned = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length !== KEY_CHARS) {
    return `A sync key has ${KEY_CHARS} letters and digits; this one has ${cleaned.length}.`;
  }
  const bad = [...cleaned].find((c) => !ALPHABET.includes(c));
  if (bad !== undefined) return `A sync key has no "${bad}" in it; check what was typed.`;
  const out = new Uint8Array(SYNC_KEY_BYTES);
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const c of cleaned) {
    value = ((value << 5) | ALPHABET.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      if (i < SYNC_KEY_BYTES) out[i++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}
