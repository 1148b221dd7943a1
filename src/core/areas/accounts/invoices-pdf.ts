// Invoice PDFs: one invoice, or every invoice of a billing run.
import { AppError, type Invoice } from '../../../contract';
import { renderInvoicesPdf } from '../../billing/invoice-pdf';
import { noteAudit } from '../../context';
import { invoiceView, loadInvoiceRow } from './queries';
import { loadRun, runInvoices } from '../billing/queries';
import { readSettings } from '../shared/office';
import type { Handler } from '../shared/types';

export const invoicesPdf: Handler<'invoices.pdf'> = (ctx, input) => {
  const settings = readSettings(ctx.db);
  let list: Invoice[];
  let name: string;
  if (input.invoiceId) {
    const row = loadInvoiceRow(ctx, input.invoiceId);
    list = [invoiceView(ctx, row)];
    name = row.number ?? `draft-${row.period}`;
  } else {
    // An unknown run is NOT_FOUND and a run without invoices says so: never an empty PDF.
    const run = loadRun(ctx, input.runId ?? '');
    const rows = runInvoices(ctx, run.id);
    if (rows.length === 0) {
      throw new AppError('CONFLICT', 'That billing run has no invoices to print.');
    }
    const zone = settings.office.timeZone;
    list = rows.map((r) => invoiceView(ctx, r, undefined, zone));
    name = `run-${rows[0]?.period ?? 'empty'}`;
  }
  const createdAt = new Date(
    list[0]?.status === 'final' ? `${list[0].periodEnd}T00:00:00Z` : ctx.clock.nowIso(),
  );
  const bytes = renderInvoicesPdf(list, settings, createdAt);
  noteAudit(
    ctx,
    `Printed ${list.length} invoice(s) (${name})`,
    list.map((i) => i.id),
  );
  return { fileName: `invoices-${name}.pdf`, pdfBase64: bytes.toString('base64') };
};
