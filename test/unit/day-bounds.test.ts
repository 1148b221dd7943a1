// The audit log's day filters and the meter page's reading dates ask for the UTC bounds of an
// office day; the renderer uses the domain's one rule for it.
import { describe, expect, it } from 'vitest';
import { endOfDayUtc, startOfDayUtc } from '../../src/renderer/lib/format';

describe('office day bounds in the renderer', () => {
  it('gives the first and last instant of a local day', () => {
    expect(startOfDayUtc('2026-11-22', 'Africa/Lagos')?.toISOString()).toBe(
      '2026-11-21T23:00:00.000Z',
    );
    expect(endOfDayUtc('2026-11-22', 'Africa/Lagos')?.toISOString()).toBe(
      '2026-11-22T22:59:59.999Z',
    );
    expect(endOfDayUtc('2026-03-29', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-29T21:59:59.999Z',
    );
  });

  it('answers null for text that is not a day', () => {
    expect(startOfDayUtc('22/11/2026', 'UTC')).toBeNull();
    expect(endOfDayUtc('', 'UTC')).toBeNull();
  });
});
