// The tariff version form: what the clerk types (text, major units, percent) and the exact
// integers the contract takes (milli-minor units per kWh, minor units, basis points, whole kWh).
import type { TFunction } from 'i18next';
import type { OutputOf } from '../../../contract';
import type { TariffDefinition } from '../../../domain/tariff';
import {
  milliMinorToMajorInput,
  minorToMajorInput,
  parseMajorToMilliMinor,
  parseMajorToMinor,
  parsePercentToBasisPoints,
  basisPointsToPercent,
  type ParsedMoney,
} from '../../../domain/money-text';

export type Tariff = OutputOf<'tariffs.list'>['tariffs'][number];
export type TariffVersionView = Tariff['versions'][number];

/** Today's date (YYYY-MM-DD) in the office's time zone. */
export function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

export interface BandValues {
  upto: string;
  price: string;
}

export interface LevyValues {
  name: string;
  price: string;
}

export interface VersionValues {
  name: string;
  effectiveFrom: string;
  approvalRef: string;
  /** Why a new version starts before today (asked only then). */
  reason: string;
  bands: BandValues[];
  lifelineOn: boolean;
  lifelineKwh: string;
  lifelinePrice: string;
  levies: LevyValues[];
  accessOn: boolean;
  accessAmount: string;
  accessPeriod: 'daily' | 'monthly';
  minimumPurchase: string;
  vat: string;
}

export function emptyValues(today: string): VersionValues {
  return {
    name: '',
    effectiveFrom: today,
    approvalRef: '',
    reason: '',
    bands: [{ upto: '', price: '' }],
    lifelineOn: false,
    lifelineKwh: '',
    lifelinePrice: '',
    levies: [],
    accessOn: false,
    accessAmount: '',
    accessPeriod: 'monthly',
    minimumPurchase: '0',
    vat: '7.5',
  };
}

/** A new version starts from the prices of the latest one, so only the change is typed. */
export function valuesFrom(v: TariffVersionView, decimals: number, today: string): VersionValues {
  const d = v.definition;
  const price = (milli: number) => milliMinorToMajorInput(milli, decimals);
  return {
    name: '',
    effectiveFrom: today > v.effectiveFrom ? today : v.effectiveFrom,
    approvalRef: '',
    reason: '',
    bands: d.bands.map((b) => ({
      upto: b.uptoKwh === null ? '' : String(b.uptoKwh),
      price: price(b.priceMilliMinorPerKwh),
    })),
    lifelineOn: d.lifeline !== null,
    lifelineKwh: d.lifeline ? String(d.lifeline.kwh) : '',
    lifelinePrice: d.lifeline ? price(d.lifeline.priceMilliMinorPerKwh) : '',
    levies: d.levies.map((l) => ({ name: l.name, price: price(l.perKwhMilliMinor) })),
    accessOn: d.accessCharge !== null,
    accessAmount: d.accessCharge ? minorToMajorInput(d.accessCharge.amountMinor, decimals) : '',
    accessPeriod: d.accessCharge?.period ?? 'monthly',
    minimumPurchase: minorToMajorInput(d.minimumPurchaseMinor, decimals),
    vat: basisPointsToPercent(d.vatBasisPoints),
  };
}

function parseKwh(text: string): number | null {
  const s = text.trim().replace(/[\s\u00a0\u202f_,]/g, '');
  if (!/^\d{1,7}$/.test(s)) return null;
  return Number(s);
}

export interface Built {
  definition: TariffDefinition | null;
  errors: Record<string, string>;
}

/** The definition the values describe, or the form errors that stop it being built. */
export function buildDefinition(t: TFunction, values: VersionValues, decimals: number): Built {
  const errors: Record<string, string> = {};
  const moneyError = (parsed: ParsedMoney, places: number) => {
    if (parsed.ok) return null;
    if (parsed.reason === 'empty') return t('issues.required');
    if (parsed.reason === 'decimals') return t('issues.moneyDecimals', { count: places });
    return t('issues.money');
  };
  const price = (path: string, text: string): number => {
    const parsed = parseMajorToMilliMinor(text, decimals);
    const error = moneyError(parsed, decimals + 3);
    if (error) errors[path] = error;
    return parsed.ok ? parsed.minor : 0;
  };
  const money = (path: string, text: string): number => {
    const parsed = parseMajorToMinor(text, decimals);
    const error = moneyError(parsed, decimals);
    if (error) errors[path] = error;
    return parsed.ok ? parsed.minor : 0;
  };
  const kwh = (path: string, text: string): number => {
    const parsed = parseKwh(text);
    if (parsed === null || parsed < 1) errors[path] = t('tariffs.form.kwhIssue');
    return parsed ?? 0;
  };

  const last = values.bands.length - 1;
  const bands = values.bands.map((band, i) => {
    let uptoKwh: number | null = null;
    if (band.upto.trim() !== '' || i < last) uptoKwh = kwh(`bands.${i}.upto`, band.upto);
    return { uptoKwh, priceMilliMinorPerKwh: price(`bands.${i}.price`, band.price) };
  });
  const lifeline = values.lifelineOn
    ? {
        kwh: kwh('lifelineKwh', values.lifelineKwh),
        priceMilliMinorPerKwh: price('lifelinePrice', values.lifelinePrice),
      }
    : null;
  const levies = values.levies.map((levy, i) => {
    if (!levy.name.trim()) errors[`levies.${i}.name`] = t('issues.required');
    return { name: levy.name.trim(), perKwhMilliMinor: price(`levies.${i}.price`, levy.price) };
  });
  const accessCharge = values.accessOn
    ? { amountMinor: money('accessAmount', values.accessAmount), period: values.accessPeriod }
    : null;
  const minimumPurchaseMinor =
    values.minimumPurchase.trim() === '' ? 0 : money('minimumPurchase', values.minimumPurchase);
  const vatParsed = parsePercentToBasisPoints(values.vat);
  if (!vatParsed.ok || vatParsed.minor > 10_000) errors.vat = t('tariffs.form.vatIssue');
  const vatBasisPoints = vatParsed.ok ? vatParsed.minor : 0;
  const definition: TariffDefinition = {
    bands,
    lifeline,
    levies,
    accessCharge,
    minimumPurchaseMinor,
    vatBasisPoints,
  };
  return { definition: Object.keys(errors).length ? null : definition, errors };
}

const FIELD_NAMES: Record<string, string> = {
  uptoKwh: 'upto',
  priceMilliMinorPerKwh: 'price',
  perKwhMilliMinor: 'price',
};

/**
 * The form path of a contract path (`definition.bands.1.uptoKwh` -> `bands.1.upto`), or null
 * when no input on the form shows it.
 */
export function formPath(path: string): string | null {
  const parts = path.split('.');
  if (parts[0] === 'definition') parts.shift();
  const [head, second, third] = parts;
  if (head === 'name' || head === 'effectiveFrom' || head === 'approvalRef' || head === 'reason')
    return head;
  if ((head === 'bands' || head === 'levies') && second !== undefined && /^\d+$/.test(second)) {
    const field = third === undefined ? null : (FIELD_NAMES[third] ?? third);
    if (field === 'upto' || field === 'price' || (head === 'levies' && field === 'name')) {
      return `${head}.${second}.${field}`;
    }
    return null;
  }
  if (head === 'lifeline') return second === 'kwh' ? 'lifelineKwh' : 'lifelinePrice';
  if (head === 'accessCharge') return second === 'period' ? 'accessPeriod' : 'accessAmount';
  if (head === 'minimumPurchaseMinor') return 'minimumPurchase';
  if (head === 'vatBasisPoints') return 'vat';
  return null;
}
