// Tokens as other areas read them: the vendor token a payment asked for.
export { vendorTokenOfPayment } from './sts';
