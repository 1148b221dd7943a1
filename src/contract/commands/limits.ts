// Hard limits of the contract, shared by the commands that check them.

/**
 * The largest single payment: 1,000,000.00 in a 2-decimal currency. Far above any counter sale,
 * and it stops a slipped finger (or a hostile client) from buying centuries of days. Settings
 * can set a lower ceiling for the counter (settings.counter.maxPaymentMinor).
 */
export const MAX_PAYMENT_MINOR = 100_000_000;

/**
 * The largest amount of money any field accepts: 10,000,000,000.00 in a 2-decimal currency (or
 * 1,000,000,000,000 in a currency without decimals). No price, charge or balance comes near it,
 * and it keeps sums exact: thousands of amounts this size still add up below 2^53, the largest
 * whole number a JavaScript number holds exactly. See docs/counter.md (Money).
 */
export const MAX_MONEY_MINOR = 1_000_000_000_000;
