// Tariff arithmetic: hand-worked bills, validation, the version in force, and properties over
// arbitrary valid tariffs (lines cover the energy exactly, nothing negative, more never cheaper).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  definitionIssues,
  energyLineLabels,
  energyLines,
  prepaidUnitPrice,
  tariffInForce,
  validateTariff,
  vatOn,
  type TariffBand,
  type TariffDefinition,
  type TariffVersion,
} from './tariff';

/** NGN 150.00/kWh is 15,000 kobo/kWh, held as 15,000,000 milli-kobo per kWh. */
const naira = (perKwh: number) => Math.round(perKwh * 100 * 1000);

const base: TariffVersion = {
  bands: [
    { uptoKwh: 50, priceMilliMinorPerKwh: naira(150) },
    { uptoKwh: 100, priceMilliMinorPerKwh: naira(200) },
    { uptoKwh: null, priceMilliMinorPerKwh: naira(250) },
  ],
  lifeline: null,
  levies: [],
  accessCharge: null,
  minimumPurchaseMinor: 0,
  vatBasisPoints: 750,
  effectiveFrom: '2026-01-01',
  approvalRef: 'NERC/2025/001',
};

const total = (t: TariffDefinition, wh: number) =>
  energyLines(t, wh).reduce((sum, l) => sum + l.amountMinor, 0);

describe('energy lines', () => {
  it('charges progressive bands across their limits', () => {
    // 120 kWh = 50 x 150 + 50 x 200 + 20 x 250 = 7,500 + 10,000 + 5,000 = NGN 22,500.00,
    // which is 2,250,000 kobo.
    const lines = energyLines(base, 120_000);
    expect(lines).toEqual([
      {
        kind: 'energy',
        label: 'Band 1: 0-50 kWh',
        wh: 50_000,
        priceMilliMinorPerKwh: 15_000_000,
        amountMinor: 750_000,
      },
      {
        kind: 'energy',
        label: 'Band 2: 50-100 kWh',
        wh: 50_000,
        priceMilliMinorPerKwh: 20_000_000,
        amountMinor: 1_000_000,
      },
      {
        kind: 'energy',
        label: 'Band 3: above 100 kWh',
        wh: 20_000,
        priceMilliMinorPerKwh: 25_000_000,
        amountMinor: 500_000,
      },
    ]);
    expect(total(base, 120_000)).toBe(2_250_000);
    // Below the first limit only the first band appears.
    expect(energyLines(base, 30_000).map((l) => l.label)).toEqual(['Band 1: 0-50 kWh']);
    expect(energyLines(base, 0)).toEqual([]);
  });

  it('takes the lifeline out of the first band', () => {
    // Lifeline 20 kWh at NGN 40.00: 120 kWh = 20 x 40 + 30 x 150 + 50 x 200 + 20 x 250
    // = 800 + 4,500 + 10,000 + 5,000 = NGN 20,300.00 = 2,030,000 kobo.
    const t = { ...base, lifeline: { kwh: 20, priceMilliMinorPerKwh: naira(40) } };
    const lines = energyLines(t, 120_000);
    expect(lines.map((l) => [l.label, l.wh, l.amountMinor])).toEqual([
      ['Lifeline 0-20 kWh', 20_000, 80_000],
      ['Band 1: 20-50 kWh', 30_000, 450_000],
      ['Band 2: 50-100 kWh', 50_000, 1_000_000],
      ['Band 3: above 100 kWh', 20_000, 500_000],
    ]);
    expect(total(t, 120_000)).toBe(2_030_000);
    // 15 kWh stays inside the lifeline: 15 x 40 = NGN 600.00.
    expect(energyLines(t, 15_000).map((l) => [l.label, l.amountMinor])).toEqual([
      ['Lifeline 0-20 kWh', 60_000],
    ]);
  });

  it('labels the band after a lifeline from where the lifeline ends', () => {
    // Regression: a 30 kWh lifeline and a first band up to 100 kWh printed "0-100 kWh", while
    // that line only ever holds the energy from 30 to 100 kWh.
    const t = {
      lifeline: { kwh: 30, priceMilliMinorPerKwh: naira(40) },
      bands: [
        { uptoKwh: 100, priceMilliMinorPerKwh: naira(150) },
        { uptoKwh: null, priceMilliMinorPerKwh: naira(200) },
      ],
    };
    expect(energyLineLabels(t)).toEqual({
      lifeline: 'Lifeline 0-30 kWh',
      bands: ['Band 1: 30-100 kWh', 'Band 2: above 100 kWh'],
    });
    expect(energyLines({ ...base, ...t }, 150_000).map((l) => [l.label, l.wh])).toEqual([
      ['Lifeline 0-30 kWh', 30_000],
      ['Band 1: 30-100 kWh', 70_000],
      ['Band 2: above 100 kWh', 50_000],
    ]);
  });

  it('names a single price "Energy", with its range only when a lifeline comes first', () => {
    const flat = { lifeline: null, bands: [{ uptoKwh: null, priceMilliMinorPerKwh: naira(150) }] };
    expect(energyLineLabels(flat)).toEqual({ lifeline: null, bands: ['Energy'] });
    expect(
      energyLineLabels({ ...flat, lifeline: { kwh: 25, priceMilliMinorPerKwh: naira(40) } }),
    ).toEqual({ lifeline: 'Lifeline 0-25 kWh', bands: ['Energy above 25 kWh'] });
    expect(energyLineLabels(base).bands).toEqual([
      'Band 1: 0-50 kWh',
      'Band 2: 50-100 kWh',
      'Band 3: above 100 kWh',
    ]);
  });

  it('charges each levy as its own line over all the energy, rounding each line once', () => {
    // UGX has no minor unit. Flat UGX 756.2/kWh and a levy of UGX 1.5/kWh on 12.345 kWh:
    // energy 12.345 x 756.2 = 9,335.289 -> 9,335; levy 12.345 x 1.5 = 18.5175 -> 19.
    const t: TariffDefinition = {
      ...base,
      bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 756_200 }],
      levies: [{ name: 'Rural electrification levy', perKwhMilliMinor: 1_500 }],
      vatBasisPoints: 1_800,
    };
    expect(energyLines(t, 12_345)).toEqual([
      {
        kind: 'energy',
        label: 'Energy',
        wh: 12_345,
        priceMilliMinorPerKwh: 756_200,
        amountMinor: 9_335,
      },
      {
        kind: 'levy',
        label: 'Rural electrification levy',
        wh: 12_345,
        priceMilliMinorPerKwh: 1_500,
        amountMinor: 19,
      },
    ]);
    // VAT 18% on 9,354 = 1,683.72 -> 1,684.
    expect(vatOn(9_354, t)).toBe(1_684);
  });

  it('rounds VAT once, half-up', () => {
    // 7.5% of NGN 0.20 (20 kobo) = 1.5 kobo -> 2; of NGN 1,234.50 = 92.5875 -> 92.59.
    expect(vatOn(20, base)).toBe(2);
    expect(vatOn(123_450, base)).toBe(9_259);
    expect(vatOn(0, base)).toBe(0);
  });

  it('refuses energy that is not a whole number of Wh', () => {
    expect(() => energyLines(base, 1.5)).toThrow(RangeError);
    expect(() => energyLines(base, -1)).toThrow(RangeError);
  });
});

