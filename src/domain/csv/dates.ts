// Calendar dates typed in spreadsheets, read without guessing: ISO or day-first only, because a
// month-first reading of 03/04 would silently swap day and month for everyone else.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A calendar date from a cell: YYYY-MM-DD (a time after it is ignored) or day first, D/M/YYYY
 * with / . or - as separator. Month-first (US) dates are never guessed: 03/04/2026 is 3 April.
 */
export function parseCsvDate(
  input: string,
): { ok: true; value: string } | { ok: false; reason: string } {
  const s = input.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s);
  const dmy = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s);
  let year: number;
  let month: number;
  let day: number;
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (dmy) {
    [day, month, year] = [Number(dmy[1]), Number(dmy[3]), Number(dmy[4])];
  } else if (/^\d{5}(\.\d+)?$/.test(s)) {
    return {
      ok: false,
      reason:
        'looks like a spreadsheet date number: format the column as a date (DD/MM/YYYY) and save again',
    };
  } else {
    return { ok: false, reason: 'is not a date: write it as DD/MM/YYYY or YYYY-MM-DD' };
  }
  if (month < 1 || month > 12) {
    return {
      ok: false,
      reason: dmy
        ? `has no valid month (${month}): dates are read day first, DD/MM/YYYY`
        : `has no valid month (${month})`,
    };
  }
  if (day < 1 || day > daysIn(year, month)) {
    return { ok: false, reason: 'is not a real date (that month has no such day)' };
  }
  // Catches typed years like 0226 or 2206; nobody installs a meter in either.
  if (year < 1970 || year > 2100) {
    return { ok: false, reason: 'has a year outside 1970-2100' };
  }
  return { ok: true, value: `${year}-${pad2(month)}-${pad2(day)}` };
}
