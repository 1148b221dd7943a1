// Device simulator: the device-side rules of docs/domain.md §8.1 as properties (days add up, no
// token works twice, SET voids older ADDs, out-of-order ADDs within 16 counts) and as worked cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createDevice,
  enterToken,
  FREE_INVALID_ENTRIES,
  isActive,
  lockoutEntries,
  MAX_LOCKOUT_ENTRIES,
  passDays,
  remainingDays,
  type DeviceState,
} from './device';
import {
  DEFAULT_LOOKAHEAD,
  encodeToken,
  findTokenMatches,
  MAX_TIME_VALUE,
  type TokenType,
} from './token';

const KEY = 'a29ab82edc5fbbc41ec9530f6dac86b1';
const START = 123456789;

interface Issued {
  token: string;
  count: number;
  type: TokenType;
  value: number | undefined;
}

/** The office side: issues tokens one after the other, as GridDesk does, from `count`. */
function issueAll(
  device: { keyHex: string; startingCode: number; restrictedDigits?: boolean },
  count: number,
  requests: readonly { type: TokenType; value?: number }[],
): Issued[] {
  let last = count;
  return requests.map(({ type, value }) => {
    const issued = encodeToken({ ...device, count: last, type, value });
    last = issued.count;
    return { ...issued, type, value };
  });
}

/**
 * Whether every issued token matches its own count only, up to where a device could look. Each
 * count matches a given token with odds of about 1 in a million, so a run now and then holds a
 * token that is also, by chance, the token of another count: a device cannot tell the two apart
 * (see token.test.ts and the collision case below), so the properties skip such runs.
 */
function unambiguous(
  device: { keyHex: string; startingCode: number; restrictedDigits?: boolean },
  issued: readonly Issued[],
): boolean {
  const top = Math.max(...issued.map((t) => t.count));
  return issued.every(
    (t) =>
      findTokenMatches({
        ...device,
        lastCount: top,
        token: t.token,
        maxLookahead: DEFAULT_LOOKAHEAD,
      }).length === 1,
  );
}

function enterAll(state: DeviceState, tokens: readonly string[]) {
  const results: string[] = [];
  let current = state;
  for (const token of tokens) {
    const entry = enterToken(current, token);
    results.push(entry.result);
    current = entry.state;
  }
  return { state: current, results };
}

const keyHex = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
const device = fc.record({
  keyHex,
  startingCode: fc.integer({ min: 0, max: 999_999_999 }),
  count: fc.integer({ min: 0, max: 300 }),
  restrictedDigits: fc.boolean(),
});
const addValue = fc.integer({ min: 0, max: MAX_TIME_VALUE });

