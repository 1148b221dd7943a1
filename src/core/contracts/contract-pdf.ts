// The appliance contract on A4 (docs/appliances.md): the parties, what was sold and its serial,
// price, down payment, the plan with its full schedule, the terms and signature lines. Built from
// the contract's view (contracts.get), so the paper says what the core says.
import type { ContractView, Settings } from '../../contract';
import { formatMoney } from '../../domain/money';
import { printDate } from '../billing/dates';
import { A4, facts, finish, INNER, newA4, table } from '../billing/pdf-kit';

export interface ContractPrint {
  contract: ContractView;
  instalments: { seq: number; dueDate: string; amountMinor: number }[];
  customerPhone: string | null;
  customerVillage: string;
  /** The terms the contract was sold under, one term a line (numbered on paper). */
  terms: string;
}

export function renderContractPdf(print: ContractPrint, settings: Settings, at: Date): Buffer {
  const c = print.contract;
  const money = (minor: number) => formatMoney(minor, settings.currency);
  const doc = newA4(`Contract ${c.number}`, settings.company.name, at);
  doc.addPage();
  const top = A4.margin;
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(settings.company.name, A4.margin, top, {
      width: INNER * 0.6,
    });
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(`${settings.office.name} (${settings.office.code})`, { width: INNER * 0.6 });
  doc
    .font('Helvetica-Bold')
    .fontSize(15)
    .text('APPLIANCE CONTRACT', A4.margin + INNER * 0.5, top, {
      width: INNER * 0.5,
      align: 'right',
    });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(c.number, { width: INNER * 0.5, align: 'right' });
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
      ['Customer', c.customer.name],
      ['Account', c.customer.accountNumber],
      ['Phone', print.customerPhone ?? ''],
      ['Village', print.customerVillage],
    ],
    A4.margin,
    INNER * 0.48,
  );
  const leftBottom = doc.y;
  doc.y = columnTop;
  facts(
    doc,
    [
      ['Item', c.item],
      ['Serial', c.deviceSerial ?? '-'],
      ['Sold on', printDate(c.saleDate)],
      ['Sold by', c.soldBy],
      ['Agent', c.agent ?? 'Sold at the office'],
    ],
    A4.margin + INNER * 0.52,
    INNER * 0.48,
  );
  doc.y = Math.max(doc.y, leftBottom) + 10;
  doc.x = A4.margin;

  const plan =
    c.plan === 'instalments'
      ? `${print.instalments.length} ${c.frequency ?? ''} instalments`
      : `${money(c.dailyPriceMinor ?? 0)} a day, at least ${money(c.minimumPaymentMinor ?? 0)} a payment` +
        (c.unlockTotalMinor === null
          ? ''
          : `; unlocked for good once ${money(c.unlockTotalMinor)} is paid`);
  facts(
    doc,
    [
      ['Price', money(c.priceMinor) + (c.priceReason ? ` (${c.priceReason})` : '')],
      ['Down payment', money(c.downPaymentMinor)],
      ['To pay after the down payment', money(c.priceMinor - c.downPaymentMinor)],
      ['Plan', plan],
      ['Grace days', String(c.graceDays)],
    ],
    A4.margin,
    INNER,
  );
  doc.y += 8;

  if (print.instalments.length > 0) {
    doc.font('Helvetica-Bold').fontSize(11).text('Schedule', A4.margin);
    doc.y += 4;
    table(
      doc,
      [
        { label: '#', width: 0.1 },
        { label: 'Due date', width: 0.5 },
        { label: 'Amount', width: 0.4, right: true },
      ],
      print.instalments.map((i) => [String(i.seq), printDate(i.dueDate), money(i.amountMinor)]),
    );
    doc.y += 8;
  }

  doc.font('Helvetica-Bold').fontSize(11).text('Terms', A4.margin);
  doc.font('Helvetica').fontSize(9);
  const terms = print.terms
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  for (const [k, term] of terms.entries()) {
    doc.text(`${k + 1}. ${term}`, A4.margin, doc.y, { width: INNER });
    doc.y += 2;
  }

  if (doc.y + 90 > A4.height - A4.margin) doc.addPage();
  doc.y += 36;
  const lineY = doc.y;
  const third = INNER / 3;
  ['Customer', `For ${settings.company.name}`, 'Witness'].forEach((label, k) => {
    const x = A4.margin + k * third;
    doc
      .moveTo(x, lineY)
      .lineTo(x + third - 16, lineY)
      .lineWidth(0.5)
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .text(`Signature: ${label}`, x, lineY + 4, {
        width: third - 16,
      });
    doc.text('Date:', x, lineY + 28, { width: third - 16 });
  });
  return finish(doc);
}
