// Display formats. Instants are stored in UTC and shown in the office's time zone (a setting),
// whatever the time zone of the PC.

export function formatInstant(iso: string | null | undefined, timeZone: string, locale: string) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    }).format(date);
  } catch {
    return date.toISOString();
  }
}

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** Milliseconds to add to UTC to get the wall-clock time in `timeZone` at `utcMs`. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? '0');
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant at which the calendar day `yyyy-mm-dd` starts in `timeZone`, or null. */
export function startOfDayUtc(day: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  let guess = wall - zoneOffsetMs(wall, timeZone);
  // Once more, in case the offset differs at the guessed instant (daylight saving change).
  guess = wall - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}

/** The last millisecond of the calendar day `yyyy-mm-dd` in `timeZone`, or null. */
export function endOfDayUtc(day: string, timeZone: string): Date | null {
  const start = startOfDayUtc(day, timeZone);
  if (!start) return null;
  const next = new Date(start.getTime() + 36 * 3600 * 1000);
  const nextDay = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(next);
  const nextStart = startOfDayUtc(nextDay, timeZone);
  return nextStart ? new Date(nextStart.getTime() - 1) : null;
}

/** A calendar day `yyyy-mm-dd` (no time, no zone) in the user's language, e.g. 28 Feb 2025. */
export function formatDay(day: string | null | undefined, locale: string): string {
  if (!day) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
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
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}
