// SipHash-2-4 against the SipHash paper's published vectors (key 00..0f, messages 00..len-1), and
// against a plain BigInt transcription of the paper's algorithm on random keys and messages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteSwap32, sipHash24, sipHash24Parts, sipHash24Words, sipKey } from './siphash';

const KEY = Uint8Array.from({ length: 16 }, (_, i) => i);

function bytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => i);
}

/** The paper's 64 outputs for messages of length 0..63, as little-endian bytes in hex. */
const PAPER_TABLE = [
  '310e0edd47db6f72',
  'fd67dc93c539f874',
  '5a4fa9d909806c0d',
  '2d7efbd796666785',
  'b7877127e09427cf',
  '8da699cd64557618',
  'cee3fe586e46c9cb',
  '37d1018bf50002ab',
  '6224939a79f5f593',
  'b0e4a90bdf82009e',
  'f3b9dd94c5bb5d7a',
  'a7ad6b22462fb3f4',
  'fbe50e86bc8f1e75',
  '903d84c02756ea14',
  'eef27a8e90ca23f7',
  'e545be4961ca29a1',
  'db9bc2577fcc2a3f',
  '9447be2cf5e99a69',
  '9cd38d96f0b3c14b',
  'bd6179a71dc96dbb',
  '98eea21af25cd6be',
  'c7673b2eb0cbf2d0',
  '883ea3e395675393',
  'c8ce5ccd8c030ca8',
  '94af49f6c650adb8',
  'eab8858ade92e1bc',
  'f315bb5bb835d817',
  'adcf6b0763612e2f',
  'a5c91da7acaa4dde',
  '716595876650a2a6',
  '28ef495c53a387ad',
  '42c341d8fa92d832',
  'ce7cf2722f512771',
  'e37859f94623f3a7',
  '381205bb1ab0e012',
  'ae97a10fd434e015',
  'b4a31508beff4d31',
  '81396229f0907902',
  '4d0cf49ee5d4dcca',
  '5c73336a76d8bf9a',
  'd0a704536ba93e0e',
  '925958fcd6420cad',
  'a915c29bc8067318',
  '952b79f3bc0aa6d4',
  'f21df2e41d4535f9',
  '87577519048f53a9',
  '10a56cf5dfcd9adb',
  'eb75095ccd986cd0',
  '51a9cb9ecba312e6',
  '96afadfc2ce666c7',
  '72fe52975a4364ee',
  '5a1645b276d592a1',
  'b274cb8ebf87870a',
  '6f9bb4203de7b381',
  'eaecb2a30b22a87f',
  '9924a43cc1315724',
  'bd838d3aafbf8db7',
  '0b1a2a3265d51aea',
  '135079a3231ce660',
  '932b2846e4d70666',
  'e1915f5cb1eca46c',
  'f325965ca16d629f',
  '575ff28e60381be5',
  '724506eb4c328a95',
];

function fromLeHex(hex: string): bigint {
  let value = 0n;
  for (let i = hex.length - 2; i >= 0; i -= 2)
    value = (value << 8n) | BigInt(`0x${hex.slice(i, i + 2)}`);
  return value;
}

// Straight from the paper with 64-bit BigInt words: slow but obviously right, as a cross-check.
const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & MASK;

function leWord(data: Uint8Array, offset: number, length: number): bigint {
  let word = 0n;
  for (let i = length - 1; i >= 0; i--) word = (word << 8n) | BigInt(data[offset + i] ?? 0);
  return word;
}

function referenceSipHash(key: Uint8Array, message: Uint8Array): bigint {
  const k0 = leWord(key, 0, 8);
  const k1 = leWord(key, 8, 8);
  const v = [
    k0 ^ 0x736f6d6570736575n,
    k1 ^ 0x646f72616e646f6dn,
    k0 ^ 0x6c7967656e657261n,
    k1 ^ 0x7465646279746573n,
  ];
  const round = (): void => {
    const [a = 0n, b = 0n, c = 0n, d = 0n] = v;
    let v0 = (a + b) & MASK;
    let v1 = rotl(b, 13n) ^ v0;
    v0 = rotl(v0, 32n);
    let v2 = (c + d) & MASK;
    let v3 = rotl(d, 16n) ^ v2;
    v0 = (v0 + v3) & MASK;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & MASK;
    v1 = rotl(v1, 17n) ^ v2;
    v2 = rotl(v2, 32n);
    v.splice(0, 4, v0, v1, v2, v3);
  };
  const blocks = Math.floor(message.length / 8);
  for (let i = 0; i <= blocks; i++) {
    const rest = i < blocks ? 8 : message.length % 8;
    let m = leWord(message, i * 8, rest);
    if (i === blocks) m |= BigInt(message.length & 0xff) << 56n;
    v[3] = (v[3] ?? 0n) ^ m;
    round();
    round();
    v[0] = (v[0] ?? 0n) ^ m;
  }
  v[2] = (v[2] ?? 0n) ^ 0xffn;
  for (let i = 0; i < 4; i++) round();
  return v.reduce((x, y) => x ^ y, 0n);
}

describe('sipHash24', () => {
  it('gives the paper vector for the 15-byte message 00..0e', () => {
    expect(sipHash24(KEY, bytes(15))).toBe(0xa129ca6149be45e5n);
  });

  it('gives all 64 published outputs for messages of length 0..63', () => {
    expect(PAPER_TABLE).toHaveLength(64);
    PAPER_TABLE.forEach((hex, length) => {
      expect(sipHash24(KEY, bytes(length)), `length ${length}`).toBe(fromLeHex(hex));
    });
  });

  it('agrees with a BigInt transcription of the paper on random keys and messages', () => {
    expect(referenceSipHash(KEY, bytes(15))).toBe(0xa129ca6149be45e5n);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 80 }),
        (key, message) => {
          expect(sipHash24(key, message)).toBe(referenceSipHash(key, message));
        },
      ),
    );
  });

  it('refuses a key that is not 16 bytes', () => {
    expect(() => sipKey(new Uint8Array(15))).toThrow(RangeError);
    expect(() => sipHash24(new Uint8Array(17), bytes(3))).toThrow(/16 bytes, got 17/);
  });
});

describe("sipHash24Words (the token engine's 8-byte hash)", () => {
  it('equals SipHash-2-4 of the 8 bytes whose little-endian words it is given', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        (keyBytes, message) => {
          const key = sipKey(keyBytes);
          const view = new DataView(message.buffer, message.byteOffset, 8);
          const out = new Uint32Array(2);
          sipHash24Words(key, view.getUint32(0, true), view.getUint32(4, true), out);
          const expected = sipHash24Parts(key, message);
          expect([out[0], out[1]]).toEqual([expected.hi, expected.lo]);
        },
      ),
    );
  });

  it('byteSwap32 turns big-endian bytes into the little-endian word', () => {
    expect(byteSwap32(0x01020304)).toBe(0x04030201);
    expect(byteSwap32(0xff000080)).toBe(0x800000ff);
  });
});
