import { describe, expect, it } from 'vitest';
import { paidUntil } from './payg-time';

describe('paidUntil', () => {
  it('adds days to the time still left', () => {
    expect(
      paidUntil([
        { type: 'ADD_TIME', days: 10, issuedAt: '2026-01-01T08:00:00.000Z' },
        { type: 'ADD_TIME', days: 5, issuedAt: '2026-01-04T08:00:00.000Z' },
      ]),
    ).toEqual({ kind: 'until', at: '2026-01-16T08:00:00.000Z' });
  });

  it('starts from the new token when the time had run out', () => {
    expect(
      paidUntil([
        { type: 'ADD_TIME', days: 2, issuedAt: '2026-01-01T08:00:00.000Z' },
        { type: 'ADD_TIME', days: 3, issuedAt: '2026-01-10T12:30:00.000Z' },
      ]),
    ).toEqual({ kind: 'until', at: '2026-01-13T12:30:00.000Z' });
  });

  it('lets SET_TIME replace the time left, and counts fractions of a day', () => {
    expect(
      paidUntil([
        { type: 'ADD_TIME', days: 30, issuedAt: '2026-01-01T00:00:00.000Z' },
        { type: 'SET_TIME', days: 0.5, issuedAt: '2026-01-02T00:00:00.000Z' },
        { type: 'COUNTER_SYNC', days: 0, issuedAt: '2026-01-02T01:00:00.000Z' },
      ]),
    ).toEqual({ kind: 'until', at: '2026-01-02T12:00:00.000Z' });
  });

  it('says unlocked after DISABLE_PAYG and none without time tokens', () => {
    expect(
      paidUntil([
        { type: 'ADD_TIME', days: 30, issuedAt: '2026-01-01T00:00:00.000Z' },
        { type: 'DISABLE_PAYG', days: 0, issuedAt: '2026-01-02T00:00:00.000Z' },
      ]),
    ).toEqual({ kind: 'unlocked' });
    expect(paidUntil([])).toEqual({ kind: 'none' });
  });
});
