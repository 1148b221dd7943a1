// Tariffs (docs/domain.md §4): what a kWh costs, per version. A tariff changes by getting a new
// version with a later effective date; a bill is always computed with the version in force on its
// date, so old bills stay reproducible. Money follows docs/domain.md §3 (see money.ts): prices in
// milli-minor units per kWh, every line rounded exactly once at its total, half-up.
//
// The energy rule, written down once:
//   1. Lifeline: the first `lifeline.kwh` kWh of a billing period cost the lifeline price.
//   2. Bands: band limits (`uptoKwh`) count from the start of the period, lifeline energy
//      included; the lifeline takes the first kWh out of the first band, the rest of each band is
//      charged at that band's price. The last band is open (uptoKwh null), so all energy is priced.
//   3. Levies: each levy is its own line, charged per kWh over all the energy of the period.
//   4. VAT (basis points) is charged on the sum of the lines (and any access charge) by the caller
//      that builds the bill, with `vatOn`.
import { divRoundHalfAway, energyCharge, percentOf, type MilliMinorPerKwh } from './money';

export interface TariffBand {
  /** Upper limit of the band in whole kWh per billing period, counted from 0; null: no limit. */
  uptoKwh: number | null;
  priceMilliMinorPerKwh: MilliMinorPerKwh;
}

export interface TariffLevy {
  name: string;
  perKwhMilliMinor: MilliMinorPerKwh;
}

/** The prices of one tariff version: stored as the JSON definition of the version. */
export interface TariffDefinition {
  bands: TariffBand[];
  lifeline: { kwh: number; priceMilliMinorPerKwh: MilliMinorPerKwh } | null;
  levies: TariffLevy[];
  accessCharge: { amountMinor: number; period: 'daily' | 'monthly' } | null;
  /** Smallest prepaid purchase accepted at the counter, in minor units. */
  minimumPurchaseMinor: number;
  /** VAT in basis points: 7.5% is 750. */
  vatBasisPoints: number;
}

/** A version as it is in force: its prices, from when, and the regulator's approval. */
export interface TariffVersion extends TariffDefinition {
  /** Local calendar date (YYYY-MM-DD) from which the version applies. */
  effectiveFrom: string;
  approvalRef: string | null;
}

export interface EnergyLine {
  kind: 'energy' | 'levy';
  label: string;
  wh: number;
  priceMilliMinorPerKwh: MilliMinorPerKwh;
  amountMinor: number;
}

export interface TariffIssue {
  path: (string | number)[];
  message: string;
}

const isWholeAtLeast = (v: number, min: number) => Number.isSafeInteger(v) && v >= min;

