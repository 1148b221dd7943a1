// Lays a receipt model out as a PDF with pdfkit: 58 mm and 80 mm thermal rolls (the page is as
// tall as the receipt) and A4. Built-in Helvetica and Courier only, so no font files ship. The
// document is produced synchronously (pdfkit buffers its output until read), so it can be made
// inside a write transaction, and its metadata is fixed so the same payment gives the same bytes.
import { createRequire } from 'node:module';
import type PDFKit from 'pdfkit';
import type { ReceiptLine, ReceiptModel } from './receipt-model';

export type ReceiptLayout = '58mm' | '80mm' | 'a4';

interface LayoutSpec {
  width: number;
  /** Fixed page height (A4); null for a roll cut to the content. */
  height: number | null;
  margin: number;
  body: number;
  heading: number;
  token: number;
}

const LAYOUTS: Record<ReceiptLayout, LayoutSpec> = {
  '58mm': { width: 164, height: null, margin: 8, body: 7.5, heading: 10, token: 18 },
  '80mm': { width: 227, height: null, margin: 10, body: 8.5, heading: 12, token: 22 },
  a4: { width: 595.28, height: 841.89, margin: 56, body: 11, heading: 18, token: 32 },
};

/** Tall enough for any receipt while measuring; the real roll page is cut to the content. */
const MEASURE_HEIGHT = 14_400;
/** Courier glyphs are 0.6 em wide. */
const COURIER_ADVANCE = 0.6;

// Loaded at the first receipt, not when the core starts (docs/performance.md, one CLI command).
let loaded: typeof PDFKit | undefined;
const pdfkit = () => (loaded ??= createRequire(__filename)('pdfkit') as typeof PDFKit);

type Doc = InstanceType<typeof PDFKit>;

function newDoc(model: ReceiptModel, spec: LayoutSpec, height: number): Doc {
  const PDFDocument = pdfkit();
  return new PDFDocument({
    size: [spec.width, height],
    margin: spec.margin,
    autoFirstPage: true,
    info: {
      Title: `${model.title} ${model.lines[0]?.value ?? ''}`.trim(),
      Author: model.company,
      Creator: 'GridDesk',
      Producer: 'GridDesk',
      CreationDate: model.createdAt,
      ModDate: model.createdAt,
    },
  });
}

function rule(doc: Doc, spec: LayoutSpec, dashed: boolean): void {
  const y = doc.y + spec.body * 0.4;
  doc.save().lineWidth(0.6);
  if (dashed) doc.dash(2, { space: 2 });
  doc
    .moveTo(spec.margin, y)
    .lineTo(spec.width - spec.margin, y)
    .stroke();
  doc.restore();
  doc.y = y + spec.body * 0.6;
}

/**
 * A label on the left and its value on the right. The value keeps its natural width when the two
 * fit on one line; otherwise the label keeps at most a third and both wrap in their own column.
 */
function row(doc: Doc, spec: LayoutSpec, line: ReceiptLine, bold = false): void {
  const inner = spec.width - 2 * spec.margin;
  const gap = 6;
  const value = line.value || ' ';
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(spec.body);
  const labelNeed = doc.widthOfString(line.label) + 1;
  const valueNeed = doc.widthOfString(value) + 1;
  const labelWidth =
    labelNeed + gap + valueNeed <= inner
      ? inner - gap - valueNeed
      : Math.min(labelNeed, Math.round(inner * 0.36));
  const valueWidth = inner - labelWidth - gap;
  const top = doc.y;
  const labelHeight = doc.heightOfString(line.label, { width: labelWidth });
  const valueHeight = doc.heightOfString(value, { width: valueWidth });
  doc.text(line.label, spec.margin, top, { width: labelWidth });
  doc.text(value, spec.margin + labelWidth + gap, top, { width: valueWidth, align: 'right' });
  doc.x = spec.margin;
  doc.y = top + Math.max(labelHeight, valueHeight) + spec.body * 0.15;
}

function centred(doc: Doc, spec: LayoutSpec, text: string, font: string, size: number): void {
  doc
    .font(font)
    .fontSize(size)
    .text(text, spec.margin, doc.y, { width: spec.width - 2 * spec.margin, align: 'center' });
}

/** Draws the receipt and returns the y just below it. */
function draw(doc: Doc, model: ReceiptModel, spec: LayoutSpec): number {
  const inner = spec.width - 2 * spec.margin;
  doc.x = spec.margin;
  doc.y = spec.margin;
  if (model.reprint) {
    centred(doc, spec, '*** REPRINT ***', 'Helvetica-Bold', spec.heading * 1.4);
    doc.moveDown(0.3);
  }
  centred(doc, spec, model.company, 'Helvetica-Bold', spec.heading);
  centred(doc, spec, model.office, 'Helvetica', spec.body);
  doc.moveDown(0.4);
  centred(doc, spec, model.title, 'Helvetica-Bold', spec.heading);
  rule(doc, spec, false);

  for (const line of model.lines) row(doc, spec, line);
  if (model.allocations.length > 0) {
    rule(doc, spec, true);
    for (const line of model.allocations) row(doc, spec, line);
  }
  rule(doc, spec, false);
  row(doc, spec, model.total, true);

  for (const token of model.tokens) {
    rule(doc, spec, true);
    centred(doc, spec, 'TOKEN', 'Helvetica-Bold', spec.body);
    doc.moveDown(0.2);
    const fit = inner / (token.grouped.length * COURIER_ADVANCE);
    centred(doc, spec, token.grouped, 'Courier-Bold', Math.min(spec.token, Math.floor(fit)));
    centred(doc, spec, token.caption, 'Helvetica', spec.body);
  }

  rule(doc, spec, false);
  for (const text of model.footer) centred(doc, spec, text, 'Helvetica', spec.body);
  if (model.reprint) {
    doc.moveDown(0.3);
    centred(doc, spec, 'REPRINT - not a new payment', 'Helvetica-Bold', spec.body);
  }
  return doc.y;
}

function finish(doc: Doc): Buffer {
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk: unknown = doc.read(); chunk !== null; chunk = doc.read()) {
    if (Buffer.isBuffer(chunk)) chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function renderReceiptPdf(model: ReceiptModel, layout: ReceiptLayout): Buffer {
  const spec = LAYOUTS[layout];
  if (spec.height !== null) {
    const doc = newDoc(model, spec, spec.height);
    draw(doc, model, spec);
    return finish(doc);
  }
  // A roll: measure on a very tall page first, then draw again on a page cut to the content.
  const probe = newDoc(model, spec, MEASURE_HEIGHT);
  const bottom = draw(probe, model, spec);
  probe.end();
  const doc = newDoc(model, spec, Math.ceil(bottom + spec.margin * 1.5));
  draw(doc, model, spec);
  return finish(doc);
}
