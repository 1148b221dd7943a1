import type { HandlerMap } from '../shared/types';
import * as accounts from './accounts';
import { aging, disconnections, reportPdf } from './debt';
import { invoicesPdf } from './invoices-pdf';
import { statement, statementPdf } from './statement';
import { invoicesRunPdfFile } from './invoice-run-file';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'invoices.list': accounts.list,
  'invoices.get': accounts.get,
  'invoices.pdf': invoicesPdf,
  'invoices.runPdfFile': invoicesRunPdfFile,
  'invoices.note': accounts.note,
  'accounts.statement': statement,
  'accounts.statementPdf': statementPdf,
  'billing.aging': aging,
  'billing.disconnections': disconnections,
  'billing.reportPdf': reportPdf,
} satisfies Partial<HandlerMap>;
