// Hand-worked billing cases: the arithmetic is written out in each test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TariffDefinition } from '../tariff';
import { periodCharges, type PricedVersion } from './charges';
import {
  firstPeriodState,
  openingReading,
  periodEnergy,
  unbilledWh,
  type MeterReadingPoint,
} from './energy';
import { billingPeriod, previousPeriodName } from './period';

const NOV = billingPeriod('2026-11', null);

/** NGN: lifeline 0-20 kWh at 40.00, band 1 up to 50 kWh at 150.00, then 200.00; levy 0.50/kWh; VAT 7.5%; 500.00 a month. */
const residential: TariffDefinition = {
  bands: [
    { uptoKwh: 50, priceMilliMinorPerKwh: 15_000_000 },
    { uptoKwh: null, priceMilliMinorPerKwh: 20_000_000 },
  ],
  lifeline: { kwh: 20, priceMilliMinorPerKwh: 4_000_000 },
  levies: [{ name: 'Rural levy', perKwhMilliMinor: 50_000 }],
  accessCharge: { amountMinor: 50_000, period: 'monthly' },
  minimumPurchaseMinor: 0,
  vatBasisPoints: 750,
};

const v = (
  id: string,
  version: number,
  effectiveFrom: string,
  definition = residential,
): PricedVersion => ({
  id,
  version,
  effectiveFrom,
  approvalRef: `NERC/${version}`,
  definition,
});

const amounts = (lines: { label: string; amountMinor: number }[]) =>
  Object.fromEntries(lines.map((l) => [l.label, l.amountMinor]));

describe('billing periods', () => {
  it('are calendar months, or close on a day of the month', () => {
    expect(NOV).toEqual({ name: '2026-11', start: '2026-11-01', end: '2026-12-01', days: 30 });
    expect(billingPeriod('2026-12', null).end).toBe('2027-01-01');
    expect(billingPeriod('2026-03', 25)).toEqual({
      name: '2026-03',
      start: '2026-02-26',
      end: '2026-03-26',
      days: 28,
    });
    expect(previousPeriodName('2026-01')).toBe('2025-12');
  });
});

