// Energy is stored as integer Wh (docs/domain.md §3) and shown as kWh. Shown with up to three
// decimals and trailing zeros dropped, so 12,300 Wh reads "12.3" and 1,000,000 Wh "1,000".

/** kWh as text, without the unit: 12300 -> "12.3". Integer arithmetic, no float rounding. */
export function formatKwh(wh: number): string {
  const sign = wh < 0 ? '-' : '';
  const abs = Math.abs(wh);
  const whole = Math.floor(abs / 1000).toLocaleString('en-US');
  const fraction = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A kWh figure as typed in a file ("1234.5" or "1234,5": dot or comma, up to three decimals) in
 * Wh; null when it is not a plain non-negative number. Integer arithmetic, no float rounding.
 */
export function parseKwhText(text: string): number | null {
  const m = /^(\d{1,9})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}
