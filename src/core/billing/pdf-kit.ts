// Small A4 layout helpers shared by invoices, statements and debt reports: pdfkit with built-in
// Helvetica (no font files ship), fixed metadata so the same document gives the same bytes, and a
// synchronous result so a document can be made inside a write transaction.
import { createRequire } from 'node:module';
import type PDFKit from 'pdfkit';
import type QRCodeLib from 'qrcode';

// Loaded at the first document, not when the core starts (docs/performance.md, one CLI command).
const requireHere = createRequire(__filename);
let loaded: { pdfkit: typeof PDFKit; qrcode: typeof QRCodeLib } | undefined;
const libraries = () =>
  (loaded ??= {
    pdfkit: requireHere('pdfkit') as typeof PDFKit,
    qrcode: requireHere('qrcode') as typeof QRCodeLib,
  });

export type Doc = InstanceType<typeof PDFKit>;

export const A4 = { width: 595.28, height: 841.89, margin: 48 };
export const INNER = A4.width - 2 * A4.margin;

/** `bufferPages`: keep pages open to go back (contents with page numbers, "page n of N"). */
export function newA4(
  title: string,
  author: string,
  createdAt: Date,
  options: { bufferPages?: boolean } = {},
): Doc {
  const PDFDocument = libraries().pdfkit;
  return new PDFDocument({
    size: [A4.width, A4.height],
    margin: A4.margin,
    autoFirstPage: false,
    bufferPages: options.bufferPages ?? false,
    info: {
      Title: title,
      Author: author,
      Creator: 'GridDesk',
      Producer: 'GridDesk',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
}

export function finish(doc: Doc): Buffer {
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk: unknown = doc.read(); chunk !== null; chunk = doc.read()) {
    if (Buffer.isBuffer(chunk)) chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A table: column widths as fractions of the inner width; right-aligned columns by index. */
export function table(
  doc: Doc,
  columns: { label: string; width: number; right?: boolean }[],
  rows: string[][],
  options: { size?: number; bold?: (row: number) => boolean } = {},
): void {
  const size = options.size ?? 9;
  const x0 = A4.margin;
  const widths = columns.map((c) => c.width * INNER);
  const line = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
    const heights = cells.map((c, i) =>
      doc.heightOfString(c || ' ', { width: (widths[i] ?? 50) - 4 }),
    );
    const h = Math.max(...heights) + 3;
    if (doc.y + h > A4.height - A4.margin) doc.addPage();
    const top = doc.y;
    let x = x0;
    cells.forEach((c, i) => {
      const w = widths[i] ?? 50;
      doc.text(c, x, top, { width: w - 4, align: columns[i]?.right ? 'right' : 'left' });
      x += w;
    });
    doc.x = x0;
    doc.y = top + h;
  };
  line(
    columns.map((c) => c.label),
    true,
  );
  doc
    .save()
    .moveTo(x0, doc.y)
    .lineTo(x0 + INNER, doc.y)
    .lineWidth(0.5)
    .stroke()
    .restore();
  doc.y += 2;
  rows.forEach((r, i) => line(r, options.bold?.(i) ?? false));
}

/** Label: value pairs in two columns. */
export function facts(
  doc: Doc,
  pairs: [string, string][],
  x: number,
  width: number,
  size = 9.5,
): void {
  const labelWidth = width * 0.42;
  for (const [label, value] of pairs) {
    doc.font('Helvetica').fontSize(size);
    const top = doc.y;
    const h = Math.max(
      doc.heightOfString(label, { width: labelWidth - 4 }),
      doc.heightOfString(value || ' ', { width: width - labelWidth }),
    );
    doc.fillColor('#555').text(label, x, top, { width: labelWidth - 4 });
    doc
      .fillColor('#000')
      .font('Helvetica-Bold')
      .text(value || ' ', x + labelWidth, top, { width: width - labelWidth });
    doc.y = top + h + 2;
  }
  doc.font('Helvetica').fillColor('#000');
}

/** A QR code drawn as vector squares (crisp at any print size). */
export function qr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const code = libraries().qrcode.create(text, { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#fff');
  doc.fillColor('#000');
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (code.modules.get(row, col)) {
        doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell).fill();
      }
    }
  }
  doc.restore();
}
