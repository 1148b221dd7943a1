// Customer account numbers: printed on receipts, typed by customers as the mobile-money
// reference. Scheme: office code + 5-digit per-office sequence + one Luhn check digit, e.g.
// LAG000421. The office prefix makes numbers unique across offices without coordination; the
// check digit catches a mistyped or swapped digit before a payment lands on the wrong account.

function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Double every second digit from the right, starting with the rightmost (the digit to add
  // goes to its right).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatAccountNumber(officeCode: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new RangeError(`Account sequence must be a positive whole number, got ${sequence}`);
  }
  const body = sequence.toString().padStart(5, '0');
  return `${officeCode.toUpperCase()}${body}${luhnCheckDigit(body)}`;
}

/** Tolerant of case, spaces and dashes; null when the text is not a valid account number. */
export function parseAccountNumber(text: string): { officeCode: string; sequence: number } | null {
  const cleaned = text.replace(/[\s-]/g, '').toUpperCase();
  const match = /^([A-Z][A-Z0-9]{1,4}?)(\d{6,})$/.exec(cleaned);
  if (!match?.[1] || !match[2]) return null;
  const digits = match[2];
  const body = digits.slice(0, -1);
  const check = Number(digits.slice(-1));
  if (luhnCheckDigit(body) !== check) return null;
  return { officeCode: match[1], sequence: Number(body) };
}

export function normaliseAccountNumber(text: string): string | null {
  const parsed = parseAccountNumber(text);
  return parsed ? formatAccountNumber(parsed.officeCode, parsed.sequence) : null;
}
