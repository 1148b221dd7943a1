// The monthly report pack as a printable A4 PDF (docs/reports.md "The PDF pack"): a cover (company,
// scope, period, when it was generated and from which data), a table of contents with page
// numbers, then each section as tables with vector charts drawn with pdfkit's paths (bars and
// lines, not pictures), and targets against actuals with a chart. The tables are the same as the
// XLSX's and CSVs' (tables.ts), so the three files never disagree.
import type { MonthlyReport } from '../../contract';
import { formatKwh } from '../../domain/energy';
import { formatMoney } from '../../domain/money';
import { addDays } from '../../domain/time';
import { A4, facts, finish, INNER, newA4, table, type Doc } from '../billing/pdf-kit';
import { reportTables, type Cell, type Column, type Table } from './tables';

/** The pack's sections in print order, each with the tables (by name) it shows. */
const SECTIONS: { title: string; tables: string[] }[] = [
  { title: 'Summary', tables: ['Summary'] },
  {
    title: 'Revenue',
    tables: ['Revenue by type', 'Revenue by method', 'Revenue by place', 'Revenue'],
  },
  {
    title: 'Energy and consumption',
    tables: ['Energy', 'Consumption', 'Top consumers', 'Bottom consumers'],
  },
  { title: 'Energy generated against sold', tables: ['Generation and losses'] },
  { title: 'Customers', tables: ['Customers'] },
  { title: 'Tokens', tables: ['Tokens'] },
  {
    title: 'Collections and debt',
    tables: ['Collections', 'Debt aging', 'Debt by place', 'Disconnections'],
  },
  {
    title: 'Appliance portfolio',
    tables: ['Portfolio at risk', 'Collection rate', 'Repayment by cohort'],
  },
  { title: 'Cashier day-ends', tables: ['Day-ends'] },
  { title: 'Targets against actuals', tables: ['Targets'] },
];

const INK = '#1b1f24';
const MUTED = '#5f6b76';
const BAR = '#1c7ed6';
const BAR_2 = '#f08c00';
const GRID = '#d0d7de';

function percent(value: number): string {
  return `${(value * 100).toFixed(2)} %`;
}

/** A cell as printed: money with its currency, energy in kWh, ratios as percentages. */
function printed(column: Column, value: Cell, r: MonthlyReport): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (column.kind) {
    case 'money':
      return formatMoney(value, r.currency);
    case 'energy':
      return formatKwh(value);
    case 'ratio':
      return percent(value);
    case 'count':
      return value.toLocaleString('en-US');
    default:
      return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
  }
}

function heading(doc: Doc, text: string, size = 15): void {
  doc.font('Helvetica-Bold').fontSize(size).fillColor(INK).text(text, A4.margin, doc.y);
  doc.y += 4;
}

/** Room for `height` points on this page, or a new page. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > A4.height - A4.margin - 16) doc.addPage();
}

function printTable(doc: Doc, t: Table, r: MonthlyReport): void {
  room(doc, 60);
  doc.font('Helvetica-Bold').fontSize(10.5).fillColor(INK).text(t.name, A4.margin, doc.y);
  doc.y += 2;
  if (t.rows.length === 0) {
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('Nothing in this period.');
    doc.fillColor(INK);
    doc.y += 8;
    return;
  }
  // Text takes the most room, then money (with its currency code), then other numbers.
  const weights = t.columns.map((c) => (c.kind === 'text' ? 2 : c.kind === 'money' ? 1.5 : 1.1));
  const total = weights.reduce((s, w) => s + w, 0);
  table(
    doc,
    t.columns.map((c, i) => ({
      label: c.header,
      width: (weights[i] ?? 1) / total,
      right: c.kind !== 'text',
    })),
    t.rows.map((row) => row.map((v, i) => printed(t.columns[i] as Column, v, r))),
    {
      size: t.columns.length > 6 ? 7.5 : 8.5,
      bold: (i) => {
        const first = t.rows[i]?.[0];
        return first === 'Total' || first === 'Total receivables' || first === 'Gross receivables';
      },
    },
  );
  doc.y += 10;
}

interface Bar {
  label: string;
  value: number;
  /** A second value drawn beside (targets: the target). */
  second?: number;
}

