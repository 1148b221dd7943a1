// Token checker: what a support clerk sees for tokens above, at, just below and far below the
// device's last confirmed count, for foreign or mistyped tokens, and that it agrees with the
// device simulator whenever it says "would accept".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkToken } from './check';
import { createDevice, enterToken } from './device';
import {
  encodeToken,
  groupTokenDigits,
  MAX_TIME_VALUE,
  TOKEN_TYPES,
  type TokenType,
} from './token';

const KEY = 'dac86b1a29ab82edc5fbbc41ec9530f6';
const START = 432435255;
const base = { keyHex: KEY, startingCode: START };

function issue(count: number, type: TokenType, value?: number) {
  return encodeToken({ ...base, count, type, value });
}

describe('checkToken', () => {
  it('says a token above the last count would be accepted', () => {
    const add = issue(10, 'ADD_TIME', 7); // count 12
    expect(checkToken({ ...base, lastConfirmedCount: 10, token: add.token })).toEqual({
      found: true,
      type: 'ADD_TIME',
      value: 7,
      count: 12,
      wouldAccept: true,
      reason: "Count 12 is above the device's last count 10.",
    });
  });

  it('warns that a SET_TIME voids older unentered tokens', () => {
    const set = issue(10, 'SET_TIME', 30); // count 11
    const check = checkToken({
      ...base,
      lastConfirmedCount: 10,
      token: groupTokenDigits(set.token),
    });
    expect(check).toMatchObject({ found: true, type: 'SET_TIME', count: 11, wouldAccept: true });
    expect(check.reason).toMatch(/voids every older token/);
  });

  it('says a token at the last count was already entered', () => {
    const add = issue(10, 'ADD_TIME', 7);
    const check = checkToken({ ...base, lastConfirmedCount: 12, token: add.token });
    expect(check).toMatchObject({ found: true, count: 12, wouldAccept: false });
    expect(check.reason).toBe(
      "Count 12 is the device's last count: this token was already entered.",
    );
  });

  it('does not promise an older ADD_TIME within the window', () => {
    const add = issue(10, 'ADD_TIME', 7);
    const check = checkToken({ ...base, lastConfirmedCount: 20, token: add.token });
    expect(check).toMatchObject({ found: true, count: 12, wouldAccept: false });
    expect(check.reason).toMatch(/^Count 12 is below the device's last count 20: most likely/);
    expect(check.reason).toMatch(/do not promise/);
  });

  it('says an ADD_TIME 16 or more counts back is older than the window', () => {
    const add = issue(10, 'ADD_TIME', 7);
    expect(checkToken({ ...base, lastConfirmedCount: 28, token: add.token }).reason).toBe(
      "Count 12 is older than the device's window: 16 or more below its last count 28.",
    );
  });

  it('says an older SET_TIME or DISABLE_PAYG is never accepted', () => {
    for (const type of ['SET_TIME', 'DISABLE_PAYG'] as const) {
      const token = issue(10, type, type === 'SET_TIME' ? 1 : undefined);
      const check = checkToken({ ...base, lastConfirmedCount: 12, token: token.token });
      expect(check).toMatchObject({ found: true, type, count: 11, wouldAccept: false });
      expect(check.reason).toMatch(new RegExp(`never accepts an older ${type} token`));
    }
  });

  it('uses the ledger: an older ADD_TIME never entered is acceptable, an entered one is not', () => {
    const add12 = issue(10, 'ADD_TIME', 7).token;
    const add14 = issue(12, 'ADD_TIME', 7).token;
    const ledger = { floorCount: 0, usedCounts: [14] };
    // Regression: without the ledger the checker could only say "most likely already entered".
    const unused = checkToken({ ...base, lastConfirmedCount: 20, token: add12, ledger });
    expect(unused).toMatchObject({ found: true, count: 12, wouldAccept: true });
    expect(unused.reason).toMatch(/no record of it being entered/);
    const used = checkToken({ ...base, lastConfirmedCount: 20, token: add14, ledger });
    expect(used).toMatchObject({ count: 14, wouldAccept: false });
    expect(used.reason).toBe('Count 14 was already entered (confirmed in GridDesk).');
    const voided = checkToken({
      ...base,
      lastConfirmedCount: 20,
      token: add12,
      ledger: { floorCount: 13, usedCounts: [] },
    });
    expect(voided).toMatchObject({ count: 12, wouldAccept: false });
    expect(voided.reason).toMatch(/^Count 12 is void/);
  });

  it('takes an older COUNTER_SYNC up to 63 counts back, as the reference decoder', () => {
    const sync = issue(9, 'COUNTER_SYNC').token; // count 11
    const ledger = { floorCount: 0, usedCounts: [] };
    expect(checkToken({ ...base, lastConfirmedCount: 74, token: sync, ledger })).toMatchObject({
      type: 'COUNTER_SYNC',
      count: 11,
      wouldAccept: true,
    });
    expect(checkToken({ ...base, lastConfirmedCount: 75, token: sync, ledger }).reason).toBe(
      "Count 11 is older than the device's window: 64 or more below its last count 75.",
    );
  });

  it('reports foreign, far-ahead and mistyped tokens as not found', () => {
    const add = issue(10, 'ADD_TIME', 7);
    const otherDevice = checkToken({
      keyHex: 'bc41ec9530f6dac86b1a29ab82edc5fb',
      startingCode: START,
      lastConfirmedCount: 10,
      token: add.token,
    });
    expect(otherDevice).toMatchObject({ found: false, wouldAccept: false });
    expect(otherDevice.reason).toMatch(
      /^Not a token for this device: no count from 1 to 74 \(110 for COUNTER_SYNC\)/,
    );
    expect(
      checkToken({ ...base, lastConfirmedCount: 0, token: issue(80, 'ADD_TIME', 1).token }),
    ).toMatchObject({ found: false });
    const short = checkToken({ ...base, lastConfirmedCount: 10, token: '123 456 78' });
    expect(short).toEqual({
      found: false,
      wouldAccept: false,
      reason: 'Not a token: a token has 9 digits, got 8.',
    });
    expect(checkToken({ ...base, lastConfirmedCount: 10, token: '123456789012' }).reason).toMatch(
      /extended token/,
    );
  });

  it('checks restricted-digit tokens', () => {
    const add = encodeToken({
      ...base,
      count: 10,
      type: 'ADD_TIME',
      value: 5,
      restrictedDigits: true,
    });
    expect(
      checkToken({ ...base, lastConfirmedCount: 10, token: add.token, restrictedDigits: true }),
    ).toMatchObject({ found: true, type: 'ADD_TIME', value: 5, count: 12, wouldAccept: true });
  });

  it('throws for bad device data', () => {
    const token = issue(10, 'ADD_TIME', 7).token;
    expect(() => checkToken({ ...base, keyHex: 'x', lastConfirmedCount: 0, token })).toThrow(
      RangeError,
    );
  });

  it('checks extended tokens for a model that uses them, and says when digits do not fit', () => {
    const ext = encodeToken({ ...base, count: 10, type: 'ADD_TIME', value: 4_500, extended: true });
    expect(ext.token).toHaveLength(12);
    expect(
      checkToken({ ...base, lastConfirmedCount: 10, token: ext.token, extended: true }),
    ).toMatchObject({ found: true, type: 'ADD_TIME', value: 4_500, count: 12, wouldAccept: true });
    const nine = issue(10, 'ADD_TIME', 7).token;
    expect(
      checkToken({ ...base, lastConfirmedCount: 10, token: nine, extended: true }).reason,
    ).toBe('Not a token: an extended token has 12 digits, got 9.');
  });

  it('with the ledger of a device, gives exactly the answer that device gives', () => {
    // A device takes a random sequence of its tokens in a random order; the checker, told only
    // what the ledger would hold (last count, floor, used counts), must agree on every token.
    const request = fc.oneof(
      { weight: 5, arbitrary: fc.constant('ADD_TIME' as const) },
      { weight: 1, arbitrary: fc.constant('SET_TIME' as const) },
      { weight: 1, arbitrary: fc.constant('COUNTER_SYNC' as const) },
    );
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 14 }),
        fc.array(fc.nat(), { maxLength: 14 }),
        (types, picks) => {
          let count = 0;
          const issued = types.map((type) => {
            const token = encodeToken({
              ...base,
              count,
              type,
              value: type === 'COUNTER_SYNC' ? undefined : 1,
            });
            count = token.count;
            return token;
          });
          let device = createDevice(base);
          for (const pick of picks) {
            const token = issued[pick % issued.length];
            if (token) device = enterToken(device, token.token).state;
          }
          for (const token of issued) {
            const check = checkToken({
              ...base,
              lastConfirmedCount: device.lastCount,
              token: token.token,
              ledger: { floorCount: device.floorCount, usedCounts: device.usedCounts },
            });
            const entry = enterToken(device, token.token);
            expect(check.wouldAccept, token.token).toBe(entry.result === 'accepted');
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('agrees with a simulated device whenever it says "would accept"', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom(...TOKEN_TYPES),
        fc.integer({ min: 0, max: MAX_TIME_VALUE }),
        (issuedAt, lastConfirmedCount, type, value) => {
          const timed = type === 'ADD_TIME' || type === 'SET_TIME';
          const token = issue(issuedAt, type, timed ? value : undefined);
          const check = checkToken({ ...base, lastConfirmedCount, token: token.token });
          const device = createDevice({ ...base, count: lastConfirmedCount });
          const entry = enterToken(device, token.token);
          expect(entry.result === 'accepted').toBe(check.wouldAccept);
          if (check.found) expect(entry.count).toBe(check.count);
        },
      ),
    );
  });
});
