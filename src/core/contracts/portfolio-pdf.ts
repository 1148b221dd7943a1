// The contract portfolio on A4 (docs/appliances.md, "Lists and figures"): the figures of
// contracts.portfolio as a manager files them, the whole portfolio then its breakdowns by
// product, village and agent. Built from the command's own answer, so paper and screen agree.
import type { PortfolioFigures, PortfolioGroup, Settings } from '../../contract';
import { formatMoney } from '../../domain/money';
import { printDate } from '../billing/dates';
import { A4, facts, finish, INNER, newA4, table } from '../billing/pdf-kit';

/** Basis points as a percentage with one decimal (an em dash when there is no base). */
export function percentText(bp: number | null): string {
  return bp === null ? '-' : `${(bp / 100).toFixed(1)} %`;
}

export function renderPortfolioPdf(p: PortfolioFigures, settings: Settings, at: Date): Buffer {
  const money = (minor: number) => formatMoney(minor, settings.currency);
  const par = (g: { par: PortfolioGroup['par'] }, days: number) => {
    const f = g.par.find((x) => x.days === days);
    return f ? `${percentText(f.shareBp)} (${money(f.atRiskMinor)})` : '-';
  };
  const doc = newA4(`Contract portfolio ${p.asOf}`, settings.company.name, at);
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(16).text(settings.company.name, A4.margin, A4.margin);
  doc.font('Helvetica').fontSize(9).text(`${settings.office.name} (${settings.office.code})`);
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .text('CONTRACT PORTFOLIO', A4.margin, A4.margin, { width: INNER, align: 'right' });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`As of ${printDate(p.asOf)}`, { width: INNER, align: 'right' });
  doc.y = A4.margin + 52;
  doc
    .moveTo(A4.margin, doc.y)
    .lineTo(A4.margin + INNER, doc.y)
    .lineWidth(0.8)
    .stroke();
  doc.y += 8;
  facts(
    doc,
    [
      ['Active contracts', String(p.activeContracts)],
      ['Outstanding principal', money(p.outstandingMinor)],
      ...p.par.map((f): [string, string] => [`PAR ${f.days}`, par(p, f.days)]),
      [
        `Collection ${printDate(p.collection.from)} - ${printDate(p.collection.to)}`,
        `${percentText(p.collection.shareBp)} (${money(p.collection.collectedMinor)} of ${money(p.collection.dueMinor)} due)`,
      ],
      ['Paid off', String(p.paidOff)],
      ['Written off', `${p.writtenOff.count} (${money(p.writtenOff.amountMinor)})`],
      ['Repossessed', String(p.repossessed)],
    ],
    A4.margin,
    INNER,
  );
  const breakdown = (title: string, rows: PortfolioGroup[], none: string) => {
    if (doc.y + 80 > A4.height - A4.margin) doc.addPage();
    doc.y += 10;
    doc.font('Helvetica-Bold').fontSize(11).text(title, A4.margin);
    doc.y += 4;
    table(
      doc,
      [
        { label: 'Name', width: 0.25 },
        { label: 'Active', width: 0.06, right: true },
        { label: 'Outstanding', width: 0.13, right: true },
        { label: 'PAR 7', width: 0.075, right: true },
        { label: 'PAR 30', width: 0.075, right: true },
        { label: 'PAR 90', width: 0.075, right: true },
        { label: 'Collection', width: 0.085, right: true },
        { label: 'Paid off', width: 0.06, right: true },
        { label: 'Written off', width: 0.065, right: true },
        { label: 'Repos.', width: 0.06, right: true },
      ],
      rows.map((g) => [
        g.name ?? none,
        String(g.activeContracts),
        money(g.outstandingMinor),
        ...[7, 30, 90].map((d) => percentText(g.par.find((x) => x.days === d)?.shareBp ?? null)),
        percentText(g.collection.shareBp),
        String(g.paidOff),
        String(g.writtenOff.count),
        String(g.repossessed),
      ]),
      { size: 7.5 },
    );
  };
  breakdown('By product', p.byProduct, '-');
  breakdown('By village', p.byVillage, '-');
  breakdown('By agent', p.byAgent, 'Sold at the office');
  return finish(doc);
}