/**
 * A horizontal bar chart in vector paths: one bar per item, scaled to the largest value, with its
 * value printed at the end. Negative values (net reversals) draw as empty bars.
 */
function barChart(
  doc: Doc,
  title: string,
  bars: Bar[],
  format: (v: number) => string,
  legend?: [string, string],
): void {
  if (bars.length === 0) return;
  const rowH = bars.some((b) => b.second !== undefined) ? 20 : 14;
  const height = 24 + bars.length * rowH + (legend ? 14 : 0);
  room(doc, height);
  doc.font('Helvetica-Bold').fontSize(9.5).fillColor(INK).text(title, A4.margin, doc.y);
  const top = doc.y + 4;
  const labelW = INNER * 0.28;
  const valueW = INNER * 0.2;
  const barW = INNER - labelW - valueW;
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.second ?? 0)));
  doc.save().lineWidth(0.5).strokeColor(GRID);
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const x = A4.margin + labelW + barW * f;
    doc
      .moveTo(x, top)
      .lineTo(x, top + bars.length * rowH)
      .stroke();
  }
  doc.restore();
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(INK)
      .text(b.label, A4.margin, y + 2, { width: labelW - 6, lineBreak: false, ellipsis: true });
    const w = (Math.max(0, b.value) / max) * barW;
    const h = b.second === undefined ? rowH - 4 : (rowH - 5) / 2;
    doc
      .save()
      .rect(A4.margin + labelW, y + 1, Math.max(w, 0.5), h)
      .fill(BAR)
      .restore();
    if (b.second !== undefined) {
      const w2 = (Math.max(0, b.second) / max) * barW;
      doc
        .save()
        .rect(A4.margin + labelW, y + 2 + h, Math.max(w2, 0.5), h)
        .fill(BAR_2)
        .restore();
    }
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(INK)
      .text(format(b.value), A4.margin + labelW + barW + 4, y + 2, {
        width: valueW - 4,
        lineBreak: false,
      });
  });
  doc.y = top + bars.length * rowH + 4;
  if (legend) {
    const y = doc.y;
    doc
      .save()
      .rect(A4.margin + labelW, y, 8, 8)
      .fill(BAR)
      .restore();
    doc
      .fontSize(8)
      .fillColor(INK)
      .text(legend[0], A4.margin + labelW + 12, y, { lineBreak: false });
    doc
      .save()
      .rect(A4.margin + labelW + 110, y, 8, 8)
      .fill(BAR_2)
      .restore();
    doc
      .fontSize(8)
      .fillColor(INK)
      .text(legend[1], A4.margin + labelW + 122, y, { lineBreak: false });
    doc.y = y + 14;
  }
  doc.x = A4.margin;
  doc.y += 8;
}

/** Charts printed before a section's tables. */
function charts(doc: Doc, title: string, r: MonthlyReport): void {
  const money = (v: number) => formatMoney(v, r.currency);
  switch (title) {
    case 'Revenue':
      barChart(
        doc,
        'Revenue by payment type',
        r.revenue.byType.map((x) => ({ label: x.type.replace('_', ' '), value: x.amountMinor })),
        money,
      );
      barChart(
        doc,
        'Revenue by mini-grid',
        r.revenue.byMiniGrid.map((x) => ({ label: `${x.name} (${x.code})`, value: x.amountMinor })),
        money,
      );
      return;
    case 'Energy and consumption':
      barChart(
        doc,
        'Energy by mini-grid (kWh): sold prepaid and billed postpaid',
        r.energy.byMiniGrid.map((g) => ({
          label: g.code,
          value: g.prepaidWh,
          second: g.postpaidWh,
        })),
        (v) => `${formatKwh(v)} kWh`,
        ['Sold prepaid', 'Billed postpaid'],
      );
      return;
    case 'Energy generated against sold':
      barChart(
        doc,
        'Generated and sold (kWh)',
        r.generation.rows.map((g) => ({ label: g.code, value: g.generatedWh, second: g.soldWh })),
        (v) => `${formatKwh(v)} kWh`,
        ['Generated', 'Sold'],
      );
      return;
    case 'Collections and debt':
      barChart(
        doc,
        'Debt by days past due',
        r.debt.buckets.map((b) => ({
          label: b.bucket.replace(/^d/, '').replace('_', '-'),
          value: b.amountMinor,
        })),
        money,
      );
      return;
    case 'Appliance portfolio':
      barChart(
        doc,
        'Outstanding by days late',
        r.portfolio.buckets.map((b) => ({
          label: b.bucket === 'current' ? 'current' : b.bucket.replace(/^d/, '').replace('_', '-'),
          value: b.amountMinor,
        })),
        money,
      );
      return;
    case 'Targets against actuals':
      barChart(
        doc,
        'Progress toward each target (share of the target reached)',
        r.targets.map((t) => ({
          label: `${t.scopeName} ${t.metric.replace('_', ' ')}`,
          value: t.progress ?? 0,
          second: 1,
        })),
        (v) => percent(v),
        ['Actual', 'Target (100 %)'],
      );
      return;
    default:
      return;
  }
}

