// The registry's reads other areas use: how a customer is named and referred to, which rows a
// search text matches, and a device with its model.
export { customerRef, displayName } from './customers';
export { loadDevice } from './devices';
export { matchingIds } from './search';
export { sameCustomerFinder, type CustomerIdentity } from './same-customer';
