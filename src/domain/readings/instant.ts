// Reading times typed in spreadsheets or exported by loggers: an instant with a zone (ISO with Z
// or an offset) is taken as is; a local date and time (YYYY-MM-DD HH:mm[:ss] or DD/MM/YYYY HH:mm)
// is in the office's time zone; a date alone means local midnight. Month-first dates are never
// guessed (see csv/dates.ts).
import { parseCsvDate } from '../csv/dates';
import { localDayBounds } from '../time';

export type InstantResult = { ok: true; iso: string } | { ok: false; reason: string };

export function parseReadingInstant(text: string, timeZone: string): InstantResult {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const ms = Date.parse(s);
    return Number.isNaN(ms)
      ? { ok: false, reason: 'is not a valid time' }
      : { ok: true, iso: new Date(ms).toISOString() };
  }
  const m = /^(.+?)(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  const date = parseCsvDate(m?.[1] ?? '');
  if (!m || !date.ok) {
    return { ok: false, reason: date.ok ? 'is not a date and time' : date.reason };
  }
  const [h, min, sec] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || sec > 59) return { ok: false, reason: 'has an impossible time of day' };
  // Local midnight plus the time of day: exact except inside a DST change, which the office
  // zones of this field (West and East Africa) do not have.
  const start = Date.parse(localDayBounds(date.value, timeZone).startIso);
  return { ok: true, iso: new Date(start + ((h * 60 + min) * 60 + sec) * 1000).toISOString() };
}
