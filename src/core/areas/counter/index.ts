import type { HandlerMap } from '../shared/types';
import * as payments from './payments';
import * as paygPlan from './payg-plan';
import * as receipts from './receipts';
import * as accessCharges from './access-charges';
import * as dayEnd from './day-end';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'devices.setPaygPlan': paygPlan.setPaygPlan,
  'payments.list': payments.list,
  'payments.get': payments.get,
  'tokens.confirmEntered': payments.confirmEntered,
  'receipts.pdf': receipts.pdf,
  'accessCharges.accrue': accessCharges.accrue,
  'accessCharges.status': accessCharges.status,
  'accessCharges.debt': accessCharges.debt,
  'dayEnd.report': dayEnd.report,
  'dayEnd.cashiers': dayEnd.cashiers,
  'dayEnd.close': dayEnd.close,
  'dayEnd.pdf': dayEnd.pdf,
} satisfies Partial<HandlerMap>;

// The sale's writes another kind of sale (an appliance contract's payment) shares: the payment
// row with its allocations, its receipt number, and the tokens it issues.
export { insertPayment, issueSaleTokens, receiptNumber } from './payments';

// A reversal: the contracts area routes payments.reverse, reopening a contract it paid off.
export { reversePayment } from './reversal';

// The counter's own sale of days or energy; payments.record and payments.preview route a device
// under an appliance contract to its contract first (contracts area), any other device here.
export { previewSale, recordSale } from './payments';
