// Billing runs as other areas read them: a run, its invoices, a mini-grid's billing settings.
export { DEFAULT_BILLING, loadRun, runInvoices, settingsOf } from './billing';