describe('prepaid unit price', () => {
  it('is the first band plus levies, VAT included, rounded half-up to a milli-minor unit', () => {
    // (NGN 150.00 + 0.50 levy) x 1.075 = NGN 161.7875/kWh = 16,178,750 milli-kobo.
    expect(
      prepaidUnitPrice({ ...base, levies: [{ name: 'Levy', perKwhMilliMinor: 50_000 }] }),
    ).toBe(16_178_750);
    // (756.201 + 1.5) x 1.075 = 814.528575 -> 814,528.575 milli -> 814,529.
    expect(
      prepaidUnitPrice({
        ...base,
        bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 756_201 }],
        levies: [{ name: 'Levy', perKwhMilliMinor: 1_500 }],
      }),
    ).toBe(814_529);
    // The lifeline does not apply to prepaid purchases.
    expect(
      prepaidUnitPrice({
        ...base,
        lifeline: { kwh: 10, priceMilliMinorPerKwh: 1 },
        vatBasisPoints: 0,
      }),
    ).toBe(15_000_000);
  });
});

describe('validation', () => {
  it('accepts a sound tariff', () => {
    expect(validateTariff(base)).toEqual([]);
    expect(
      validateTariff({
        ...base,
        lifeline: { kwh: 20, priceMilliMinorPerKwh: 0 },
        levies: [{ name: 'Levy', perKwhMilliMinor: 0 }],
        accessCharge: { amountMinor: 50_000, period: 'monthly' },
      }),
    ).toEqual([]);
  });

  it('names every problem by its field', () => {
    expect(
      validateTariff({
        ...base,
        bands: [
          { uptoKwh: 100, priceMilliMinorPerKwh: 1 },
          { uptoKwh: 50, priceMilliMinorPerKwh: -1 },
          { uptoKwh: null, priceMilliMinorPerKwh: 1 },
        ],
        lifeline: { kwh: 100, priceMilliMinorPerKwh: 1 },
        levies: [
          { name: 'VAT levy', perKwhMilliMinor: 1 },
          { name: 'vat levy', perKwhMilliMinor: -2 },
        ],
        vatBasisPoints: 10_001,
        effectiveFrom: '2026-02-30',
      }),
    ).toEqual([
      'bands.1.priceMilliMinorPerKwh: must be a whole number, not negative',
      "bands.1.uptoKwh: must be above the previous band's limit (100 kWh)",
      "lifeline.kwh: must be below the first band's limit (100 kWh)",
      'levies.1.name: must not repeat another levy',
      'levies.1.perKwhMilliMinor: must be a whole number, not negative',
      'vatBasisPoints: must be a whole number of basis points from 0 to 10000',
      'effectiveFrom: must be a date (YYYY-MM-DD)',
    ]);
    expect(validateTariff({ ...base, bands: [] })).toEqual(['bands: must have at least one band']);
    expect(
      validateTariff({
        ...base,
        bands: [
          { uptoKwh: null, priceMilliMinorPerKwh: 1 },
          { uptoKwh: 10, priceMilliMinorPerKwh: 1 },
        ],
      }),
    ).toEqual([
      'bands.0.uptoKwh: must have a limit: only the last band is open',
      'bands.1.uptoKwh: must be empty on the last band (open), so all energy is priced',
    ]);
  });
});

