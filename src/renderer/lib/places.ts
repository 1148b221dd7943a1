// Country and time-zone choices for selects, named in the user's language by the browser's own
// Intl data (no lists to translate or keep up to date here).
import { ISO_COUNTRY_CODES } from '../../domain/countries';
import { COMMON_COUNTRIES } from '../features/setup/countries';

export interface Option {
  value: string;
  label: string;
}

export interface OptionGroup {
  group: string;
  items: Option[];
}

function regionNames(locale: string): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'none' });
  } catch {
    return null;
  }
}

export function countryName(code: string, locale: string): string {
  return regionNames(locale)?.of(code) ?? code;
}

/** Every country (ISO 3166), once, named by the browser: `{ value: 'NG', label: 'Nigeria' }`. */
function allCountries(locale: string): Option[] {
  const names = regionNames(locale);
  return ISO_COUNTRY_CODES.map((code) => {
    let name: string | undefined;
    try {
      name = names?.of(code);
    } catch {
      name = undefined;
    }
    return { value: code, label: name ?? code };
  }).sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** Common countries first (they fill in currency and time zone), then all the others. */
export function countryOptions(
  locale: string,
  labels: { common: string; others: string },
  current?: string,
): OptionGroup[] {
  const commonCodes = new Set(COMMON_COUNTRIES.map((country) => country.code));
  const common = COMMON_COUNTRIES.map((country) => ({
    value: country.code,
    label: countryName(country.code, locale),
  })).sort((a, b) => a.label.localeCompare(b.label, locale));
  const others = allCountries(locale).filter((option) => !commonCodes.has(option.value));
  if (current && !commonCodes.has(current) && !others.some((o) => o.value === current)) {
    others.unshift({ value: current, label: current });
  }
  return [
    { group: labels.common, items: common },
    { group: labels.others, items: others },
  ];
}

/**
 * IANA time zones the browser knows, plus the ones our country table and the current value use
 * (some browsers list older names, e.g. Asia/Calcutta for Asia/Kolkata).
 */
export function timeZoneOptions(current?: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set<string>(zones);
  for (const country of COMMON_COUNTRIES) all.add(country.timeZone);
  all.add('UTC');
  if (current) all.add(current);
  return [...all].sort();
}