describe('device simulator properties', () => {
  it('adds up the days of ADD_TIME tokens entered in order', () => {
    fc.assert(
      fc.property(device, fc.array(addValue, { minLength: 1, maxLength: 12 }), (d, values) => {
        const issued = issueAll(
          d,
          d.count,
          values.map((value) => ({ type: 'ADD_TIME' as const, value })),
        );
        fc.pre(unambiguous(d, issued));
        const { state, results } = enterAll(
          createDevice(d),
          issued.map((t) => t.token),
        );
        expect(results.every((r) => r === 'accepted')).toBe(true);
        expect(state.remainingUnits).toBe(values.reduce((a, b) => a + b, 0));
        expect(state.lastCount).toBe(issued.at(-1)?.count);
      }),
    );
  });

  it('never accepts a token (or a count) twice, whatever is typed in whatever order', () => {
    const request = fc.oneof(
      { weight: 4, arbitrary: addValue.map((value) => ({ type: 'ADD_TIME' as const, value })) },
      { weight: 1, arbitrary: addValue.map((value) => ({ type: 'SET_TIME' as const, value })) },
      { weight: 1, arbitrary: fc.constant({ type: 'DISABLE_PAYG' as const }) },
      { weight: 1, arbitrary: fc.constant({ type: 'COUNTER_SYNC' as const }) },
    );
    fc.assert(
      fc.property(
        device,
        fc.array(request, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        (d, requests, picks) => {
          const issued = issueAll(d, d.count, requests);
          fc.pre(unambiguous(d, issued));
          let state = createDevice(d);
          const accepted = new Set<string>();
          const acceptedCounts = new Set<number>();
          for (const pick of picks) {
            const token = issued[pick % issued.length];
            if (token === undefined) continue;
            const entry = enterToken(state, token.token);
            state = entry.state;
            if (entry.result !== 'accepted') continue;
            expect(accepted.has(token.token)).toBe(false);
            expect(acceptedCounts.has(token.count)).toBe(false);
            expect(entry.count).toBe(token.count);
            accepted.add(token.token);
            acceptedCounts.add(token.count);
          }
        },
      ),
    );
  });

  it('voids unentered older ADD_TIME tokens once a SET_TIME is entered', () => {
    fc.assert(
      fc.property(
        device,
        fc.array(addValue, { minLength: 1, maxLength: 6 }),
        addValue,
        (d, adds, setValue) => {
          const issued = issueAll(d, d.count, [
            ...adds.map((value) => ({ type: 'ADD_TIME' as const, value })),
            { type: 'SET_TIME' as const, value: setValue },
          ]);
          fc.pre(unambiguous(d, issued));
          const set = issued.at(-1);
          if (set === undefined) throw new Error('nothing issued');
          const afterSet = enterToken(createDevice(d), set.token);
          expect(afterSet.result).toBe('accepted');
          const { state, results } = enterAll(
            afterSet.state,
            issued.slice(0, -1).map((t) => t.token),
          );
          expect(results.every((r) => r === 'already_used')).toBe(true);
          expect(state.remainingUnits).toBe(setValue);
        },
      ),
    );
  });

  it('accepts up to 8 consecutive ADD_TIME tokens (16 counts) in any order, each once', () => {
    const addsWithOrder = fc.array(fc.tuple(addValue, fc.double({ noNaN: true })), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(device, addsWithOrder, (d, adds) => {
        const issued = issueAll(
          d,
          d.count,
          adds.map(([value]) => ({ type: 'ADD_TIME' as const, value })),
        );
        fc.pre(unambiguous(d, issued));
        const order = adds.map(([, key], index) => ({ key, index })).sort((a, b) => a.key - b.key);
        const shuffled = order.flatMap(({ index }) => issued[index]?.token ?? []);
        const first = enterAll(createDevice(d), shuffled);
        expect(first.results.every((r) => r === 'accepted')).toBe(true);
        expect(first.state.remainingUnits).toBe(adds.reduce((sum, [value]) => sum + value, 0));
        const again = enterAll(first.state, shuffled);
        expect(again.results.every((r) => r === 'already_used')).toBe(true);
        expect(again.state.remainingUnits).toBe(first.state.remainingUnits);
      }),
    );
  });
});

describe('device simulator cases', () => {
  const base = { keyHex: KEY, startingCode: START };

  it('refuses an ADD_TIME token 16 or more counts below the last count, as the reference', () => {
    // ADDs at counts 2, 4, ..., 20; the newest entered first.
    const issued = issueAll(
      base,
      0,
      Array.from({ length: 10 }, () => ({ type: 'ADD_TIME', value: 1 })),
    );
    const newest = enterToken(createDevice(base), issued[9]?.token ?? '');
    expect(newest).toMatchObject({ result: 'accepted', count: 20 });
    const tooOld = enterToken(newest.state, issued[0]?.token ?? '');
    expect(tooOld).toMatchObject({ result: 'already_used', count: 2 });
    expect(tooOld.reason).toMatch(/16 or more below the last count 20/);
    // Regression: count 4, exactly 16 below, was accepted; the reference takes count > last - 16.
    expect(enterToken(tooOld.state, issued[1]?.token ?? '')).toMatchObject({
      result: 'already_used',
      count: 4,
    });
    expect(enterToken(tooOld.state, issued[2]?.token ?? '')).toMatchObject({
      result: 'accepted',
      count: 6,
    });
  });

  it('never accepts an older SET_TIME, and a token at or below the provisioned count', () => {
    const issued = issueAll(base, 0, [
      { type: 'SET_TIME', value: 5 },
      { type: 'ADD_TIME', value: 3 },
    ]);
    const add = enterToken(createDevice(base), issued[1]?.token ?? '');
    expect(add).toMatchObject({ result: 'accepted', count: 2 });
    expect(enterToken(add.state, issued[0]?.token ?? '')).toMatchObject({
      result: 'already_used',
      type: 'SET_TIME',
      count: 1,
    });
    const provisionedAt2 = createDevice({ ...base, count: 2 });
    expect(enterToken(provisionedAt2, issued[1]?.token ?? '').result).toBe('already_used');
  });

  it('takes a COUNTER_SYNC up to 100 counts ahead, an ADD_TIME only up to 64', () => {
    const farAdd = encodeToken({ ...base, count: 64, type: 'ADD_TIME', value: 9 }); // count 66
    const tooFarSync = encodeToken({ ...base, count: 99, type: 'COUNTER_SYNC' }); // count 101
    const farSync = encodeToken({ ...base, count: 97, type: 'COUNTER_SYNC' }); // count 99
    const fresh = createDevice(base);
    expect(enterToken(fresh, farAdd.token).result).toBe('invalid');
    // Regression: GridDesk looked 164 counts ahead for a COUNTER_SYNC; the reference 100.
    expect(enterToken(fresh, tooFarSync.token).result).toBe('invalid');
    const synced = enterToken(fresh, farSync.token);
    expect(synced).toMatchObject({ result: 'accepted', type: 'COUNTER_SYNC', value: 999 });
    expect(synced.state.lastCount).toBe(99);
    expect(synced.state.remainingUnits).toBe(0);
    // The old far ADD is now below the sync: void.
    expect(enterToken(synced.state, farAdd.token).result).toBe('already_used');
  });

  it('takes an older COUNTER_SYNC less than 64 counts back, once, and it voids older ADDs', () => {
    const at = (count: number, type: TokenType, value?: number) =>
      encodeToken({ ...base, count, type, value }).token;
    const sync11 = at(9, 'COUNTER_SYNC');
    const add70 = at(68, 'ADD_TIME', 3);
    // Entered: ADD 60, then ADD 74 (within 64 of 60). Never entered: the COUNTER_SYNC at 11.
    const at60 = enterToken(createDevice(base), at(58, 'ADD_TIME', 1)).state;
    const at74 = enterToken(at60, at(72, 'ADD_TIME', 1)).state;
    expect(at74.lastCount).toBe(74);
    // Without a COUNTER_SYNC the unentered ADD at 70 would still be taken.
    expect(enterToken(at74, add70).result).toBe('accepted');
    // The COUNTER_SYNC at 11 is 63 below 74: inside the reference's window.
    const late = enterToken(at74, sync11);
    expect(late).toMatchObject({ result: 'accepted', type: 'COUNTER_SYNC', count: 11 });
    // The count never goes back down (the reference's simulator moves it to 11, which would
    // reopen counts 12 to 74), and the same COUNTER_SYNC is not taken twice.
    expect(late.state.lastCount).toBe(74);
    expect(enterToken(late.state, sync11).result).toBe('already_used');
    // Like the reference, which marks its whole window used, it cancels unentered older ADDs.
    expect(enterToken(late.state, add70).result).toBe('already_used');
    // 65 below (last count 76) is outside the window.
    const at76 = enterToken(at74, at(74, 'ADD_TIME', 1)).state;
    expect(enterToken(at76, sync11)).toMatchObject({ result: 'already_used', count: 11 });
  });

  it('unlocks for good with DISABLE_PAYG', () => {
    const [add, disable] = issueAll(base, 0, [
      { type: 'ADD_TIME', value: 2 },
      { type: 'DISABLE_PAYG' },
    ]);
    let state = enterAll(createDevice(base), [add?.token ?? '']).state;
    expect(isActive(state)).toBe(true);
    expect(isActive(passDays(state, 3))).toBe(false);
    state = enterAll(state, [disable?.token ?? '']).state;
    expect(state.unlocked).toBe(true);
    expect(isActive(passDays(state, 1000))).toBe(true);
  });

  it('counts days with the time divider', () => {
    const d = { ...base, timeDivider: 4 };
    const [add] = issueAll(d, 0, [{ type: 'ADD_TIME', value: 6 }]);
    const state = enterAll(createDevice(d), [add?.token ?? '']).state;
    expect(remainingDays(state)).toBe(1.5);
    expect(remainingDays(passDays(state, 1))).toBe(0.5);
    expect(remainingDays(passDays(state, 2))).toBe(0);
  });

  it('escalates the lock-out on invalid entries and resets it on a good token', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(lockoutEntries)).toEqual([0, 0, 0, 1, 2, 4, 8]);
    expect(lockoutEntries(100)).toBe(MAX_LOCKOUT_ENTRIES);
    const [add] = issueAll(base, 0, [{ type: 'ADD_TIME', value: 1 }]);
    let state = createDevice(base);
    const wrong = '000000000';
    const results = enterAll(
      state,
      Array.from({ length: FREE_INVALID_ENTRIES + 1 }, () => wrong),
    );
    expect(results.results).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
    state = results.state;
    // Locked for one entry: even the right token is refused unread, then accepted.
    const locked = enterToken(state, add?.token ?? '');
    expect(locked.result).toBe('locked_out');
    expect(locked.state.lastCount).toBe(0);
    const accepted = enterToken(locked.state, add?.token ?? '');
    expect(accepted.result).toBe('accepted');
    expect(accepted.state.invalidAttempts).toBe(0);
  });

  it('does not punish re-entering a genuine token', () => {
    const [add] = issueAll(base, 0, [{ type: 'ADD_TIME', value: 1 }]);
    const tokens = Array.from({ length: 10 }, () => add?.token ?? '');
    const { state, results } = enterAll(createDevice(base), tokens);
    expect(results).toEqual(['accepted', ...Array.from({ length: 9 }, () => 'already_used')]);
    expect(state.invalidAttempts).toBe(0);
    expect(state.lockedOutUntil).toBe(0);
  });

  it('treats malformed text as an invalid entry, and leaves the old state untouched', () => {
    const fresh = createDevice({ ...base, restrictedDigits: true });
    const before = structuredClone(fresh);
    const entry = enterToken(fresh, '123456789');
    expect(entry.result).toBe('invalid');
    expect(entry.reason).toMatch(/15 digits/);
    expect(fresh).toEqual(before);
    expect(entry.state.invalidAttempts).toBe(1);
  });

  it('cannot tell a token from another count it happens to match (a protocol collision)', () => {
    // 984437323 is the office's ADD_TIME token (value 2) for count 14 and, by a 1-in-a-million
    // chance, for count 54 too (token.test.ts). Typed again while count 14 is in the window, it
    // is refused as used; once the device is past count 30 it is the genuine token of count 54.
    const d = { keyHex: 'bb10b6cdfc060203f9af3cae60bcf37e', startingCode: 463326321 };
    const token = '984437323';
    const at14 = enterToken(createDevice({ ...d, count: 12 }), token);
    expect(at14).toMatchObject({ result: 'accepted', count: 14 });
    const [add16] = issueAll(d, 14, [{ type: 'ADD_TIME', value: 1 }]);
    const at16 = enterToken(at14.state, add16?.token ?? '');
    expect(enterToken(at16.state, token)).toMatchObject({ result: 'already_used', count: 14 });
    const past = enterToken(createDevice({ ...d, count: 31 }), token);
    expect(past).toMatchObject({ result: 'accepted', count: 54 });
  });

  it('refuses bad device data', () => {
    expect(() => createDevice({ ...base, keyHex: 'abc' })).toThrow(RangeError);
    expect(() => createDevice({ ...base, startingCode: 1e9 })).toThrow(RangeError);
    expect(() => createDevice({ ...base, count: -2 })).toThrow(RangeError);
    expect(() => createDevice({ ...base, timeDivider: 0 })).toThrow(RangeError);
  });
});