describe('the version in force', () => {
  const versions = [
    { version: 1, effectiveFrom: '2026-01-01' },
    { version: 2, effectiveFrom: '2027-01-01' },
    { version: 3, effectiveFrom: '2027-01-01' },
  ];
  it('is the latest effective on or before the date', () => {
    expect(tariffInForce(versions, '2025-12-31')).toBeUndefined();
    expect(tariffInForce(versions, '2026-01-01')?.version).toBe(1);
    expect(tariffInForce(versions, '2026-12-31')?.version).toBe(1);
    // Two versions from the same day: the later version wins, whatever the list order.
    expect(tariffInForce(versions, '2027-01-01')?.version).toBe(3);
    expect(tariffInForce([...versions].reverse(), '2030-06-01')?.version).toBe(3);
  });
});

const price = fc.integer({ min: 0, max: 100_000_000 });

/** Any valid definition: ascending limits, last band open, lifeline below the first limit. */
const tariffArb: fc.Arbitrary<TariffDefinition> = fc
  .record({
    steps: fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 4 }),
    prices: fc.array(price, { minLength: 5, maxLength: 5 }),
    lifeline: fc.option(fc.record({ kwh: fc.integer({ min: 1, max: 500 }), price }), {
      nil: null,
    }),
    levies: fc.array(price, { maxLength: 3 }),
    vat: fc.integer({ min: 0, max: 10_000 }),
  })
  .map(({ steps, prices, lifeline, levies, vat }) => {
    let limit = 0;
    const bands: TariffBand[] = steps.map((s, i) => {
      limit += s;
      return { uptoKwh: limit, priceMilliMinorPerKwh: prices[i] ?? 0 };
    });
    bands.push({ uptoKwh: null, priceMilliMinorPerKwh: prices[4] ?? 0 });
    const firstLimit = bands[0]?.uptoKwh ?? null;
    const life =
      lifeline && (firstLimit === null || lifeline.kwh < firstLimit)
        ? { kwh: lifeline.kwh, priceMilliMinorPerKwh: lifeline.price }
        : null;
    return {
      bands,
      lifeline: life,
      levies: levies.map((p, i) => ({ name: `Levy ${i + 1}`, perKwhMilliMinor: p })),
      accessCharge: null,
      minimumPurchaseMinor: 0,
      vatBasisPoints: vat,
    };
  });

const energy = fc.integer({ min: 0, max: 5_000_000 });

describe('properties', () => {
  it('generated tariffs are valid', () => {
    fc.assert(fc.property(tariffArb, (t) => definitionIssues(t).length === 0));
  });

  it('energy lines add up to the energy, levies cover all of it, nothing is negative', () => {
    fc.assert(
      fc.property(tariffArb, energy, (t, wh) => {
        const lines = energyLines(t, wh);
        const energyWh = lines.filter((l) => l.kind === 'energy').reduce((s, l) => s + l.wh, 0);
        expect(energyWh).toBe(wh);
        for (const l of lines) {
          expect(l.amountMinor).toBeGreaterThanOrEqual(0);
          if (l.kind === 'levy') expect(l.wh).toBe(wh);
        }
        expect(lines.filter((l) => l.kind === 'levy')).toHaveLength(wh > 0 ? t.levies.length : 0);
      }),
    );
  });

  it('more energy never costs less', () => {
    fc.assert(
      fc.property(tariffArb, energy, fc.integer({ min: 0, max: 1_000_000 }), (t, wh, more) => {
        expect(total(t, wh + more)).toBeGreaterThanOrEqual(total(t, wh));
      }),
    );
  });

  it('the prepaid unit price is never below the first band price', () => {
    fc.assert(
      fc.property(tariffArb, (t) => {
        expect(prepaidUnitPrice(t)).toBeGreaterThanOrEqual(t.bands[0]?.priceMilliMinorPerKwh ?? 0);
      }),
    );
  });
});