/** Problems with a definition, each at the path of the field it concerns. Empty when usable. */
export function definitionIssues(d: TariffDefinition): TariffIssue[] {
  const issues: TariffIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  if (d.bands.length === 0) add(['bands'], 'must have at least one band');
  let previous = 0;
  d.bands.forEach((band, i) => {
    const last = i === d.bands.length - 1;
    if (!isWholeAtLeast(band.priceMilliMinorPerKwh, 0)) {
      add(['bands', i, 'priceMilliMinorPerKwh'], 'must be a whole number, not negative');
    }
    if (band.uptoKwh === null) {
      if (!last) add(['bands', i, 'uptoKwh'], 'must have a limit: only the last band is open');
      return;
    }
    if (last) {
      add(
        ['bands', i, 'uptoKwh'],
        'must be empty on the last band (open), so all energy is priced',
      );
    }
    if (!isWholeAtLeast(band.uptoKwh, 1)) {
      add(['bands', i, 'uptoKwh'], 'must be a whole number of kWh above 0');
    } else if (band.uptoKwh <= previous) {
      add(['bands', i, 'uptoKwh'], `must be above the previous band's limit (${previous} kWh)`);
    } else {
      previous = band.uptoKwh;
    }
  });
  if (d.lifeline) {
    if (!isWholeAtLeast(d.lifeline.kwh, 1)) {
      add(['lifeline', 'kwh'], 'must be a whole number of kWh above 0');
    }
    if (!isWholeAtLeast(d.lifeline.priceMilliMinorPerKwh, 0)) {
      add(['lifeline', 'priceMilliMinorPerKwh'], 'must be a whole number, not negative');
    }
    const firstLimit = d.bands[0]?.uptoKwh;
    if (typeof firstLimit === 'number' && d.lifeline.kwh >= firstLimit) {
      add(['lifeline', 'kwh'], `must be below the first band's limit (${firstLimit} kWh)`);
    }
  }
  const names = new Set<string>();
  d.levies.forEach((levy, i) => {
    if (levy.name.trim() === '') add(['levies', i, 'name'], 'is required');
    const key = levy.name.trim().toLowerCase();
    if (names.has(key)) add(['levies', i, 'name'], 'must not repeat another levy');
    names.add(key);
    if (!isWholeAtLeast(levy.perKwhMilliMinor, 0)) {
      add(['levies', i, 'perKwhMilliMinor'], 'must be a whole number, not negative');
    }
  });
  if (d.accessCharge && !isWholeAtLeast(d.accessCharge.amountMinor, 0)) {
    add(['accessCharge', 'amountMinor'], 'must be a whole number of minor units, not negative');
  }
  if (!isWholeAtLeast(d.minimumPurchaseMinor, 0)) {
    add(['minimumPurchaseMinor'], 'must be a whole number of minor units, not negative');
  }
  if (!isWholeAtLeast(d.vatBasisPoints, 0) || d.vatBasisPoints > 10_000) {
    add(['vatBasisPoints'], 'must be a whole number of basis points from 0 to 10000');
  }
  return issues;
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Every problem with a version, as "field: message" sentences. Empty when usable. */
export function validateTariff(t: TariffVersion): string[] {
  const issues = definitionIssues(t);
  if (!isIsoDate(t.effectiveFrom)) {
    issues.push({ path: ['effectiveFrom'], message: 'must be a date (YYYY-MM-DD)' });
  }
  return issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

function kwhLabel(fromKwh: number, uptoKwh: number | null): string {
  return uptoKwh === null ? `above ${fromKwh} kWh` : `${fromKwh}-${uptoKwh} kWh`;
}

export interface EnergyLineLabels {
  lifeline: string | null;
  /** One per band, in order. */
  bands: string[];
}

/**
 * What the invoice calls the lifeline and each band: the kWh of the period each one really
 * covers. Band limits count from the start of the period, but the lifeline takes the first kWh,
 * so the first band starts where the lifeline ends (a 30 kWh lifeline and a band up to 100 kWh
 * print "30-100 kWh", not "0-100 kWh").
 */
export function energyLineLabels(
  t: Pick<TariffDefinition, 'lifeline' | 'bands'>,
): EnergyLineLabels {
  const lifelineKwh = t.lifeline?.kwh ?? 0;
  let fromKwh = lifelineKwh;
  const bands = t.bands.map((band, i) => {
    const range = kwhLabel(fromKwh, band.uptoKwh);
    if (band.uptoKwh !== null) fromKwh = band.uptoKwh;
    if (t.bands.length > 1) return `Band ${i + 1}: ${range}`;
    // One price for everything: "Energy", unless a lifeline comes first.
    return t.lifeline ? `Energy ${range}` : 'Energy';
  });
  return { lifeline: t.lifeline ? `Lifeline ${kwhLabel(0, lifelineKwh)}` : null, bands };
}

/**
 * The energy lines of a billing period's consumption (Wh), in order: lifeline, bands, levies.
 * Energy lines add up to `wh`; levy lines each cover all of it. Lines with no energy are left out.
 */
export function energyLines(
  t: TariffDefinition,
  wh: number,
  /**
   * Part of a billing period this energy belongs to (a tariff change mid-period, docs/domain.md
   * §4): the lifeline and band limits shrink in the same proportion. Whole period when omitted.
   */
  share: { days: number; of: number } = { days: 1, of: 1 },
): EnergyLine[] {
  const limitWh = (kwh: number) => Math.round((kwh * 1000 * share.days) / share.of);
  if (!isWholeAtLeast(wh, 0))
    throw new RangeError('energy must be a whole number of Wh, not negative');
  const lines: EnergyLine[] = [];
  let left = wh;
  let doneWh = 0;
  const take = (label: string, limitWh: number | null, price: MilliMinorPerKwh) => {
    const room = limitWh === null ? left : Math.max(0, limitWh - doneWh);
    const part = Math.min(left, room);
    if (part <= 0) return;
    lines.push({
      kind: 'energy',
      label,
      wh: part,
      priceMilliMinorPerKwh: price,
      amountMinor: energyCharge(part, price),
    });
    left -= part;
    doneWh += part;
  };
  const labels = energyLineLabels(t);
  if (t.lifeline && labels.lifeline !== null) {
    take(labels.lifeline, limitWh(t.lifeline.kwh), t.lifeline.priceMilliMinorPerKwh);
  }
  t.bands.forEach((band, i) => {
    const label = labels.bands[i] ?? `Band ${i + 1}`;
    take(label, band.uptoKwh === null ? null : limitWh(band.uptoKwh), band.priceMilliMinorPerKwh);
  });
  if (left > 0) throw new RangeError('the last band of a tariff must be open (no limit)');
  if (wh > 0) {
    for (const levy of t.levies) {
      lines.push({
        kind: 'levy',
        label: levy.name,
        wh,
        priceMilliMinorPerKwh: levy.perKwhMilliMinor,
        amountMinor: energyCharge(wh, levy.perKwhMilliMinor),
      });
    }
  }
  return lines;
}

/** The VAT on an amount (minor units) at the version's rate, rounded once, half-up. */
export function vatOn(amountMinor: number, t: Pick<TariffDefinition, 'vatBasisPoints'>): number {
  return percentOf(amountMinor, t.vatBasisPoints);
}

/**
 * The price per kWh a prepaid purchase uses (docs/domain.md §5, "price incl. per-kWh levies"): the
 * first band's price plus every per-kWh levy, VAT included, rounded half-up to a whole milli-minor
 * unit. A token is bought before the energy is used, so the lifeline and the later bands (which
 * depend on the period's total consumption) are not applied to prepaid purchases.
 */
export function prepaidUnitPrice(t: TariffDefinition): MilliMinorPerKwh {
  const first = t.bands[0];
  if (!first) throw new RangeError('a tariff needs at least one band');
  const net = t.levies.reduce(
    (sum, levy) => sum + BigInt(levy.perKwhMilliMinor),
    BigInt(first.priceMilliMinorPerKwh),
  );
  const gross = divRoundHalfAway(net * BigInt(10_000 + t.vatBasisPoints), 10_000n);
  if (gross > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('price is too large');
  return Number(gross);
}

/**
 * The version in force on a local date: the latest `effectiveFrom` on or before it (on the same
 * date, the higher version number wins). Undefined before the first version applies.
 */
export function tariffInForce<V extends { effectiveFrom: string; version?: number }>(
  versions: readonly V[],
  date: string,
): V | undefined {
  let best: V | undefined;
  for (const v of versions) {
    if (v.effectiveFrom > date) continue;
    if (
      !best ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom && (v.version ?? 0) >= (best.version ?? 0))
    ) {
      best = v;
    }
  }
  return best;
}