describe('period charges', () => {
  it('crosses the lifeline and the bands, adds the levy, the fixed charge and VAT', () => {
    // 70 kWh: lifeline 20 x 40.00 = 800.00; band 1 is 20-50 kWh: 30 x 150.00 = 4,500.00;
    // band 2: 20 x 200.00 = 4,000.00; levy 70 x 0.50 = 35.00; access charge 500.00.
    // Net 9,835.00; VAT 7.5% = 737.625 -> 737.63 (half-up); total 10,572.63.
    const c = periodCharges({
      versions: [v('v1', 1, '2026-01-01')],
      start: NOV.start,
      end: NOV.end,
      billedWh: 70_000,
      connectedFrom: '2025-06-01',
    });
    expect(amounts(c.lines)).toEqual({
      'Lifeline 0-20 kWh': 80_000,
      'Band 1: 20-50 kWh': 450_000,
      'Band 2: above 50 kWh': 400_000,
      'Rural levy': 3_500,
      'Access charge': 50_000,
      'VAT 7.5%': 73_763,
    });
    expect(c).toMatchObject({ netMinor: 983_500, vatMinor: 73_763, totalMinor: 1_057_263 });
  });

  it('pro-rates the fixed charge for a customer connected mid-period', () => {
    // Connected on 21 November: 10 of 30 days of 500.00 = 166.666... -> 166.67. No energy yet.
    const c = periodCharges({
      versions: [v('v1', 1, '2026-01-01')],
      start: NOV.start,
      end: NOV.end,
      billedWh: 0,
      connectedFrom: '2026-11-21',
    });
    expect(amounts(c.lines)).toEqual({
      'Access charge, 10 of 30 days': 16_667,
      // 166.67 x 7.5% = 12.50025 -> 12.50
      'VAT 7.5%': 1_250,
    });
  });

  it('splits the period by days when the tariff changes in the middle (pro-rata by days)', () => {
    // v2 from 16 November raises band 2 to 250.00 and VAT to 10%. 60 kWh over 15 + 15 days:
    // 30 kWh each. Each half has lifeline 10 kWh and band 1 up to 25 kWh (limits halved).
    // v1: 10 x 40 = 400.00; 15 x 150 = 2,250.00; 5 x 200 = 1,000.00; levy 15.00; access 250.00.
    // v2: 400.00; 2,250.00; 5 x 250 = 1,250.00; levy 15.00; access 250.00.
    // VAT: v1 3,915.00 x 7.5% = 293.625 -> 293.63; v2 4,165.00 x 10% = 416.50.
    const v2: TariffDefinition = {
      ...residential,
      bands: [
        residential.bands[0] ?? { uptoKwh: 50, priceMilliMinorPerKwh: 0 },
        { uptoKwh: null, priceMilliMinorPerKwh: 25_000_000 },
      ],
      vatBasisPoints: 1000,
    };
    const c = periodCharges({
      versions: [v('v1', 1, '2026-01-01'), v('v2', 2, '2026-11-16', v2)],
      start: NOV.start,
      end: NOV.end,
      billedWh: 60_000,
      connectedFrom: null,
    });
    expect(c.lines.map((l) => [l.label, l.wh, l.amountMinor])).toEqual([
      ['Lifeline 0-20 kWh (v1, 15 days)', 10_000, 40_000],
      ['Band 1: 20-50 kWh (v1, 15 days)', 15_000, 225_000],
      ['Band 2: above 50 kWh (v1, 15 days)', 5_000, 100_000],
      ['Rural levy (v1, 15 days)', 30_000, 1_500],
      ['Access charge, 15 of 30 days (v1, 15 days)', null, 25_000],
      ['Lifeline 0-20 kWh (v2, 15 days)', 10_000, 40_000],
      ['Band 1: 20-50 kWh (v2, 15 days)', 15_000, 225_000],
      ['Band 2: above 50 kWh (v2, 15 days)', 5_000, 125_000],
      ['Rural levy (v2, 15 days)', 30_000, 1_500],
      ['Access charge, 15 of 30 days (v2, 15 days)', null, 25_000],
      ['VAT 7.5%', null, 29_363],
      ['VAT 10%', null, 41_650],
    ]);
    expect(c.versions.map((x) => [x.id, x.days])).toEqual([
      ['v1', 15],
      ['v2', 15],
    ]);
  });

  it('charges only the fixed charge for zero consumption', () => {
    const c = periodCharges({
      versions: [v('v1', 1, '2026-01-01', { ...residential, vatBasisPoints: 0 })],
      start: NOV.start,
      end: NOV.end,
      billedWh: 0,
      connectedFrom: null,
    });
    expect(c.lines.map((l) => l.kind)).toEqual(['fixed']);
    expect(c.totalMinor).toBe(50_000);
  });

  it('always adds up: lines sum to the total, never a negative line', () => {
    fc.assert(
      fc.property(
        fc.nat(2_000_000),
        fc.integer({ min: 1, max: 29 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2000 }),
        (wh, changeDay, change, vat) => {
          const versions = [v('v1', 1, '2026-01-01', { ...residential, vatBasisPoints: vat })];
          if (change)
            versions.push(v('v2', 2, `2026-11-${String(changeDay + 1).padStart(2, '0')}`));
          const c = periodCharges({
            versions,
            start: NOV.start,
            end: NOV.end,
            billedWh: wh,
            connectedFrom: null,
          });
          expect(c.lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(c.totalMinor);
          expect(c.lines.every((l) => l.amountMinor >= 0)).toBe(true);
          const energy = c.lines
            .filter((l) => l.kind === 'energy')
            .reduce((s, l) => s + (l.wh ?? 0), 0);
          expect(energy).toBe(wh);
        },
      ),
    );
  });
});

const r = (at: string, wh: number, id = at): MeterReadingPoint => ({
  id,
  at,
  wh,
  source: 'modbus',
});
const DAY = 86_400_000;

describe('period energy', () => {
  const window = 3 * DAY;

  it('bills an actual closing reading near the period end', () => {
    const e = periodEnergy({
      readings: [
        r('2026-10-31T23:00:00.000Z', 100_000),
        r('2026-11-15T10:00:00.000Z', 150_000),
        r('2026-11-30T22:00:00.000Z', 190_000),
        r('2026-12-05T10:00:00.000Z', 200_000),
      ],
      state: { base: { at: '2026-10-31T23:00:00.000Z', wh: 100_000, readingId: 'a' }, carried: 0 },
      endIso: '2026-11-30T23:00:00.000Z',
      windowMs: window,
      lookbackDays: 90,
    });
    expect(e).toMatchObject({
      ok: true,
      billedWh: 90_000,
      estimatedWh: 0,
      closing: { wh: 190_000, estimated: false },
    });
  });

  it('estimates, then trues up across three periods', () => {
    // October: actual readings every 10 days, 3 kWh a day. Base 31 Oct at 100 kWh.
    const history = [
      r('2026-10-01T23:00:00.000Z', 10_000),
      r('2026-10-11T23:00:00.000Z', 40_000),
      r('2026-10-21T23:00:00.000Z', 70_000),
      r('2026-10-31T23:00:00.000Z', 100_000),
    ];
    // November: no reading at all. Estimate 30 days x 3 kWh = 90 kWh; closing shows 190 kWh estimated.
    const nov = periodEnergy({
      readings: history,
      state: { base: { at: '2026-10-31T23:00:00.000Z', wh: 100_000, readingId: 'x' }, carried: 0 },
      endIso: '2026-11-30T23:00:00.000Z',
      windowMs: window,
      lookbackDays: 90,
    });
    expect(nov).toMatchObject({
      ok: true,
      billedWh: 90_000,
      estimatedWh: 90_000,
      closing: { wh: 190_000, estimated: true },
    });
    if (!nov.ok) return;
    // December: the meter is read on 31 Dec at 170 kWh: only 70 kWh were used in two months.
    // Measured 70, already billed 90: bill 0 and carry 20 kWh of over-estimate.
    const withDec = [...history, r('2026-12-31T22:00:00.000Z', 170_000)];
    const dec = periodEnergy({
      readings: withDec,
      state: nov.next,
      endIso: '2026-12-31T23:00:00.000Z',
      windowMs: window,
      lookbackDays: 90,
    });
    expect(dec).toMatchObject({
      ok: true,
      billedWh: 0,
      measuredWh: 70_000,
      closing: { wh: 170_000, estimated: false },
    });
    if (!dec.ok) return;
    expect(dec.next.carried).toBe(20_000);
    // January: read at 230 kWh: 60 measured less the 20 carried = 40 kWh billed.
    const jan = periodEnergy({
      readings: [...withDec, r('2027-01-31T22:00:00.000Z', 230_000)],
      state: dec.next,
      endIso: '2027-01-31T23:00:00.000Z',
      windowMs: window,
      lookbackDays: 90,
    });
    expect(jan).toMatchObject({ ok: true, billedWh: 40_000 });
    if (!jan.ok) return;
    expect(jan.next.carried).toBe(0);
    // Over the three periods: 90 + 0 + 40 = 130 kWh billed = 230 - 100 actually used.
  });

  it('adds the old meter up to the swap and the new meter from its first reading', () => {
    // Old meter 500 -> 540 kWh until the swap on 12 Nov (reading accepted as a reset), new
    // meter 0.2 -> 25.2 kWh by the end: 40 + 25 = 65 kWh.
    const e = periodEnergy({
      readings: [
        r('2026-10-31T23:00:00.000Z', 500_000),
        r('2026-11-12T09:00:00.000Z', 540_000),
        r('2026-11-12T10:00:00.000Z', 200),
        r('2026-11-30T20:00:00.000Z', 25_200),
      ],
      state: { base: { at: '2026-10-31T23:00:00.000Z', wh: 500_000, readingId: 'b' }, carried: 0 },
      endIso: '2026-11-30T23:00:00.000Z',
      windowMs: window,
      lookbackDays: 90,
    });
    expect(e).toMatchObject({ ok: true, billedWh: 65_000 });
  });

  it('says when there is neither a reading near the end nor enough history to estimate', () => {
    const e = periodEnergy({
      readings: [r('2026-10-31T23:00:00.000Z', 5)],
      state: { base: { at: '2026-10-31T23:00:00.000Z', wh: 5, readingId: 'c' }, carried: 0 },
      endIso: '2026-11-30T23:00:00.000Z',
      windowMs: window,
      lookbackDays: 90,
    });
    expect(e).toMatchObject({ ok: false, problem: 'no-reading' });
  });

  it('never bills negative energy, whatever the readings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 1, max: 40 }), wh: fc.nat(1_000_000) }), {
          maxLength: 8,
        }),
        fc.nat(100_000),
        (points, carried) => {
          const readings = points
            .map((p, i) =>
              r(
                new Date(Date.parse('2026-10-31T23:00:00.000Z') + p.day * DAY + i).toISOString(),
                p.wh,
              ),
            )
            .sort((a, b) => (a.at < b.at ? -1 : 1));
          const e = periodEnergy({
            readings: [r('2026-10-31T23:00:00.000Z', 1000), ...readings],
            state: { base: { at: '2026-10-31T23:00:00.000Z', wh: 1000, readingId: 'd' }, carried },
            endIso: '2026-11-30T23:00:00.000Z',
            windowMs: window,
            lookbackDays: 90,
          });
          if (e.ok) {
            expect(e.billedWh).toBeGreaterThanOrEqual(0);
            expect(e.next.carried).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});

describe('unbilled use so far', () => {
  it('counts the rises since the last actual reading, less what estimates already billed', () => {
    const base = { at: '2026-10-31T23:00:00.000Z', wh: 100_000, readingId: 'x' };
    const readings = [
      r('2026-10-31T23:00:00.000Z', 100_000),
      r('2026-11-10T08:00:00.000Z', 130_000),
      r('2026-11-12T08:00:00.000Z', 500),
      r('2026-11-20T08:00:00.000Z', 10_500),
    ];
    // 30 kWh, then a swap (counts 0), then 10 kWh: 40 kWh, less 15 kWh billed by an estimate.
    expect(unbilledWh(readings, { base, carried: 15_000 })).toBe(25_000);
    expect(unbilledWh(readings, { base, carried: 90_000 })).toBe(0);
  });
});

describe('opening reading of a first invoice', () => {
  const period = { startIso: '2026-10-31T23:00:00.000Z', endIso: '2026-11-30T23:00:00.000Z' };
  const window = 3 * 86_400_000;

  it('takes the reading nearest the period start within the window, on either side', () => {
    const readings = [
      r('2026-10-20T08:00:00.000Z', 90_000), // 11 days before: outside the window
      r('2026-10-30T12:00:00.000Z', 100_000), // 1.5 days before
      r('2026-11-01T08:00:00.000Z', 101_000), // 9 hours after: the nearest
      r('2026-11-05T08:00:00.000Z', 110_000),
    ];
    expect(openingReading(readings, period, window)?.wh).toBe(101_000);
    expect(openingReading(readings.slice(0, 2), period, window)?.wh).toBe(100_000);
  });

  it('keeps the earlier of two readings equally near', () => {
    const readings = [r('2026-10-31T22:00:00.000Z', 1), r('2026-11-01T00:00:00.000Z', 2)];
    expect(openingReading(readings, period, window)?.wh).toBe(1);
  });

  it("opens a meter connected during the period at the period's first reading", () => {
    const readings = [
      r('2026-10-01T08:00:00.000Z', 50_000), // a month before: not an opening
      r('2026-11-12T08:00:00.000Z', 0),
      r('2026-11-20T08:00:00.000Z', 4_000),
      r('2026-12-02T08:00:00.000Z', 9_000), // after the period
    ];
    expect(openingReading(readings, period, window)?.at).toBe('2026-11-12T08:00:00.000Z');
  });

  it('has no opening without a reading near the start or inside the period', () => {
    expect(openingReading([], period, window)).toBeNull();
    const outside = [r('2026-10-01T08:00:00.000Z', 1), r('2026-12-05T08:00:00.000Z', 2)];
    expect(openingReading(outside, period, window)).toBeNull();
  });

  it('carries nothing estimated into the first period', () => {
    const opening = r('2026-11-01T08:00:00.000Z', 101_000);
    expect(firstPeriodState(opening)).toEqual({
      base: { at: opening.at, wh: 101_000, readingId: opening.id },
      carried: 0,
    });
  });
});
