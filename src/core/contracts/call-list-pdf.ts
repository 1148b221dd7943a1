// The call list on A4 (docs/appliances.md, "Reminders"): a day's reminders from the outbox as the
// office prints them for whoever phones the customers, most days late first, with a box to tick
// and room for a note. Built from the same rows as contracts.reminders, so paper and screen agree.
import type { Settings } from '../../contract';
import { formatMoney } from '../../domain/money';
import { printDate } from '../billing/dates';
import { A4, finish, INNER, newA4, table } from '../billing/pdf-kit';

export interface CallListRow {
  number: string;
  customer: { accountNumber: string; name: string };
  village: string;
  phone: string | null;
  kind: 'due' | 'overdue';
  amountMinor: number;
  daysLate: number;
  dueDate: string | null;
  lastPayment: { date: string; amountMinor: number } | null;
}

export function renderCallListPdf(
  day: string,
  rows: readonly CallListRow[],
  settings: Settings,
  at: Date,
): Buffer {
  const money = (minor: number) => formatMoney(minor, settings.currency);
  const doc = newA4(`Call list ${day}`, settings.company.name, at);
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(14).text(settings.company.name, A4.margin, A4.margin);
  doc.font('Helvetica').fontSize(9).text(`${settings.office.name} (${settings.office.code})`);
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .text('CALL LIST', A4.margin, A4.margin, { width: INNER, align: 'right' });
  doc.font('Helvetica').fontSize(10).text(printDate(day), { width: INNER, align: 'right' });
  doc.y = A4.margin + 44;
  const overdue = rows.filter((r) => r.kind === 'overdue');
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(
      `To call: ${rows.length} (${overdue.length} overdue, ${rows.length - overdue.length} due soon). ` +
        `Total to collect: ${money(rows.reduce((s, r) => s + r.amountMinor, 0))}.`,
      A4.margin,
      doc.y,
      { width: INNER },
    );
  doc.y += 6;
  if (rows.length === 0) {
    doc.fontSize(10).text('No reminders for this day.', A4.margin, doc.y + 10);
    return finish(doc);
  }
  table(
    doc,
    [
      { label: 'Customer', width: 0.19 },
      { label: 'Phone', width: 0.15 },
      { label: 'Village', width: 0.12 },
      { label: 'Contract', width: 0.12 },
      { label: 'Days late', width: 0.08, right: true },
      { label: 'Amount due', width: 0.12, right: true },
      { label: 'Last payment', width: 0.15, right: true },
      { label: 'Called', width: 0.07 },
    ],
    rows.map((r) => [
      `${r.customer.name}\n${r.customer.accountNumber}`,
      r.phone ?? '-',
      r.village,
      r.number,
      r.kind === 'overdue' ? String(r.daysLate) : `due ${printDate(r.dueDate ?? day)}`,
      money(r.amountMinor),
      r.lastPayment ? `${printDate(r.lastPayment.date)}\n${money(r.lastPayment.amountMinor)}` : '-',
      '[   ]',
    ]),
    { size: 8 },
  );
  return finish(doc);
}
