// Receipt PDFs (issue: print a receipt). The core makes the document, so every door and the tests
// get the same bytes; the desktop prints it through the OS dialog. Only stored tokens are printed,
// never a new one. Every print and reprint is audited, so this is a write.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';

export const receiptLayout = z.enum(['58mm', '80mm', 'a4']);

export const receiptsCommands = {
  'receipts.pdf': defineCommand({
    name: 'receipts.pdf',
    summary:
      'The receipt of a payment as a PDF (58 mm or 80 mm thermal roll, or A4), with its stored tokens; a reprint is marked REPRINT. Every print is audited.',
    input: z
      .object({
        paymentId: f.id,
        layout: receiptLayout.default('80mm'),
        reprint: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      fileName: z.string(),
      pdfBase64: z.string(),
      reprint: z.boolean(),
    }),
    access: ['admin', 'manager', 'clerk', 'cashier'],
    kind: 'write',
  }),
};
