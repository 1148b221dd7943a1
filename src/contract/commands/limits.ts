// Hard limits of the contract, shared by the commands that check them.

/**
 * The largest single payment: 1,000,000.00 in a 2-decimal currency. Far above any counter sale,
 * and it stops a slipped finger (or a hostile client) from buying centuries of days. Settings
 * can set a lower ceiling for the counter (settings.counter.maxPaymentMinor).
 */
export const MAX_PAYMENT_MINOR = 100_000_000;
