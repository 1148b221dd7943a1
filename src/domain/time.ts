// Calendar dates in the office's time zone: instants are stored in UTC, but "today", billing
// periods and installation dates are local (DOMAIN.md §3).

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instantMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
