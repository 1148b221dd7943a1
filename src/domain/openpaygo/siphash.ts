// SipHash-2-4 (64-bit output), the keyed hash under OpenPAYGO Token (docs/domain.md §8.1 step 1).
// Pure TypeScript on 32-bit halves: the domain has no node:crypto, and BigInt arithmetic is far
// slower, which matters when a decoder walks thousands of counts.

/** A 16-byte SipHash key split into the four 32-bit words the rounds work on. */
export interface SipKey {
  readonly k0Hi: number;
  readonly k0Lo: number;
  readonly k1Hi: number;
  readonly k1Lo: number;
}

/** A 64-bit hash as two unsigned 32-bit halves. */
export interface Hash64 {
  readonly hi: number;
  readonly lo: number;
}

function byteAt(bytes: Uint8Array, index: number): number {
  return bytes[index] ?? 0;
}

/** Little-endian 32-bit word at `offset`; bytes past the end read as 0. */
function readLe32(bytes: Uint8Array, offset: number): number {
  return (
    (byteAt(bytes, offset) |
      (byteAt(bytes, offset + 1) << 8) |
      (byteAt(bytes, offset + 2) << 16) |
      (byteAt(bytes, offset + 3) << 24)) >>>
    0
  );
}

/** k0 = little-endian key[0..7], k1 = little-endian key[8..15], as in the SipHash paper. */
export function sipKey(key: Uint8Array): SipKey {
  if (key.length !== 16) {
    throw new RangeError(`A SipHash key is 16 bytes, got ${key.length}`);
  }
  return {
    k0Lo: readLe32(key, 0),
    k0Hi: readLe32(key, 4),
    k1Lo: readLe32(key, 8),
    k1Hi: readLe32(key, 12),
  };
}