/** The pack as PDF bytes. `company` is the company's name as set in the office settings. */
export function reportPdf(r: MonthlyReport, company: string): Buffer {
  const doc = newA4(
    `Monthly report ${r.period} ${r.scope.name}`,
    company,
    new Date(r.generatedAt),
    {
      bufferPages: true,
    },
  );
  const periodText = `${r.period} (${r.from} to ${addDays(r.to, -1)})`;

  // --- cover ---
  doc.addPage();
  doc.y = 200;
  doc.font('Helvetica-Bold').fontSize(26).fillColor(INK).text(company, A4.margin, doc.y);
  doc.y += 6;
  doc
    .font('Helvetica')
    .fontSize(18)
    .text(r.periodKind === 'quarter' ? 'Quarterly report' : 'Monthly report');
  doc.y += 24;
  facts(
    doc,
    [
      ['Scope', r.scope.name],
      ['Period', periodText],
      ['Currency', r.currency.code],
      ['Generated at', r.generatedAt],
      [
        'Data as of',
        r.dataAsOf.at
          ? `audit entry ${r.dataAsOf.auditSeq} (${r.dataAsOf.at})`
          : 'no audited change yet',
      ],
    ],
    A4.margin,
    INNER * 0.8,
    11,
  );
  if (r.message) {
    doc.y += 16;
    doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text(r.message, A4.margin, doc.y, {
      width: INNER,
    });
  }

  // --- contents (filled in once the sections know their pages) ---
  doc.addPage();
  const contentsPage = 1;
  const tables = new Map(reportTables(r).map((t) => [t.name, t]));
  const starts: { title: string; page: number }[] = [];
  SECTIONS.forEach((section, k) => {
    doc.addPage();
    starts.push({ title: `${k + 1}. ${section.title}`, page: doc.bufferedPageRange().count });
    heading(doc, `${k + 1}. ${section.title}`);
    doc.y += 4;
    charts(doc, section.title, r);
    for (const name of section.tables) {
      const t = tables.get(name);
      if (t) printTable(doc, t, r);
    }
  });

  doc.switchToPage(contentsPage);
  doc.y = A4.margin;
  heading(doc, 'Contents', 18);
  doc.y += 8;
  for (const s of starts) {
    const y = doc.y;
    doc
      .font('Helvetica')
      .fontSize(11)
      .fillColor(INK)
      .text(s.title, A4.margin, y, {
        width: INNER - 40,
        lineBreak: false,
      });
    doc.text(String(s.page), A4.margin + INNER - 40, y, { width: 40, align: 'right' });
    doc.y = y + 20;
  }

  // Page footers: scope, period and "page n of N" on every page but the cover.
  const pages = doc.bufferedPageRange().count;
  for (let i = 1; i < pages; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would open a new page: the footer lifts it for a moment.
    doc.page.margins.bottom = 0;
    const y = A4.height - A4.margin + 12;
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(`${company} - ${r.scope.name} - ${r.period}`, A4.margin, y, {
        width: INNER / 2,
        lineBreak: false,
      })
      .text(`Page ${i + 1} of ${pages}`, A4.margin + INNER / 2, y, {
        width: INNER / 2,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.fillColor(INK);
  return finish(doc);
}
