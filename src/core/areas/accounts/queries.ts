// Customer accounts as other areas read them: open invoices and what each still owes, an
// invoice as the contract shows it, and which allocations pay postpaid bills.
export { invoiceView, openInvoices, paysPostpaid } from './accounts';
