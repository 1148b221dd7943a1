// The postpaid invoice on A4 (docs/domain.md §7): operator, customer, account, meter, tariff
// version, period, previous and present readings with dates and actual/estimated, kWh, charges by
// band, fixed charges, VAT, arrears, payments received, total due, due date, how to pay, the
// payment link and its QR code, and where to complain. One invoice per page; a run prints all its
// invoices in village order into one document.
import type { Invoice, Settings } from '../../contract';
import { formatKwh } from '../../domain/energy';
import { formatMoney } from '../../domain/money';
import { localDate } from '../../domain/time';
import { printDate } from './dates';
import { A4, facts, finish, INNER, newA4, qr, table, type Doc } from './pdf-kit';

function when(iso: string, timeZone: string): string {
  return printDate(localDate(Date.parse(iso), timeZone));
}

const dateOnly = printDate;

function lastDay(endExclusive: string): string {
  const d = new Date(`${endExclusive}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function drawInvoice(doc: Doc, inv: Invoice, settings: Settings): void {
  const money = (minor: number) => formatMoney(minor, settings.currency);
  const zone = settings.office.timeZone;
  doc.addPage();
  const top = A4.margin;
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(settings.company.name, A4.margin, top, { width: INNER * 0.6 });
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(`${settings.office.name} (${settings.office.code})`, { width: INNER * 0.6 });
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(inv.status === 'final' ? 'INVOICE' : 'DRAFT INVOICE', A4.margin + INNER * 0.55, top, {
      width: INNER * 0.45,
      align: 'right',
    });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(inv.number ?? 'not numbered (draft)', { width: INNER * 0.45, align: 'right' });
  doc.y = Math.max(doc.y, top + 52);
  doc
    .moveTo(A4.margin, doc.y)
    .lineTo(A4.margin + INNER, doc.y)
    .lineWidth(0.8)
    .stroke();
  doc.y += 8;

  const columnTop = doc.y;
  facts(
    doc,
    [
      ['Customer', inv.customer.name],
      ['Account', inv.customer.accountNumber],
      ['Village', `${inv.village}, ${inv.miniGrid}`],
      ['Meter', inv.meterSerial],
    ],
    A4.margin,
    INNER * 0.48,
  );
  const leftBottom = doc.y;
  doc.y = columnTop;
  facts(
    doc,
    [
      ['Period', `${dateOnly(inv.periodStart)} - ${dateOnly(lastDay(inv.periodEnd))}`],
      [
        'Tariff',
        `${inv.tariff.name} ${inv.tariff.versions.map((v) => `v${v.version}${v.approvalRef ? ` (${v.approvalRef})` : ''}`).join(', ')}`,
      ],
      ['Issued', inv.issuedOn ? dateOnly(inv.issuedOn) : 'draft'],
      ['Due date', dateOnly(inv.dueDate)],
    ],
    A4.margin + INNER * 0.52,
    INNER * 0.48,
  );
  doc.y = Math.max(doc.y, leftBottom) + 10;

  doc.font('Helvetica-Bold').fontSize(11).text('Meter readings', A4.margin);
  doc.y += 2;
  table(
    doc,
    [
      { label: 'Reading', width: 0.25 },
      { label: 'Date', width: 0.25 },
      { label: 'Actual or estimated', width: 0.25 },
      { label: 'Meter (kWh)', width: 0.25, right: true },
    ],
    [
      [
        'Previous',
        when(inv.opening.at, zone),
        inv.opening.estimated ? 'ESTIMATED' : 'Actual',
        formatKwh(inv.opening.wh),
      ],
      [
        'Present',
        when(inv.closing.at, zone),
        inv.closing.estimated ? 'ESTIMATED' : 'Actual',
        formatKwh(inv.closing.wh),
      ],
    ],
  );
  doc
    .font('Helvetica')
    .fontSize(9.5)
    .text(`Energy billed: ${formatKwh(inv.billedWh)} kWh`, A4.margin);
  if (inv.closing.estimated) {
    doc
      .fontSize(8.5)
      .fillColor('#555')
      .text(
        'The present reading is estimated from your recent daily use; the next actual reading corrects it.',
        { width: INNER },
      );
    doc.fillColor('#000');
  }
  doc.y += 8;

  doc.font('Helvetica-Bold').fontSize(11).text('Charges', A4.margin);
  doc.y += 2;
  const rows = inv.lines.map((l) => [
    l.label,
    l.wh !== null ? formatKwh(l.wh) : '',
    l.priceMilliMinorPerKwh !== null ? money(Math.round(l.priceMilliMinorPerKwh / 1000)) : '',
    money(l.amountMinor),
  ]);
  rows.push(['Charges this period', '', '', money(inv.chargesMinor)]);
  rows.push([
    inv.arrearsMinor < 0 ? 'Credit from before' : 'Unpaid from before',
    '',
    '',
    money(inv.arrearsMinor),
  ]);
  table(
    doc,
    [
      { label: 'Item', width: 0.5 },
      { label: 'kWh', width: 0.14, right: true },
      { label: 'Price per kWh', width: 0.17, right: true },
      { label: 'Amount', width: 0.19, right: true },
    ],
    rows,
    { bold: (i) => i === rows.length - 2 },
  );
  doc.y += 4;
  doc
    .moveTo(A4.margin + INNER * 0.5, doc.y)
    .lineTo(A4.margin + INNER, doc.y)
    .lineWidth(1)
    .stroke();
  doc.y += 5;
  const totalTop = doc.y;
  doc
    .font('Helvetica-Bold')
    .fontSize(13)
    .text('TOTAL DUE', A4.margin + INNER * 0.5, totalTop, { width: INNER * 0.25 });
  doc.text(money(inv.totalDueMinor), A4.margin + INNER * 0.72, totalTop, {
    width: INNER * 0.28,
    align: 'right',
  });
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(`by ${dateOnly(inv.dueDate)}`, A4.margin + INNER * 0.5, doc.y, {
      width: INNER * 0.5,
      align: 'right',
    });
  if (inv.paymentsInPeriodMinor !== 0) {
    doc
      .fontSize(8.5)
      .fillColor('#555')
      .text(
        `Payments received during the period: ${money(inv.paymentsInPeriodMinor)} (already counted above).`,
        A4.margin,
        doc.y + 2,
        { width: INNER },
      );
    doc.fillColor('#000');
  }
  for (const n of inv.notes) {
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(
        `${n.kind === 'credit' ? 'Credit' : 'Debit'} note ${n.number}: ${money(n.amountMinor)} (${n.reason})`,
        A4.margin,
      );
  }
  doc.y += 10;

  const payTop = doc.y;
  doc.font('Helvetica-Bold').fontSize(11).text('How to pay', A4.margin, payTop);
  doc
    .font('Helvetica')
    .fontSize(9.5)
    .text(
      `Pay at the ${settings.office.name} counter (cash or mobile money) quoting your account ${inv.customer.accountNumber}` +
        (inv.paymentLink ? ', or online with the link or the QR code:' : '.'),
      { width: INNER - 130 },
    );
  if (inv.paymentLink) {
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor('#1a4fa0')
      .text(inv.paymentLink, { width: INNER - 130, link: inv.paymentLink });
    doc.fillColor('#000');
    qr(doc, inv.paymentLink, A4.margin + INNER - 118, payTop, 118);
  }
  doc.y = Math.max(doc.y + 8, inv.paymentLink ? payTop + 124 : doc.y);
  doc
    .font('Helvetica')
    .fontSize(8.5)
    .fillColor('#555')
    .text(
      `Questions or complaints about this invoice: ${settings.company.name}, ${settings.office.name} (${settings.office.code}), quoting ${inv.number ?? 'your account number'}. Keep this invoice.`,
      A4.margin,
      doc.y,
      { width: INNER },
    );
  doc.fillColor('#000');
}

export function renderInvoicesPdf(
  list: readonly Invoice[],
  settings: Settings,
  createdAt: Date,
): Buffer {
  const doc = newA4(
    list.length === 1 ? `Invoice ${list[0]?.number ?? ''}` : 'Invoices',
    settings.company.name,
    createdAt,
  );
  for (const inv of list) drawInvoice(doc, inv, settings);
  if (list.length === 0) {
    doc.addPage();
    doc.font('Helvetica').fontSize(12).text('No invoices.');
  }
  return finish(doc);
}