/** SipHash-2-4 of `message`, returned as two 32-bit halves (the fast path for the token engine). */
export function sipHash24Parts(key: SipKey, message: Uint8Array): Hash64 {
  // v0..v3 as hi/lo pairs, held in locals: an array or object per round costs a lot here.
  let v0h = (key.k0Hi ^ 0x736f6d65) >>> 0;
  let v0l = (key.k0Lo ^ 0x70736575) >>> 0;
  let v1h = (key.k1Hi ^ 0x646f7261) >>> 0;
  let v1l = (key.k1Lo ^ 0x6e646f6d) >>> 0;
  let v2h = (key.k0Hi ^ 0x6c796765) >>> 0;
  let v2l = (key.k0Lo ^ 0x6e657261) >>> 0;
  let v3h = (key.k1Hi ^ 0x74656462) >>> 0;
  let v3l = (key.k1Lo ^ 0x79746573) >>> 0;

  let lo: number;
  let th: number;
  const length = message.length;
  const whole = length - (length % 8);
  // One pass per 8-byte block, the last pass being the padded final block; then 4 rounds.
  // The round is written out twice (here and below) rather than as a closure: closures over
  // these locals made the hash ten times slower, and a decoder walk calls it thousands of times.
  for (let offset = 0; offset <= whole; offset += 8) {
    let mh: number;
    let ml: number;
    if (offset < whole) {
      mh = readLe32(message, offset + 4);
      ml = readLe32(message, offset);
    } else {
      // The 0..7 remaining bytes, zero-padded, with the length (mod 256) in the top byte.
      ml = 0;
      mh = 0;
      for (let i = whole; i < length; i++) {
        const shift = (i - whole) * 8;
        if (shift < 32) ml |= byteAt(message, i) << shift;
        else mh |= byteAt(message, i) << (shift - 32);
      }
      ml >>>= 0;
      mh = (mh | ((length & 0xff) << 24)) >>> 0;
    }
    v3h = (v3h ^ mh) >>> 0;
    v3l = (v3l ^ ml) >>> 0;
    for (let round = 0; round < 2; round++) {
      // v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
      lo = v0l + v1l;
      v0h = (v0h + v1h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      v0l = lo >>> 0;
      th = ((v1h << 13) | (v1l >>> 19)) >>> 0;
      v1l = ((v1l << 13) | (v1h >>> 19)) >>> 0;
      v1h = (th ^ v0h) >>> 0;
      v1l = (v1l ^ v0l) >>> 0;
      th = v0h;
      v0h = v0l;
      v0l = th;
      // v2 += v3; v3 = rotl(v3, 16); v3 ^= v2
      lo = v2l + v3l;
      v2h = (v2h + v3h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      v2l = lo >>> 0;
      th = ((v3h << 16) | (v3l >>> 16)) >>> 0;
      v3l = ((v3l << 16) | (v3h >>> 16)) >>> 0;
      v3h = (th ^ v2h) >>> 0;
      v3l = (v3l ^ v2l) >>> 0;
      // v0 += v3; v3 = rotl(v3, 21); v3 ^= v0
      lo = v0l + v3l;
      v0h = (v0h + v3h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      v0l = lo >>> 0;
      th = ((v3h << 21) | (v3l >>> 11)) >>> 0;
      v3l = ((v3l << 21) | (v3h >>> 11)) >>> 0;
      v3h = (th ^ v0h) >>> 0;
      v3l = (v3l ^ v0l) >>> 0;
      // v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
      lo = v2l + v1l;
      v2h = (v2h + v1h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      v2l = lo >>> 0;
      th = ((v1h << 17) | (v1l >>> 15)) >>> 0;
      v1l = ((v1l << 17) | (v1h >>> 15)) >>> 0;
      v1h = (th ^ v2h) >>> 0;
      v1l = (v1l ^ v2l) >>> 0;
      th = v2h;
      v2h = v2l;
      v2l = th;
    }
    v0h = (v0h ^ mh) >>> 0;
    v0l = (v0l ^ ml) >>> 0;
  }

  v2l = (v2l ^ 0xff) >>> 0;
  for (let round = 0; round < 4; round++) {
    // v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
    lo = v0l + v1l;
    v0h = (v0h + v1h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    v0l = lo >>> 0;
    th = ((v1h << 13) | (v1l >>> 19)) >>> 0;
    v1l = ((v1l << 13) | (v1h >>> 19)) >>> 0;
    v1h = (th ^ v0h) >>> 0;
    v1l = (v1l ^ v0l) >>> 0;
    th = v0h;
    v0h = v0l;
    v0l = th;
    // v2 += v3; v3 = rotl(v3, 16); v3 ^= v2
    lo = v2l + v3l;
    v2h = (v2h + v3h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    v2l = lo >>> 0;
    th = ((v3h << 16) | (v3l >>> 16)) >>> 0;
    v3l = ((v3l << 16) | (v3h >>> 16)) >>> 0;
    v3h = (th ^ v2h) >>> 0;
    v3l = (v3l ^ v2l) >>> 0;
    // v0 += v3; v3 = rotl(v3, 21); v3 ^= v0
    lo = v0l + v3l;
    v0h = (v0h + v3h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    v0l = lo >>> 0;
    th = ((v3h << 21) | (v3l >>> 11)) >>> 0;
    v3l = ((v3l << 21) | (v3h >>> 11)) >>> 0;
    v3h = (th ^ v0h) >>> 0;
    v3l = (v3l ^ v0l) >>> 0;
    // v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
    lo = v2l + v1l;
    v2h = (v2h + v1h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    v2l = lo >>> 0;
    th = ((v1h << 17) | (v1l >>> 15)) >>> 0;
    v1l = ((v1l << 17) | (v1h >>> 15)) >>> 0;
    v1h = (th ^ v2h) >>> 0;
    v1l = (v1l ^ v2l) >>> 0;
    th = v2h;
    v2h = v2l;
    v2l = th;
  }
  return {
    hi: (v0h ^ v1h ^ v2h ^ v3h) >>> 0,
    lo: (v0l ^ v1l ^ v2l ^ v3l) >>> 0,
  };
}

/**
 * SipHash-2-4 of an 8-byte message given as its two little-endian 32-bit words, the result's
 * halves written to `out` ([hi, lo]). The token engine's hash: every count step hashes 8 bytes,
 * and this reads no bytes and allocates nothing, which made a step twice as fast as
 * sipHash24Parts (docs/performance.md). The same rounds in three passes: the message block, the
 * padding block of an 8-byte message (nothing but the length, 8, in its top byte), finalisation.
 */
export function sipHash24Words(key: SipKey, w0: number, w1: number, out: Uint32Array): void {
  let v0h = (key.k0Hi ^ 0x736f6d65) >>> 0;
  let v0l = (key.k0Lo ^ 0x70736575) >>> 0;
  let v1h = (key.k1Hi ^ 0x646f7261) >>> 0;
  let v1l = (key.k1Lo ^ 0x6e646f6d) >>> 0;
  let v2h = (key.k0Hi ^ 0x6c796765) >>> 0;
  let v2l = (key.k0Lo ^ 0x6e657261) >>> 0;
  let v3h = (key.k1Hi ^ 0x74656462) >>> 0;
  let v3l = (key.k1Lo ^ 0x79746573) >>> 0;
  let lo: number;
  let th: number;
  for (let pass = 0; pass < 3; pass++) {
    let mh = 0;
    let ml = 0;
    let rounds = 2;
    if (pass === 0) {
      ml = w0 >>> 0;
      mh = w1 >>> 0;
    } else if (pass === 1) {
      mh = 0x08000000;
    } else {
      v2l = (v2l ^ 0xff) >>> 0;
      rounds = 4;
    }
    v3h = (v3h ^ mh) >>> 0;
    v3l = (v3l ^ ml) >>> 0;
    for (let round = 0; round < rounds; round++) {
      lo = v0l + v1l;
      v0h = (v0h + v1h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      v0l = lo >>> 0;
      th = ((v1h << 13) | (v1l >>> 19)) >>> 0;
      v1l = ((v1l << 13) | (v1h >>> 19)) >>> 0;
      v1h = (th ^ v0h) >>> 0;
      v1l = (v1l ^ v0l) >>> 0;
      th = v0h;
      v0h = v0l;
      v0l = th;
      lo = v2l + v3l;
      v2h = (v2h + v3h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      v2l = lo >>> 0;
      th = ((v3h << 16) | (v3l >>> 16)) >>> 0;
      v3l = ((v3l << 16) | (v3h >>> 16)) >>> 0;
      v3h = (th ^ v2h) >>> 0;
      v3l = (v3l ^ v2l) >>> 0;
      lo = v0l + v3l;
      v0h = (v0h + v3h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      v0l = lo >>> 0;
      th = ((v3h << 21) | (v3l >>> 11)) >>> 0;
      v3l = ((v3l << 21) | (v3h >>> 11)) >>> 0;
      v3h = (th ^ v0h) >>> 0;
      v3l = (v3l ^ v0l) >>> 0;
      lo = v2l + v1l;
      v2h = (v2h + v1h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      v2l = lo >>> 0;
      th = ((v1h << 17) | (v1l >>> 15)) >>> 0;
      v1l = ((v1l << 17) | (v1h >>> 15)) >>> 0;
      v1h = (th ^ v2h) >>> 0;
      v1l = (v1l ^ v2l) >>> 0;
      th = v2h;
      v2h = v2l;
      v2l = th;
    }
    v0h = (v0h ^ mh) >>> 0;
    v0l = (v0l ^ ml) >>> 0;
  }
  out[0] = v0h ^ v1h ^ v2h ^ v3h;
  out[1] = v0l ^ v1l ^ v2l ^ v3l;
}

/** The 32-bit word whose little-endian bytes are `x`'s big-endian bytes. */
export function byteSwap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** SipHash-2-4 of `message` under a 16-byte key, as an unsigned 64-bit BigInt. */
export function sipHash24(key: Uint8Array, message: Uint8Array): bigint {
  const { hi, lo } = sipHash24Parts(sipKey(key), message);
  return (BigInt(hi) << 32n) | BigInt(lo);
}
