// STS token custody (docs/domain.md §8.2): GridDesk cannot make STS tokens (the vending keys stay
// with the vendor), it keeps the 20-digit tokens the vendor's system gave and prints them. An STS
// token is a 66-bit number written as 20 decimal digits, so besides the length the value must fit
// in 66 bits: that catches most slips of a digit at the front.

const MAX_TOKEN = (1n << 66n) - 1n;

export type StsTokenCheck = { ok: true; token: string } | { ok: false; message: string };

/** A typed or imported token with spaces and dashes removed, checked for form. */
export function checkStsToken(text: string): StsTokenCheck {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) {
    return { ok: false, message: 'may contain only digits (spaces and dashes are ignored)' };
  }
  if (digits.length !== 20) {
    return { ok: false, message: `must have 20 digits, not ${digits.length}` };
  }
  if (BigInt(digits) > MAX_TOKEN) {
    return {
      ok: false,
      message: 'is not an STS token (its number is too large): check the digits',
    };
  }
  return { ok: true, token: digits };
}

/** Five groups of four, as vendors print them: 1234 5678 9012 3456 7890. */
export function groupStsToken(token: string): string {
  return token.replace(/(\d{4})(?=\d)/g, '$1 ');
}
