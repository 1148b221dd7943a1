import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hlcCompare,
  hlcParse,
  hlcReceive,
  hlcTick,
  hlcToString,
  hlcZero,
  MAX_DRIFT_MS,
  msBeyondDrift,
} from './hlc';

describe('hybrid logical clock', () => {
  it('moves with the wall clock and counts within one millisecond', () => {
    const a = hlcTick(hlcZero('A'), 1000);
    expect(a).toEqual({ wallMs: 1000, counter: 0, node: 'A' });
    const b = hlcTick(a, 1000);
    expect(b).toEqual({ wallMs: 1000, counter: 1, node: 'A' });
    // The wall clock went back (NTP, a user fixing the date): the stamp still goes forward.
    const c = hlcTick(b, 900);
    expect(hlcCompare(c, b)).toBe(1);
  });

  it('orders after a received stamp', () => {
    const local = hlcTick(hlcZero('A'), 1000);
    const remote = { wallMs: 5000, counter: 7, node: 'B' };
    const next = hlcReceive(local, remote, 1200);
    expect(next).toEqual({ wallMs: 5000, counter: 8, node: 'A' });
  });

  it('refuses a remote stamp far in the future', () => {
    expect(() =>
      hlcReceive(hlcZero('A'), { wallMs: 10 * 86_400_000, counter: 0, node: 'B' }, 0),
    ).toThrow(/more than an hour ahead/);
  });

  it('has one drift limit, an hour, for the clock and for the import alike', () => {
    const now = 1_000_000_000;
    const at = (ms: number) => ({ wallMs: now + ms, counter: 0, node: 'B' });
    expect(MAX_DRIFT_MS).toBe(3_600_000);
    // Exactly an hour ahead is still ordinary drift; a millisecond more is refused by both.
    expect(msBeyondDrift(at(3_600_000), now)).toBe(0);
    expect(hlcReceive(hlcZero('A'), at(3_600_000), now).wallMs).toBe(now + 3_600_000);
    expect(msBeyondDrift(at(3_600_001), now)).toBe(3_600_001);
    // Two hours ahead: the clock used to take it (its own limit was a day) while the import
    // refused it.
    expect(() => hlcReceive(hlcZero('A'), at(2 * 3_600_000), now)).toThrow(/an hour ahead/);
    expect(msBeyondDrift(at(-86_400_000), now)).toBe(0);
  });

  it('string form sorts like the clock and round-trips', () => {
    const stamp = fc.record({
      wallMs: fc.integer({ min: 0, max: 2 ** 47 }),
      counter: fc.integer({ min: 0, max: 0xffff }),
      node: fc.constantFrom('LAG', 'ABJ', 'KAN'),
    });
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        expect(hlcParse(hlcToString(a))).toEqual(a);
        const byString =
          hlcToString(a) < hlcToString(b) ? -1 : hlcToString(a) > hlcToString(b) ? 1 : 0;
        expect(byString).toBe(hlcCompare(a, b));
      }),
    );
  });

  it('every tick is strictly after the previous one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 200 }), (walls) => {
        let h = hlcZero('A');
        for (const w of walls) {
          const next = hlcTick(h, w);
          expect(hlcCompare(next, h)).toBe(1);
          h = next;
        }
      }),
    );
  });
});
