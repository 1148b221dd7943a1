// A whole billing run's invoices as one PDF file (docs/performance.md, "Invoice PDFs"). At 10,000
// invoices one synchronous document in memory froze the counter for half a minute and held
// hundreds of megabytes; here pdfkit streams into a file in the data folder's print folder, a
// batch of invoice views at a time, with a turn for other commands between batches.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { asc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { drawInvoice } from '../../billing/invoice-pdf';
import { newA4 } from '../../billing/pdf-kit';
import { noteAudit } from '../../context';
import { invoices } from '../../db/schema';
import { nextTurn } from '../../turns';
import { invoiceView } from './queries';
import { loadRun } from '../billing/queries';
import { readSettings } from '../shared/office';
import type { Handler } from '../shared/types';

/** Invoices drawn between two turns: about 0.1 s of work, so a sale waits no longer than that. */
export const INVOICE_BATCH = 100;

/** Where print files go: the same folder the desktop app opens receipts from (electron/main.ts). */
export const printDir = (dataDir: string) => join(dataDir, 'print');

const CANCELLED = 'The invoices were not printed: the job was cancelled.';

export const invoicesRunPdfFile: Handler<'invoices.runPdfFile'> = async (ctx, input) => {
  const run = loadRun(ctx, input.runId);
  // Only the ids, in village order: the views are built a batch at a time so memory stays flat.
  const order = ctx.db
    .select({ id: invoices.id, status: invoices.status, periodEnd: invoices.periodEnd })
    .from(invoices)
    .where(eq(invoices.runId, run.id))
    .orderBy(asc(invoices.sortKey))
    .all();
  const ids = order.map((r) => r.id);
  // An empty run says so: never an empty PDF (as invoices.pdf).
  if (ids.length === 0)
    throw new AppError('CONFLICT', 'That billing run has no invoices to print.');

  const settings = readSettings(ctx.db);
  const zone = settings.office.timeZone;
  const fileName = `invoices-run-${run.period}-${run.id}.pdf`;
  const dir = printDir(ctx.dataDir);
  const path = join(dir, fileName);
  // Written under a temporary name and renamed at the end: a cancelled or failed job, or one cut
  // off by a crash, never leaves a half document under the name people open.
  const partPath = `${path}.${ctx.ids.newId()}.part`;
  mkdirSync(dir, { recursive: true });

  const signal = ctx.operations.start(input.operationId, ctx.actor.name);
  const out = createWriteStream(partPath);
  let doc: ReturnType<typeof newA4> | undefined;
  let complete = false;
  try {
    // A final run's document carries its period end as date, so a reprint gives the same bytes.
    const first = order[0];
    const createdAt = new Date(
      first?.status === 'final' ? `${first.periodEnd}T00:00:00Z` : ctx.clock.nowIso(),
    );
    doc = newA4('Invoices', settings.company.name, createdAt);
    doc.pipe(out);
    for (let from = 0; from < ids.length; from += INVOICE_BATCH) {
      const batchIds = ids.slice(from, from + INVOICE_BATCH);
      const rows = ctx.db.select().from(invoices).where(inArray(invoices.id, batchIds)).all();
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of batchIds) {
        const row = byId.get(id);
        // Removed meanwhile (a regenerate between turns): printed without it rather than failing.
        if (row) drawInvoice(doc, invoiceView(ctx, row, undefined, zone), settings);
      }
      const done = Math.min(from + INVOICE_BATCH, ids.length);
      if (input.operationId)
        ctx.events.emit({
          type: 'progress',
          operationId: input.operationId,
          phase: 'invoices',
          done,
          total: ids.length,
        });
      // Let the file catch up before drawing more (pdfkit pushes whatever the file has not taken).
      if (out.writableNeedDrain) await once(out, 'drain');
      await nextTurn();
      if (signal.aborted) return new AppError('CONFLICT', CANCELLED, { cancelled: true });
    }
    doc.end();
    await finished(out);
    renameSync(partPath, path);
    complete = true;
    const bytes = out.bytesWritten;
    return ctx.transact(() => {
      noteAudit(ctx, `Printed ${ids.length} invoice(s) (run-${run.period}) to a file`, ids);
      return { fileName, path, invoiceCount: ids.length, bytes };
    });
  } finally {
    ctx.operations.end(input.operationId);
    if (!complete) {
      doc?.unpipe(out);
      // A write still in flight fails once the stream is destroyed; the file goes anyway, and
      // that failure must not replace the job's own answer (the cancel, or the first error).
      out.on('error', () => undefined);
      out.destroy();
      // Closed before removal: Windows cannot delete a file that is still open.
      if (!out.closed) await new Promise<void>((done) => out.once('close', () => done()));
      rmSync(partPath, { force: true });
    }
  }
};
