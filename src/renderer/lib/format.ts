// Display formats. Instants are stored in UTC and shown in the office's time zone (a setting),
// whatever the time zone of the PC.
import { DATE_FORMAT, DATE_TIME_FORMAT } from '../../domain/locale';
import { localDayBounds } from '../../domain/time';

export function formatInstant(iso: string | null | undefined, timeZone: string, locale: string) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { ...DATE_TIME_FORMAT, timeZone }).format(date);
  } catch {
    return date.toISOString();
  }
}

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** The UTC instant at which the calendar day `yyyy-mm-dd` starts in `timeZone`, or null. */
export function startOfDayUtc(day: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  return new Date(localDayBounds(day, timeZone).startIso);
}

/** The last millisecond of the calendar day `yyyy-mm-dd` in `timeZone`, or null. */
export function endOfDayUtc(day: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  return new Date(Date.parse(localDayBounds(day, timeZone).endIso) - 1);
}

/**
 * A calendar day `yyyy-mm-dd` (no time, no zone) as the office writes it, e.g. 28/02/2025; the
 * locale is i18n.language, which carries the office's country (domain/locale.ts).
 */
export function formatDay(day: string | null | undefined, locale: string): string {
  if (!day) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  try {
    return new Intl.DateTimeFormat(locale, { ...DATE_FORMAT, timeZone: 'UTC' }).format(date);
  } catch {
    return day;
  }
}

/** The calendar date of an instant in `timeZone` (for "registered on"), in the user's language. */
export function formatInstantDay(iso: string | null | undefined, timeZone: string, locale: string) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { ...DATE_FORMAT, timeZone }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}
