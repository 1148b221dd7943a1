import { describe, expect, it } from 'vitest';
import { changesBehind, silentDays } from './status';

describe('sync status rules', () => {
  it('counts per origin what is held beyond the acknowledgement, never below zero', () => {
    expect(changesBehind({ a: 10, b: 4, c: 2 }, { a: 7, b: 9 })).toBe(3 + 0 + 2);
    expect(changesBehind({}, { a: 3 })).toBe(0);
  });

  it('counts whole days since the last bundle, none when nothing ever came', () => {
    const now = Date.parse('2026-11-16T08:30:00Z');
    expect(silentDays(now, '2026-11-14T08:30:00Z')).toBe(2);
    expect(silentDays(now, '2026-11-14T08:30:01Z')).toBe(1);
    expect(silentDays(now, null)).toBeNull();
  });
});
