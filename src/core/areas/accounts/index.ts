import type { HandlerMap } from '../shared/types';
import * as accounts from './accounts';
import * as accountReports from './account-reports';
import { invoicesRunPdfFile } from './invoice-run-file';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'invoices.list': accounts.list,
  'invoices.get': accounts.get,
  'invoices.pdf': accountReports.invoicesPdf,
  'invoices.runPdfFile': invoicesRunPdfFile,
  'invoices.note': accounts.note,
  'accounts.statement': accountReports.statement,
  'accounts.statementPdf': accountReports.statementPdf,
  'billing.aging': accountReports.aging,
  'billing.disconnections': accountReports.disconnections,
  'billing.reportPdf': accountReports.reportPdf,
} satisfies Partial<HandlerMap>;
