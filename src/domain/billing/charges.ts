// What a postpaid invoice charges for a period (docs/domain.md §4, §7). The rules, written down
// once:
//   - Each tariff version in force during the period covers its days (a change mid-period splits
//     the period; pro-rata by days). The billed energy is split over the versions by days
//     (splitByWeights: the parts add up exactly), and each version prices its part with its own
//     lifeline and bands, their limits shrunk to its share of the period.
//   - Per-kWh levies are lines of their own over the energy of their version.
//   - The fixed access charge: monthly charges are pro-rated by the days the meter was connected
//     under each version (a customer connected mid-period pays for the days connected); daily
//     charges count those days.
//   - VAT is charged on the lines of each version at that version's rate, rounded once per rate.
// Every line is rounded once, half-up, at its total; the invoice total is the sum of its lines.
import { divRoundHalfAway, percentOf, splitByWeights, type MilliMinorPerKwh } from '../money';
import { energyLines, type TariffDefinition } from '../tariff';
import { daysBetween } from './period';

export interface PricedVersion {
  id: string;
  version: number;
  effectiveFrom: string;
  approvalRef: string | null;
  definition: TariffDefinition;
}

export interface ChargeLine {
  kind: 'energy' | 'levy' | 'fixed' | 'vat';
  label: string;
  wh: number | null;
  priceMilliMinorPerKwh: MilliMinorPerKwh | null;
  amountMinor: number;
  tariffVersionId: string | null;
}

export interface Charges {
  lines: ChargeLine[];
  /** Sum of the lines before VAT. */
  netMinor: number;
  vatMinor: number;
  totalMinor: number;
  /** The versions that priced the period, with the days each covered. */
  versions: { id: string; version: number; days: number; approvalRef: string | null }[];
}

/** The versions in force over [start, end), with their days; a gap before the first is left out. */
export function versionSpans(versions: readonly PricedVersion[], start: string, end: string) {
  const sorted = [...versions].sort((a, b) =>
    a.effectiveFrom === b.effectiveFrom
      ? a.version - b.version
      : a.effectiveFrom < b.effectiveFrom
        ? -1
        : 1,
  );
  const spans: { version: PricedVersion; from: string; to: string; days: number }[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    if (!v) continue;
    const next = sorted.slice(i + 1).find((n) => n.effectiveFrom > v.effectiveFrom);
    const from = v.effectiveFrom > start ? v.effectiveFrom : start;
    const to = next && next.effectiveFrom < end ? next.effectiveFrom : end;
    // A later version on the same date replaces this one.
    if (sorted.slice(i + 1).some((n) => n.effectiveFrom === v.effectiveFrom)) continue;
    if (from < to) spans.push({ version: v, from, to, days: daysBetween(from, to) });
  }
  return spans;
}

export function periodCharges(input: {
  versions: readonly PricedVersion[];
  start: string;
  end: string;
  billedWh: number;
  /** Installation date: days before it are not charged the fixed charge. */
  connectedFrom: string | null;
  /** A bill so far: the fixed charge counts only the days before this date. */
  fixedUntil?: string;
}): Charges {
  const periodDays = daysBetween(input.start, input.end);
  const spans = versionSpans(input.versions, input.start, input.end);
  if (spans.length === 0) throw new RangeError('no tariff version is in force in the period');
  const coveredDays = spans.reduce((s, x) => s + x.days, 0);
  const energyParts = splitByWeights(
    input.billedWh,
    spans.map((s) => s.days),
  );
  const lines: ChargeLine[] = [];
  const vatByRate = new Map<number, { base: number; versionId: string }>();
  spans.forEach((span, i) => {
    const def = span.version.definition;
    const tag = spans.length > 1 ? ` (v${span.version.version}, ${span.days} days)` : '';
    const part = energyParts[i] ?? 0;
    let base = 0;
    for (const l of energyLines(def, part, { days: span.days, of: coveredDays || periodDays })) {
      lines.push({
        kind: l.kind,
        label: `${l.label}${tag}`,
        wh: l.wh,
        priceMilliMinorPerKwh: l.priceMilliMinorPerKwh,
        amountMinor: l.amountMinor,
        tariffVersionId: span.version.id,
      });
      base += l.amountMinor;
    }
    const charge = def.accessCharge;
    if (charge) {
      const from =
        input.connectedFrom && input.connectedFrom > span.from ? input.connectedFrom : span.from;
      const to = input.fixedUntil && input.fixedUntil < span.to ? input.fixedUntil : span.to;
      const connected = from < to ? daysBetween(from, to) : 0;
      if (connected > 0) {
        const amount =
          charge.period === 'daily'
            ? charge.amountMinor * connected
            : Number(divRoundHalfAway(BigInt(charge.amountMinor * connected), BigInt(periodDays)));
        if (amount > 0) {
          lines.push({
            kind: 'fixed',
            label:
              charge.period === 'daily'
                ? `Access charge, ${connected} days${tag}`
                : connected === periodDays
                  ? `Access charge${tag}`
                  : `Access charge, ${connected} of ${periodDays} days${tag}`,
            wh: null,
            priceMilliMinorPerKwh: null,
            amountMinor: amount,
            tariffVersionId: span.version.id,
          });
          base += amount;
        }
      }
    }
    if (def.vatBasisPoints > 0) {
      const entry = vatByRate.get(def.vatBasisPoints) ?? { base: 0, versionId: span.version.id };
      entry.base += base;
      vatByRate.set(def.vatBasisPoints, entry);
    }
  });
  const netMinor = lines.reduce((s, l) => s + l.amountMinor, 0);
  let vatMinor = 0;
  for (const [rate, { base, versionId }] of vatByRate) {
    const amount = percentOf(base, rate);
    if (amount === 0) continue;
    vatMinor += amount;
    lines.push({
      kind: 'vat',
      label: `VAT ${rate / 100}%`,
      wh: null,
      priceMilliMinorPerKwh: null,
      amountMinor: amount,
      tariffVersionId: versionId,
    });
  }
  return {
    lines,
    netMinor,
    vatMinor,
    totalMinor: netMinor + vatMinor,
    versions: spans.map((s) => ({
      id: s.version.id,
      version: s.version.version,
      days: s.days,
      approvalRef: s.version.approvalRef,
    })),
  };
}
