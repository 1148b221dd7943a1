// Which conventions dates and numbers follow: the office's language plus its country. An English
// office in Nigeria writes 20/01/2025, not the American 01/20/2025; a Portuguese one in
// Mozambique or Angola writes 20/01/2025, not Brazil's "20 de jan. de 2025". Every screen that
// shows a date or a number asks this one function for its locale tag.

/** The languages the app is written in. */
export type Language = 'en' | 'fr' | 'pt';

/**
 * When the runtime has no data for the language in the office's country (English in
 * Mozambique, Portuguese in Nigeria), the language's own day-first convention: never the
 * American month-first one, which no office writes.
 */
const DAY_FIRST: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', pt: 'pt-PT' };

/**
 * The locale tag for dates and numbers: `pt` + `MZ` -> `pt-MZ`, `en` + `NG` -> `en-NG`. A pair
 * the runtime has no conventions for (or no country) gives the language's day-first tag.
 */
export function localeTag(language: Language, country: string | null | undefined): string {
  if (country && /^[A-Z]{2}$/.test(country)) {
    const wanted = `${language}-${country}`;
    try {
      // The runtime keeps the region only when it has that locale's data; otherwise it resolves
      // to the bare language (whose defaults may be another country's).
      if (new Intl.DateTimeFormat(wanted).resolvedOptions().locale === wanted) return wanted;
    } catch {
      // Not a tag the runtime accepts: the language's default below.
    }
  }
  return DAY_FIRST[language];
}

/**
 * The tag whose plural rules the words follow. Brazil counts zero as one ("0 pagamento"); every
 * other Portuguese-speaking country (Mozambique, Angola, Portugal...) follows Portugal, where zero
 * takes the plural ("0 pagamentos"). Runtimes resolve `pt-MZ` to the bare `pt` (Brazil's rules),
 * so the region is mapped here rather than left to them.
 */
export function pluralTag(language: Language, country: string | null | undefined): string {
  if (language === 'pt' && country !== 'BR') return 'pt-PT';
  return language;
}

/**
 * A calendar date in lists and detail pages: day, month and year in figures, in the order and with
 * the separators of the locale (20/01/2025). Month names ("20 de jan. de 2025") are long for a
 * narrow column and read differently from country to country.
 */
export const DATE_FORMAT: Intl.DateTimeFormatOptions = {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
};

/** A date with its time of day (20/01/2025, 14:05), on a 24-hour clock. */
export const DATE_TIME_FORMAT: Intl.DateTimeFormatOptions = {
  ...DATE_FORMAT,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
