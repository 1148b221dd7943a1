// Money (docs/domain.md §3): integer minor units everywhere, never floating point. Prices per kWh
// may be fractional in minor units (UGX 756.2/kWh), so they are held in milli-minor units per kWh
// and a line is rounded exactly once, at its total, half away from zero (half-up for the positive
// amounts of ordinary bills; a credit note rounds to the exact negative of its invoice line).

/** Minor units per kWh x 1000: UGX 756.2/kWh is 756_200. */
export type MilliMinorPerKwh = number;

const MILLION = 1_000_000n;

export function assertMinor(value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a whole number of minor units, got ${value}`);
  }
  return value;
}

/** numerator / denominator rounded half away from zero, in exact integer arithmetic. */
export function divRoundHalfAway(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (2n * n + denominator) / (2n * denominator);
  return negative ? -q : q;
}

/**
 * An amount beyond what a number holds exactly (2^53). Its own type so a caller can set one
 * record aside (one meter of a billing run) without hiding other errors.
 */
export class MoneyTooLargeError extends RangeError {
  constructor(what: string) {
    super(`${what} is too large`);
    this.name = 'MoneyTooLargeError';
  }
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyTooLargeError(what);
  }
  return Number(value);
}

/** The charge for some energy at a price: the one rounding of an energy line. */
export function energyCharge(wh: number, price: MilliMinorPerKwh): number {
  assertMinor(wh, 'energy (Wh)');
  assertMinor(price, 'price');
  return toSafeNumber(divRoundHalfAway(BigInt(wh) * BigInt(price), MILLION), 'energy charge');
}

/** A percentage of an amount, the percentage in basis points (7.5% = 750). */
export function percentOf(amount: number, basisPoints: number): number {
  assertMinor(amount);
  assertMinor(basisPoints, 'rate (basis points)');
  return toSafeNumber(
    divRoundHalfAway(BigInt(amount) * BigInt(basisPoints), 10_000n),
    'percentage',
  );
}

/**
 * Split a total over weights so that the parts add up exactly (largest remainder; ties go to the
 * earlier part). Used to spread a payment or a fixed charge over lines.
 */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  assertMinor(total, 'total');
  if (total < 0) throw new RangeError('total must not be negative');
  if (weights.length === 0) throw new RangeError('at least one weight is needed');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError('weights must be whole numbers of 0 or more');
  }
  const sum = weights.reduce((a, b) => a + BigInt(b), 0n);
  if (sum === 0n) throw new RangeError('the weights must not all be zero');
  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const parts = exact.map((e) => e / sum);
  let left = BigInt(total) - parts.reduce((a, b) => a + b, 0n);
  const order = exact
    .map((e, i) => ({ i, rest: e % sum }))
    .sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p));
}

/**
 * The most energy an amount buys at a price, in whole steps of the token's resolution
 * (docs/domain.md §5: rounded down), with what it costs and what is left over (credit for the
 * customer).
 */
export function energyForAmount(
  amount: number,
  price: MilliMinorPerKwh,
  resolutionWh: number,
): { wh: number; cost: number; leftover: number } {
  assertMinor(amount);
  if (amount < 0) throw new RangeError('amount must not be negative');
  if (!Number.isSafeInteger(price) || price <= 0) throw new RangeError('price must be positive');
  if (!Number.isSafeInteger(resolutionWh) || resolutionWh <= 0) {
    throw new RangeError('resolution must be a positive number of Wh');
  }
  // Largest wh (a multiple of the resolution) whose rounded charge does not exceed the amount.
  const steps = (BigInt(amount) * MILLION + MILLION / 2n) / (BigInt(price) * BigInt(resolutionWh));
  let wh = toSafeNumber(steps * BigInt(resolutionWh), 'energy');
  while (wh > 0 && energyCharge(wh, price) > amount) wh -= resolutionWh;
  const cost = energyCharge(wh, price);
  return { wh, cost, leftover: amount - cost };
}

// Building an Intl.NumberFormat costs far more than using one; invoices and reports format
// thousands of amounts, so one pair per locale is kept.
const numberFormats = new Map<string, { grouping: Intl.NumberFormat; decimalMark: string }>();

function numberFormatsFor(locale: string) {
  let f = numberFormats.get(locale);
  if (!f) {
    f = {
      grouping: new Intl.NumberFormat(locale, { useGrouping: true }),
      decimalMark:
        new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ??
        '.',
    };
    numberFormats.set(locale, f);
  }
  return f;
}

/** How an amount is written for people: 1,500.50 NGN. */
export function formatMoney(
  minor: number,
  currency: { code: string; decimals: number },
  locale = 'en',
): string {
  assertMinor(minor);
  const negative = minor < 0;
  const digits = Math.abs(minor)
    .toString()
    .padStart(currency.decimals + 1, '0');
  const whole = digits.slice(0, digits.length - currency.decimals);
  const fraction = currency.decimals > 0 ? digits.slice(-currency.decimals) : '';
  const { grouping, decimalMark } = numberFormatsFor(locale);
  const grouped = grouping.format(BigInt(whole));
  return `${negative ? '-' : ''}${grouped}${fraction ? `${decimalMark}${fraction}` : ''} ${currency.code}`;
}
