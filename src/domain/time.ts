// Calendar dates in the office's time zone: instants are stored in UTC, but "today", billing
// periods and installation dates are local (docs/domain.md §3).

// Building an Intl.DateTimeFormat costs far more than using one; charts and accruals ask for
// thousands of dates, so one formatter per zone is kept.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const clockFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(cache === dateFormatters ? 'en-CA' : 'en-US', {
      ...options,
      timeZone,
    });
    cache.set(timeZone, f);
  }
  return f;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instantMs: number, timeZone: string): string {
  const parts = formatter(dateFormatters, timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A local calendar date moved by whole days (no time zone involved: dates are calendar days). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const moved = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return moved.toISOString().slice(0, 10);
}

/**
 * The UTC instants that bound a local calendar day: [start, end). Found from the zone's offset at
 * the day's start, corrected once, which is exact for every real time zone (DST moves at most
 * a few hours and never skips a whole day).
 */
export function localDayBounds(
  date: string,
  timeZone: string,
): { startIso: string; endIso: string } {
  const startOf = (day: string) => {
    const guess = Date.parse(`${day}T00:00:00Z`);
    let instant = guess - offsetMs(guess, timeZone);
    instant = guess - offsetMs(instant, timeZone);
    return new Date(instant).toISOString();
  };
  return { startIso: startOf(date), endIso: startOf(addDays(date, 1)) };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetMs(instantMs: number, timeZone: string): number {
  const parts = formatter(clockFormatters, timeZone, {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - Math.floor(instantMs / 1000) * 1000;
}
