// The monthly report written as files (docs/reports.md "Exports"): one XLSX with a sheet per
// table (real numbers with number formats, via exceljs) and one CSV per table (exact decimals,
// UTF-8 with a byte-order mark so spreadsheet programs read accents right).
import type ExcelJSLib from 'exceljs';
import Papa from 'papaparse';
import type { MonthlyReport } from '../../contract';
import { minorToMajorInput } from '../../domain/money-text';
import { reportPdf } from './pdf';
import { reportTables, type Cell, type Column, type Table } from './tables';
import { lazyModule } from '../adapters/lazy-module';

const exceljs = lazyModule<typeof ExcelJSLib>('exceljs');

export interface ReportFile {
  name: string;
  mediaType: string;
  bytes: Buffer;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'report'
  );
}

/** The files' common name: period and scope, e.g. `griddesk-monthly-2026-11-bkg`. */
export function reportBaseName(r: MonthlyReport): string {
  const scope = r.scope.kind === 'company' ? 'company' : slug(r.scope.name);
  return `griddesk-monthly-${r.period}-${scope}`;
}

/** A cell as exact text for CSV: money in major units, energy in kWh, ratios as fractions. */
function csvCell(column: Column, value: Cell, decimals: number): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (column.kind) {
    case 'money':
      return minorToMajorInput(value, decimals);
    case 'energy':
      return minorToMajorInput(value, 3);
    default:
      return String(value);
  }
}

/** A cell as a spreadsheet number (major units, kWh), with its number format. */
function xlsxCell(column: Column, value: Cell, decimals: number): { value: Cell; numFmt?: string } {
  if (value === null || typeof value === 'string') return { value };
  switch (column.kind) {
    case 'money':
      return {
        value: Number(minorToMajorInput(value, decimals)),
        numFmt: decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0',
      };
    case 'energy':
      return { value: Number(minorToMajorInput(value, 3)), numFmt: '#,##0.000' };
    case 'ratio':
      return { value, numFmt: '0.00%' };
    case 'count':
      return { value, numFmt: '#,##0' };
    default:
      return { value, numFmt: '#,##0.###' };
  }
}

export function reportCsv(table: Table, decimals: number): string {
  const header = table.columns.map((c) => c.header);
  const rows = table.rows.map((row) =>
    row.map((v, i) => csvCell(table.columns[i] as Column, v, decimals)),
  );
  return `\uFEFF${Papa.unparse([header, ...rows], { newline: '\r\n' })}\r\n`;
}

export async function reportXlsx(r: MonthlyReport): Promise<Buffer> {
  return tablesXlsx(reportTables(r), r.currency.decimals, r.generatedAt);
}

/** Tables as one workbook, a sheet each; `at` is the workbook's time (the data's, not now). */
export async function tablesXlsx(tables: Table[], decimals: number, at: string): Promise<Buffer> {
  const book = new (exceljs().Workbook)();
  book.creator = 'GridDesk';
  // The report's own time, so the same report gives the same workbook.
  book.created = new Date(at);
  book.modified = new Date(at);
  for (const table of tables) {
    const sheet = book.addWorksheet(table.name.slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.addRow(table.columns.map((c) => c.header)).font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow([]);
      row.forEach((v, i) => {
        const { value, numFmt } = xlsxCell(table.columns[i] as Column, v, decimals);
        const cell = added.getCell(i + 1);
        cell.value = value;
        if (numFmt) cell.numFmt = numFmt;
      });
    }
    table.columns.forEach((c, i) => {
      sheet.getColumn(i + 1).width = Math.max(12, Math.min(40, c.header.length + 4));
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The stops reportFiles makes: after the PDF, the XLSX and the CSVs. */
export const FILE_STEPS = 3;

/**
 * The PDF pack, the XLSX and one CSV per table. `pause` runs after each file (a turn for other
 * commands, progress); when it answers true the caller cancelled and no files are answered.
 */
export async function reportFiles(
  r: MonthlyReport,
  company: string,
  pause: () => Promise<boolean> = () => Promise.resolve(false),
): Promise<ReportFile[] | null> {
  const base = reportBaseName(r);
  const files: ReportFile[] = [
    { name: `${base}.pdf`, mediaType: 'application/pdf', bytes: reportPdf(r, company) },
  ];
  if (await pause()) return null;
  files.push({ name: `${base}.xlsx`, mediaType: XLSX_TYPE, bytes: await reportXlsx(r) });
  if (await pause()) return null;
  for (const table of reportTables(r))
    files.push({
      name: `${base}-${slug(table.name)}.csv`,
      mediaType: 'text/csv',
      bytes: Buffer.from(reportCsv(table, r.currency.decimals), 'utf8'),
    });
  if (await pause()) return null;
  return files;
}
