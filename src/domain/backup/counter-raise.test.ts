// The counter raise after an old restore, against the device simulator: whatever a device
// entered after the backup, the next token GridDesk issues after the raise is accepted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDevice, enterToken } from '../openpaygo/device';
import { encodeToken } from '../openpaygo/token';
import { counterRaises, COUNTER_RAISE_MARGIN } from './counter-raise';

const KEY = 'a29ab82edc5fbbc41ec9530f6dac86b1';
const START = 123456789;
/** Sales stop at 30 tokens not confirmed entered (docs/counter.md). */
const MAX_OUTSTANDING = 30;

function issueAdds(from: number, n: number): { token: string; count: number }[] {
  const out: { token: string; count: number }[] = [];
  let count = from;
  for (let i = 0; i < n; i++) {
    const t = encodeToken({ keyHex: KEY, startingCode: START, count, type: 'ADD_TIME', value: 3 });
    out.push(t);
    count = t.count;
  }
  return out;
}

describe('counter raise after an old restore', () => {
  it('lets the device accept the next token, whatever it entered after the backup', () => {
    const scenario = fc
      .record({
        beforeBackup: fc.integer({ min: 0, max: 40 }),
        enteredFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        afterFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        deviceFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map((s) => {
        const entered = Math.max(
          s.beforeBackup - MAX_OUTSTANDING,
          Math.floor(s.enteredFraction * s.beforeBackup),
        );
        const room = MAX_OUTSTANDING - (s.beforeBackup - entered);
        const after = Math.floor(s.afterFraction * room);
        const all = s.beforeBackup + after;
        const deviceEntered = entered + Math.floor(s.deviceFraction * (all - entered));
        return { beforeBackup: s.beforeBackup, entered, after, deviceEntered };
      });
    fc.assert(
      fc.property(scenario, ({ beforeBackup, entered, after, deviceEntered }) => {
        const issued = issueAdds(0, beforeBackup + after);
        let device = createDevice({ keyHex: KEY, startingCode: START });
        for (const t of issued.slice(0, deviceEntered)) {
          const entry = enterToken(device, t.token);
          expect(entry.result).toBe('accepted');
          device = entry.state;
        }
        // The backup knew the first `beforeBackup` tokens and the first `entered` confirmations.
        const count = beforeBackup === 0 ? 0 : (issued[beforeBackup - 1]?.count ?? NaN);
        const lastSeenCount = entered === 0 ? 0 : (issued[entered - 1]?.count ?? NaN);
        const [raise] = counterRaises([
          { deviceId: 'd', count, lastSeenCount, replacedCount: null },
        ]);
        const restored = raise?.to ?? count;
        const [next] = issueAdds(restored, 1);
        expect(next && enterToken(device, next.token).result).toBe('accepted');
      }),
      {
        numRuns: 60,
        // The edge: 30 tokens outstanding, 20 of them issued after the backup, all entered.
        examples: [[{ beforeBackup: 10, entered: 0, after: 20, deviceEntered: 30 }]],
      },
    );
  });

  it('without the raise, a token from the restored count is refused by a device that moved on', () => {
    const issued = issueAdds(0, 5);
    let device = createDevice({ keyHex: KEY, startingCode: START });
    for (const t of issued) device = enterToken(device, t.token).state;
    // The backup was taken after the second token; the device has entered all five.
    const [stale] = issueAdds(issued[1]?.count ?? NaN, 1);
    expect(stale && enterToken(device, stale.token).result).toBe('already_used');
  });

  it('uses the replaced database when it is this office’s own, and leaves high counts alone', () => {
    expect(
      counterRaises([
        { deviceId: 'a', count: 10, lastSeenCount: 4, replacedCount: 18 },
        { deviceId: 'b', count: 10, lastSeenCount: 4, replacedCount: 10 },
        { deviceId: 'c', count: 10, lastSeenCount: 4, replacedCount: null },
        { deviceId: 'd', count: 90, lastSeenCount: 20, replacedCount: null },
      ]),
    ).toEqual([
      { deviceId: 'a', from: 10, to: 18, basis: 'replaced-database' },
      { deviceId: 'c', from: 10, to: 4 + COUNTER_RAISE_MARGIN, basis: 'margin' },
    ]);
  });
});
