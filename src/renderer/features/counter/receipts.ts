// Receipts as PDF from the core. The `receipts.pdf` command may not exist in this build's
// contract yet, so it is looked up by name and called without the contract's types.
import { findCommand } from '../../../contract';
import type { CallFn } from '../../api/client';
import { base64ToBytes } from './bytes';

export const RECEIPT_LAYOUTS = ['58mm', '80mm', 'a4'] as const;
export type ReceiptLayout = (typeof RECEIPT_LAYOUTS)[number];

const RECEIPT_LAYOUT_KEY = 'griddesk.receiptLayout';

/**
 * The receipt size of this counter. It belongs to the PC and its printer (one counter has a 58 mm
 * roll, the back office an A4 laser), so it is kept on this PC, not in the company's settings.
 */
export function receiptLayout(): ReceiptLayout {
  try {
    const saved = localStorage.getItem(RECEIPT_LAYOUT_KEY);
    return RECEIPT_LAYOUTS.find((layout) => layout === saved) ?? '80mm';
  } catch {
    return '80mm';
  }
}

export function setReceiptLayout(layout: ReceiptLayout): void {
  try {
    localStorage.setItem(RECEIPT_LAYOUT_KEY, layout);
  } catch {
    // No storage here: the default size stays.
  }
}

export interface ReceiptPdf {
  fileName: string;
  pdfBase64: string;
  reprint: boolean;
}

/** True when the core knows how to print receipts. */
export function receiptsAvailable(): boolean {
  return findCommand('receipts.pdf') !== undefined;
}

type LooseCall = (name: string, input: unknown) => Promise<unknown>;

export async function fetchReceipt(
  call: CallFn,
  input: { paymentId: string; reprint: boolean },
): Promise<ReceiptPdf> {
  const loose = call as unknown as LooseCall;
  return (await loose('receipts.pdf', { ...input, layout: receiptLayout() })) as ReceiptPdf;
}

/**
 * Opens a PDF from the core (a receipt, a Z report, an invoice) for printing. The desktop app
 * hands it to the main process, which opens it in the system's PDF viewer (its window may not
 * open pages or frames itself); in browser mode it opens in a new tab, or in a hidden frame that
 * prints when pop-ups are blocked. Rejects with the reason when the desktop could not open it.
 */
export async function openPdfForPrint(pdf: { fileName: string; pdfBase64: string }): Promise<void> {
  const printPdf = window.griddesk?.printPdf;
  if (printPdf) {
    const answer = (await printPdf(pdf.pdfBase64, pdf.fileName)) as {
      ok?: boolean;
      error?: { message?: string };
    };
    if (answer?.ok !== true) {
      throw new Error(answer?.error?.message ?? 'The document could not be opened for printing.');
    }
    return;
  }
  const bytes = base64ToBytes(pdf.pdfBase64);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const opened = window.open(url, '_blank');
  if (!opened) {
    const frame = document.createElement('iframe');
    frame.style.position = 'fixed';
    frame.style.width = '0';
    frame.style.height = '0';
    frame.style.border = '0';
    frame.title = pdf.fileName;
    frame.src = url;
    frame.onload = () => {
      try {
        frame.contentWindow?.focus();
        frame.contentWindow?.print();
      } catch {
        // Printing from the frame is not allowed here; the PDF stays open in it.
      }
    };
    document.body.appendChild(frame);
    window.setTimeout(() => frame.remove(), 120_000);
  }
  window.setTimeout(() => URL.revokeObjectURL(url), 120_000);
}
