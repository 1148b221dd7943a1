import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDue, oldestFirst, settleInOrder } from './oldest-first';

describe('oldestFirst', () => {
  it('orders by due date, then by key, in code-unit order (as SQLite compares text)', () => {
    const debts = [
      { due: '2026-10-01', key: 'b' },
      { due: '2026-09-01', key: 'z' },
      { due: '2026-10-01', key: 'B' },
      { due: '2026-10-01', key: 'a' },
    ];
    // Upper case before lower case: a locale's order would put 'a' before 'B'.
    expect(oldestFirst(debts, (d) => d).map((d) => `${d.due} ${d.key}`)).toEqual([
      '2026-09-01 z',
      '2026-10-01 B',
      '2026-10-01 a',
      '2026-10-01 b',
    ]);
  });

  it('keeps the given order of debts due at the same moment with the same key', () => {
    const first = { id: 1, due: '2026-10-01', key: 'x' };
    const second = { id: 2, due: '2026-10-01', key: 'x' };
    expect(oldestFirst([first, second], (d) => d).map((d) => d.id)).toEqual([1, 2]);
    expect(compareDue(first, second)).toBe(0);
  });
});

describe('settleInOrder', () => {
  it('pays each debt what it owes in turn and leaves the rest', () => {
    expect(settleInOrder([100, 250, 80], 300)).toEqual({ paid: [100, 200, 0], rest: 0 });
    expect(settleInOrder([100, 250], 400)).toEqual({ paid: [100, 250], rest: 50 });
  });

  it('gives nothing to a debt owing nothing or less, and settles nothing from nothing', () => {
    expect(settleInOrder([0, -20, 50], 30)).toEqual({ paid: [0, 0, 30], rest: 0 });
    expect(settleInOrder([50], 0)).toEqual({ paid: [0], rest: 0 });
    expect(settleInOrder([50], -10)).toEqual({ paid: [0], rest: 0 });
  });

  it('never pays more than the amount or than a debt owes, and accounts for every unit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000, max: 1_000_000 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (owed, amount) => {
          const { paid, rest } = settleInOrder(owed, amount);
          expect(paid.reduce((s, p) => s + p, 0) + rest).toBe(amount);
          paid.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(Math.max(0, owed[i] ?? 0));
          });
          // Oldest first: a later debt is paid only once every earlier one is settled.
          const firstShort = paid.findIndex((p, i) => p < Math.max(0, owed[i] ?? 0));
          if (firstShort >= 0) expect(paid.slice(firstShort + 1).every((p) => p === 0)).toBe(true);
        },
      ),
    );
  });
});
