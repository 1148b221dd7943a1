import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accrueAccessCharges, type AccrualVersion } from './access-charges';
import { addDays, localDayBounds } from './time';

const daily = (id: string, effectiveFrom: string, amountMinor: number): AccrualVersion => ({
  id,
  version: Number(id.slice(1)),
  effectiveFrom,
  accessCharge: { amountMinor, period: 'daily' },
});

const total = (rows: { amountMinor: number }[]) => rows.reduce((s, r) => s + r.amountMinor, 0);

describe('accrueAccessCharges', () => {
  it('charges every day of a daily charge, inclusive of both ends', () => {
    const rows = accrueAccessCharges('2026-01-30', '2026-02-02', [daily('v1', '2026-01-01', 50)]);
    expect(rows).toEqual([
      {
        periodFrom: '2026-01-30',
        periodTo: '2026-02-02',
        periods: 4,
        amountMinor: 200,
        tariffVersionId: 'v1',
      },
    ]);
  });

  it('charges a monthly charge on the first of each month only', () => {
    const monthly: AccrualVersion = {
      id: 'v1',
      version: 1,
      effectiveFrom: '2025-01-01',
      accessCharge: { amountMinor: 100_000, period: 'monthly' },
    };
    const rows = accrueAccessCharges('2026-01-15', '2026-04-01', [monthly]);
    expect(total(rows)).toBe(300_000);
    expect(rows[0]?.periods).toBe(3);
  });

  it('uses the version in force each day and nothing before the first version', () => {
    const rows = accrueAccessCharges('2026-02-26', '2026-03-03', [
      daily('v1', '2026-02-28', 10),
      daily('v2', '2026-03-02', 20),
    ]);
    expect(rows.map((r) => [r.tariffVersionId, r.periodFrom, r.periodTo, r.amountMinor])).toEqual([
      [null, '2026-02-26', '2026-02-27', 0],
      ['v1', '2026-02-28', '2026-03-01', 20],
      ['v2', '2026-03-02', '2026-03-03', 40],
    ]);
  });

  it('is empty when the range is empty (already accrued through today)', () => {
    expect(accrueAccessCharges('2026-03-04', '2026-03-03', [daily('v1', '2026-01-01', 5)])).toEqual(
      [],
    );
  });

  it('gives the same total in one run or in any number of runs (idempotent by range)', () => {
    const versions = [daily('v1', '2026-01-10', 30), daily('v2', '2026-03-01', 45)];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 6 }),
        (startOffset, length, cuts) => {
          const from = addDays('2026-01-01', startOffset);
          const to = addDays(from, length);
          const whole = total(accrueAccessCharges(from, to, versions));
          const points = [...new Set(cuts.filter((c) => c < length))].sort((a, b) => a - b);
          let cursor = from;
          let pieces = 0;
          for (const cut of [...points, length]) {
            const end = addDays(from, cut);
            pieces += total(accrueAccessCharges(cursor, end, versions));
            cursor = addDays(end, 1);
          }
          expect(pieces).toBe(whole);
        },
      ),
    );
  });
});

describe('local day bounds', () => {
  it('finds the UTC instants of a local day, across DST changes', () => {
    expect(localDayBounds('2026-11-22', 'Africa/Lagos')).toEqual({
      startIso: '2026-11-21T23:00:00.000Z',
      endIso: '2026-11-22T23:00:00.000Z',
    });
    expect(localDayBounds('2026-03-29', 'Europe/Berlin')).toEqual({
      startIso: '2026-03-28T23:00:00.000Z',
      endIso: '2026-03-29T22:00:00.000Z',
    });
    expect(localDayBounds('2026-05-01', 'UTC').startIso).toBe('2026-05-01T00:00:00.000Z');
  });

  it('moves calendar dates across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
