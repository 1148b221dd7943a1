// The counter's reads other areas use: whether the day is open, a payment and its allocations
// and tokens as the contract shows them, a customer's credit, a device's outstanding tokens.
export { requireDayOpen } from './day-end';
export {
  allocationsOf,
  creditBalance,
  firstTokenSummary,
  fundsOf,
  outstandingTokens,
  paymentOfSubmission,
  paymentView,
  requireOwnedHere,
  tokensWhere,
  tokenView,
  usesExtendedTokens,
} from './payments';
