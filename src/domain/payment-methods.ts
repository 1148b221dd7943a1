// How a customer pays, declared once: the database column, the contract, the day-end and the
// counter screen all read this list (docs/counter.md, "Payment methods").

export const PAYMENT_METHODS = ['cash', 'mobile_money', 'bank', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * Mobile money and bank payments carry the provider's transaction reference: it is what a
 * cashier quotes when a customer disputes a payment and what the day-end is reconciled against,
 * so a payment by those methods without one is refused wherever it comes from (screen, CLI, HTTP).
 */
export function paymentNeedsReference(method: PaymentMethod): boolean {
  return method === 'mobile_money' || method === 'bank';
}
