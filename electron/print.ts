// Printing in the desktop app. The hardened window cannot print a PDF itself: it may not open
// new windows, and its content security policy refuses `blob:` frames. So the page hands the PDF
// (a receipt, a Z report, an invoice) to the main process, which checks it, writes it to a print
// folder inside the data folder and opens it in the system's PDF viewer, where the cashier
// prints with the usual print dialog. The checks and the file handling live here, free of
// Electron, so they are tested without the Electron binary; electron/ipc.ts wires them up.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A receipt is a few KiB, an invoice run's report a few MiB; anything far larger is not ours. */
export const MAX_PRINT_BYTES = 32 * 1024 * 1024;

/** Files older than this are removed from the print folder when the next one is written. */
const KEEP_PRINT_FILES_MS = 24 * 60 * 60 * 1000;

export interface PrintRequest {
  bytes: Buffer;
  /** A safe file name, ending in .pdf. */
  fileName: string;
}

export type PrintCheck = { ok: true; request: PrintRequest } | { ok: false; message: string };

/**
 * Checks what the page sent: base64 text of a PDF no larger than MAX_PRINT_BYTES, and a file name
 * reduced to letters, digits, dot, dash and underscore (the page is untrusted: a name such as
 * `..\..\x.exe` must not choose where the file goes or what opens it).
 */
export function checkPrintRequest(pdfBase64: unknown, fileName: unknown): PrintCheck {
  if (typeof pdfBase64 !== 'string' || pdfBase64.length === 0) {
    return { ok: false, message: 'There is no document to print.' };
  }
  if (pdfBase64.length > Math.ceil(MAX_PRINT_BYTES / 3) * 4) {
    return { ok: false, message: 'The document is too large to print.' };
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(pdfBase64)) {
    return { ok: false, message: 'The document to print is damaged.' };
  }
  const bytes = Buffer.from(pdfBase64, 'base64');
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    return { ok: false, message: 'Only PDF documents can be printed.' };
  }
  const base = (typeof fileName === 'string' ? fileName : '')
    .replace(/\.pdf$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 80);
  return { ok: true, request: { bytes, fileName: `${base || 'document'}.pdf` } };
}

/**
 * Writes the document into `dir` under a name no earlier print uses (the viewer may still hold
 * the previous receipt open), and removes print files older than a day. Returns the path.
 */
export function writePrintFile(dir: string, request: PrintRequest, now: number): string {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > KEEP_PRINT_FILES_MS) rmSync(path, { force: true });
    } catch {
      // Held open by a viewer, or already gone: it is removed another day.
    }
  }
  const stem = request.fileName.replace(/\.pdf$/, '');
  let path = join(dir, `${stem}.pdf`);
  for (let n = 2; existsQuietly(path); n++) path = join(dir, `${stem}-${n}.pdf`);
  writeFileSync(path, request.bytes, { flag: 'wx' });
  return path;
}

function existsQuietly(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
