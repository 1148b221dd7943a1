import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consumptionByPeriod } from './consumption';
import { checkReading } from './validate';

describe('checkReading', () => {
  const prev = { readAt: '2026-11-01T08:00:00.000Z', wh: 1_000_000 };

  it('trusts a first reading and a normal increase', () => {
    expect(checkReading({ readAt: prev.readAt, wh: 5 }, null, 50)).toEqual({
      flag: null,
      reason: null,
    });
    expect(checkReading({ readAt: '2026-11-02T08:00:00.000Z', wh: 1_020_000 }, prev, 50).flag).toBe(
      null,
    );
  });

  it('flags a lower value as a reset or swap, never as negative use', () => {
    const c = checkReading({ readAt: '2026-11-02T08:00:00.000Z', wh: 12_000 }, prev, 50);
    expect(c.flag).toBe('reset');
    expect(c.reason).toContain('lower than the previous reading (1,000 kWh)');
  });

  it('flags growth above the configured kWh a day', () => {
    const c = checkReading({ readAt: '2026-11-03T08:00:00.000Z', wh: 1_150_000 }, prev, 50);
    expect(c.flag).toBe('jump');
    expect(c.reason).toContain('about 75 kWh a day, more than the 50 kWh');
    // Two reads minutes apart are measured over at least an hour.
    expect(checkReading({ readAt: '2026-11-01T08:05:00.000Z', wh: 1_001_000 }, prev, 50).flag).toBe(
      null,
    );
  });
});

describe('consumptionByPeriod', () => {
  it('spreads the energy between two readings over the days between them', () => {
    const out = consumptionByPeriod(
      [
        { readAt: '2026-11-01T00:00:00.000Z', wh: 0 },
        { readAt: '2026-11-03T00:00:00.000Z', wh: 10_000 },
      ],
      'daily',
      'UTC',
    );
    expect(out).toEqual([
      { period: '2026-11-01', wh: 5_000 },
      { period: '2026-11-02', wh: 5_000 },
    ]);
  });

  it('starts a new baseline after a reset: the drop counts zero', () => {
    const out = consumptionByPeriod(
      [
        { readAt: '2026-11-01T12:00:00.000Z', wh: 50_000 },
        { readAt: '2026-11-02T12:00:00.000Z', wh: 1_000 },
        { readAt: '2026-11-03T12:00:00.000Z', wh: 4_000 },
      ],
      'monthly',
      'Africa/Lagos',
    );
    expect(out).toEqual([{ period: '2026-11', wh: 3_000 }]);
  });

  it('never loses or invents energy: the buckets add up to the rises', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ minutes: fc.integer({ min: 0, max: 60 * 24 * 90 }), wh: fc.nat(10_000_000) }),
          { maxLength: 12 },
        ),
        fc.constantFrom('UTC', 'Africa/Lagos', 'Europe/Berlin'),
        (points, zone) => {
          const readings = points.map((p) => ({
            readAt: new Date(Date.parse('2026-01-01T00:00:00Z') + p.minutes * 60_000).toISOString(),
            wh: p.wh,
          }));
          const sorted = [...readings].sort((a, b) => (a.readAt < b.readAt ? -1 : 1));
          let rises = 0;
          for (let i = 1; i < sorted.length; i++) {
            const d = (sorted[i]?.wh ?? 0) - (sorted[i - 1]?.wh ?? 0);
            if (d > 0) rises += d;
          }
          for (const g of ['daily', 'monthly'] as const) {
            const total = consumptionByPeriod(readings, g, zone).reduce((s, b) => s + b.wh, 0);
            expect(total).toBe(rises);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
