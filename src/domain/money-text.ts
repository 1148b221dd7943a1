// Money as people type and read it on screen: amounts are typed and shown in major units
// (1,500.00) but every command takes integer minor units (150000). Printed documents use
// money.ts's formatMoney ("1,500.50 NGN", the code rather than a symbol the printer may lack). The conversion works on the digits as text, never through
// floating point, so 0.29 is 29 and not 28.999999.

export type ParsedMoney =
  { ok: true; minor: number } | { ok: false; reason: 'empty' | 'format' | 'decimals' | 'range' };

const SPACES = /[\s\u00a0\u202f_']/g;

/**
 * Normalises what a clerk typed to digits with at most one '.', or null. Accepts thousands
 * separators (1,500.00, 1 500,00, 1.500,00) and a comma as the decimal mark when it is the only
 * separator and is not followed by exactly three digits (1,5 or 12,50).
 */
function canonical(text: string): string | null {
  const s = text.replace(SPACES, '');
  if (!/^[\d.,]+$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both marks: the last one is the decimal mark, the other groups thousands.
    const decimalMark = lastDot > lastComma ? '.' : ',';
    const groupMark = decimalMark === '.' ? ',' : '.';
    const [whole = '', fraction, extra] = s.split(decimalMark);
    if (extra !== undefined || fraction === undefined) return null;
    if (!new RegExp(`^\\d{1,3}(\\${groupMark}\\d{3})*$`).test(whole)) return null;
    return `${whole.split(groupMark).join('')}.${fraction}`;
  }
  const mark = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : null;
  if (mark === null) return s;
  const parts = s.split(mark);
  if (parts.length > 2 || /^\d{1,3}(,\d{3})+$/.test(s)) {
    // 1,500 or 1,500,000 (and 1.500.000): thousands only.
    return /^\d{1,3}([.,]\d{3})+$/.test(s) ? parts.join('') : null;
  }
  return parts.join('.');
}

/** "1,500.5" with 2 decimals -> 150050. Rejects more decimals than the currency has. */
export function parseMajorToMinor(text: string, decimals: number): ParsedMoney {
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  const value = canonical(text.trim());
  if (value === null) return { ok: false, reason: 'format' };
  const [whole = '', fraction = ''] = value.split('.');
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || whole + fraction === '') {
    return { ok: false, reason: 'format' };
  }
  if (fraction.length > decimals) return { ok: false, reason: 'decimals' };
  const digits = `${whole}${fraction.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  const minor = BigInt(digits === '' ? '0' : digits);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'range' };
  return { ok: true, minor: Number(minor) };
}

/** 150050 with 2 decimals -> "1500.50": for an input the clerk edits (no grouping). */
export function minorToMajorInput(minor: number, decimals: number): string {
  const negative = minor < 0;
  const digits = Math.abs(Math.trunc(minor))
    .toString()
    .padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** 150050 with 2 decimals and NGN -> "₦1,500.50" in the user's language. */
export function formatMoney(
  minor: number,
  decimals: number,
  currency: string,
  locale: string,
): string {
  const [whole = '0', fraction = ''] = minorToMajorInput(Math.abs(minor), decimals).split('.');
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
  } catch {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
  }
  // Format a stand-in with the right number of decimals, then put the exact digits in its parts.
  const parts = format.formatToParts(minor < 0 ? -1 : 1);
  const grouped = new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(whole));
  return parts
    .map((part) => {
      if (part.type === 'integer') return grouped;
      if (part.type === 'fraction') return fraction;
      return part.value;
    })
    .join('');
}

// Tariff prices are integers in milli-minor units per kWh (NGN 225.005/kWh with 2 decimals is
// 22500500) and VAT is in basis points (7.5% is 750): the same digit arithmetic, more decimals.

function trimFraction(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** "756.2" with 0 decimals -> 756200 milli-minor units per kWh; at most decimals + 3 digits. */
export function parseMajorToMilliMinor(text: string, decimals: number): ParsedMoney {
  return parseMajorToMinor(text, decimals + 3);
}

/** 22500500 with 2 decimals -> "225.005" (trailing zeros trimmed): for an input or a label. */
export function milliMinorToMajorInput(milli: number, decimals: number): string {
  return trimFraction(minorToMajorInput(milli, decimals + 3));
}

/** 22500500 with 2 decimals and NGN -> "225.005 NGN/kWh". */
export function formatPricePerKwh(milli: number, decimals: number, currency: string): string {
  return `${milliMinorToMajorInput(milli, decimals)} ${currency}/kWh`;
}

/** "7.5" -> 750 basis points; at most two decimals. */
export function parsePercentToBasisPoints(text: string): ParsedMoney {
  return parseMajorToMinor(text.replace(/%\s*$/, ''), 2);
}

/** 750 basis points -> "7.5". */
export function basisPointsToPercent(basisPoints: number): string {
  return trimFraction(minorToMajorInput(basisPoints, 2));
}
