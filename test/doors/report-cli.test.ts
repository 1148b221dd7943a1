// `griddesk report monthly`, called in-process on a real temporary database: the XLSX is read back
// with exceljs and its cells compared with the report's figures; the CSVs carry exact decimals;
// a refused month writes nothing.
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { reportCommand, ReportUsageError } from '../../src/cli/report';
import { openTestCore, setUpOffice, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function griddesk(t: TestCore, args: string[]) {
  const lines: string[] = [];
  t.close();
  try {
    const code = await reportCommand(
      () => {
        t.reopen();
        return t.core;
      },
      args,
      (l) => lines.push(l),
    );
    return { code, text: lines.join('\n') };
  } finally {
    t.reopen();
  }
}

/** An office with two SHS sales in Bakin Kogi (NGN 10.50 cash, NGN 20.25 by mobile money). */
async function office() {
  const t = openTestCore();
  cleanups.push(() => t.close());
  const { admin, cashierToken } = await setUpOffice(t);
  const seed = await seedRegistry(t, admin);
  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
    { token: admin },
  );
  const device = await t.ok(
    'devices.create',
    {
      modelId: seed.shs.id,
      serial: 'SHS-1',
      villageId: seed.village.id,
      customerId: customer.id,
      openpaygo: { key: KEY, startingCode: 516959010, count: 0 },
    },
    { token: admin },
  );
  await t.ok(
    'devices.setPaygPlan',
    { deviceId: device.id, dailyPriceMinor: 100 },
    { token: admin },
  );
  for (const [amountMinor, method] of [
    [1050, 'cash'],
    [2025, 'mobile_money'],
  ] as const)
    await t.ok(
      'payments.record',
      {
        submissionKey: randomUUID(),
        deviceId: device.id,
        amountMinor,
        method,
        ...(method === 'mobile_money' ? { reference: 'MM-1' } : {}),
      },
      { token: cashierToken },
    );
  await t.ok(
    'targets.set',
    {
      scope: 'mini_grid',
      scopeId: seed.grid.id,
      metric: 'revenue',
      value: 10_000,
      fromDate: '2026-11-01',
      byDate: '2026-12-31',
    },
    { token: admin },
  );
  const out = tempDir('griddesk-report-out-');
  cleanups.push(() => out.remove());
  return { t, out: out.path };
}

async function sheetRows(file: string, name: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('griddesk report monthly', () => {
  it('writes the XLSX and CSVs; the workbook holds the report as numbers with formats', async () => {
    const { t, out } = await office();
    const r = await griddesk(t, ['monthly', '--period', '2026-11', '--scope', 'bkg', '--out', out]);
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toContain('griddesk-monthly-2026-11-bakin-kogi-bkg.xlsx');
    expect(files).toContain('griddesk-monthly-2026-11-bakin-kogi-bkg-revenue.csv');
    expect(files.filter((f) => f.endsWith('.csv'))).toHaveLength(21);
    expect(files).toContain('griddesk-monthly-2026-11-bakin-kogi-bkg.pdf');
    expect(r.text).toContain('wrote ');

    // The sessions ended when the core was reopened; the CLI door is the local operator.
    const report = await t.ok(
      'reports.monthly',
      { period: '2026-11', scope: 'BKG' },
      { door: 'cli' },
    );
    expect(report.revenue.totalMinor).toBe(3075);
    const xlsx = join(out, 'griddesk-monthly-2026-11-bakin-kogi-bkg.xlsx');
    // Revenue: village x type x method, in naira as numbers.
    expect(await sheetRows(xlsx, 'Revenue')).toEqual([
      ['Cluster', 'Mini-grid', 'Village', 'Payment type', 'Method', 'Amount'],
      ['Niger State', 'BKG', 'Kogi North', 'Instalments', 'Cash', 10],
      ['Niger State', 'BKG', 'Kogi North', 'Instalments', 'Mobile money', 20],
      ['Niger State', 'BKG', 'Kogi North', 'Credit on account', 'Cash', 0.5],
      ['Niger State', 'BKG', 'Kogi North', 'Credit on account', 'Mobile money', 0.25],
    ]);
    expect(await sheetRows(xlsx, 'Revenue by method')).toEqual([
      ['Method', 'Amount'],
      ['Cash', 10.5],
      ['Mobile money', 20.25],
      ['Bank', 0],
      ['Other', 0],
    ]);
    expect(await sheetRows(xlsx, 'Targets')).toEqual([
      ['Place', 'Metric', 'From', 'By', 'Counted to', 'Unit', 'Target', 'Actual', 'Progress'],
      ['BKG', 'Revenue', '2026-11-01', '2026-12-31', '2026-11-30', 'NGN', 100, 30.75, 0.3075],
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Summary',
      'Revenue',
      'Revenue by type',
      'Revenue by method',
      'Revenue by place',
      'Energy',
      'Customers',
      'Tokens',
      'Collections',
      'Targets',
      'Debt aging',
      'Debt by place',
      'Disconnections',
      'Day-ends',
      'Consumption',
      'Top consumers',
      'Bottom consumers',
      'Generation and losses',
      'Portfolio at risk',
      'Collection rate',
      'Repayment by cohort',
    ]);
    // Day-ends: the cashier's two receipts, in naira; no day closed yet.
    expect(await sheetRows(xlsx, 'Day-ends')).toEqual([
      [
        'Cashier',
        'Receipts',
        'Taken (net)',
        'Days closed',
        'Closed (net)',
        'Days counted',
        'Cash difference',
      ],
      ['bola', 2, 30.75, 0, 0, 0, 0],
      ['Total', 2, 30.75, 0, 0, 0, 0],
    ]);
    const summary = book.getWorksheet('Summary');
    const revenueRow = summary?.getRows(1, 20)?.find((row) => row.getCell(1).value === 'Revenue');
    expect(revenueRow?.getCell(3).value).toBe(30.75);
    expect(revenueRow?.getCell(3).numFmt).toBe('#,##0.00');
    expect(book.getWorksheet('Targets')?.getRow(2).getCell(9).numFmt).toBe('0.00%');
    expect(book.getWorksheet('Tokens')?.getRow(2).values).toEqual([undefined, 'ADD_TIME', 2]);

    // The PDF pack: cover, contents with page numbers, every section, totals as in the report.
    const text = execFileSync('pdftotext', [
      '-layout',
      join(out, 'griddesk-monthly-2026-11-bakin-kogi-bkg.pdf'),
      '-',
    ]).toString('utf8');
    expect(text).toContain('Monthly report');
    expect(text).toMatch(/Scope\s+Bakin Kogi \(BKG\)/);
    expect(text).toMatch(/Period\s+2026-11 \(2026-11-01 to 2026-11-30\)/);
    expect(text).toMatch(/Data as of\s+audit entry \d+/);
    expect(text).toMatch(/1\. Summary\s+3\n/);
    for (const title of [
      '2. Revenue',
      '3. Energy and consumption',
      '4. Energy generated against sold',
      '5. Customers',
      '6. Tokens',
      '7. Collections and debt',
      '8. Appliance portfolio',
      '9. Cashier day-ends',
      '10. Targets against actuals',
    ])
      expect(text.split(title).length).toBe(3); // in the contents and as the section's title
    expect(text).toMatch(/Revenue\s+30\.75 NGN/);
    expect(text).toMatch(/Cash\s+10\.50 NGN/);
    expect(text).toMatch(/Mobile money\s+20\.25 NGN/);
    expect(text).toMatch(/Page 12 of 12/);

    // CSV: exact decimals, UTF-8 with a byte-order mark.
    const csv = readFileSync(
      join(out, 'griddesk-monthly-2026-11-bakin-kogi-bkg-revenue-by-method.csv'),
      'utf8',
    );
    expect(csv).toBe(
      '\uFEFFMethod,Amount\r\nCash,10.50\r\nMobile money,20.25\r\nBank,0.00\r\nOther,0.00\r\n',
    );
  });

  it('writes a quarter (--period 2026-q4): October to December, named by the quarter', async () => {
    const { t, out } = await office();
    const r = await griddesk(t, ['monthly', '--period', '2026-q4', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.text).toContain('Whole company, 2026-Q4');
    const xlsx = join(out, 'griddesk-monthly-2026-Q4-company.xlsx');
    expect(existsSync(xlsx)).toBe(true);
    const summary = await sheetRows(xlsx, 'Summary');
    expect(summary.find((row) => row[0] === 'Revenue')?.[2]).toBe(30.75);
    const report = await t.ok('reports.monthly', { period: '2026-Q4' }, { door: 'cli' });
    expect([report.periodKind, report.from, report.to]).toEqual([
      'quarter',
      '2026-10-01',
      '2027-01-01',
    ]);
    const future = await griddesk(t, ['monthly', '--period', '2027-Q1', '--out', out]);
    expect(future.text).toBe('refused: 2027-Q1 has not started yet (this month is 2026-11).');
    const bad = await t.call('reports.monthly', { period: '2026-Q5' }, { door: 'cli' });
    expect(!bad.ok && bad.error.details?.issues?.[0]).toEqual({
      field: 'period',
      message: 'must be a month (YYYY-MM) or a quarter (YYYY-Qn)',
    });
  });

  it('writes the funder exports: Odyssey payments and Prospect installations, CSV and XLSX', async () => {
    const { t, out } = await office();
    const r = await griddesk(t, [
      'funder',
      '--kind',
      'odyssey',
      '--period',
      '2026-11',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const csv = readFileSync(join(out, 'griddesk-odyssey-2026-11-company.csv'), 'utf8');
    const lines = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'timestamp,amount,currency,transaction_type,transaction_id,serial_number,customer_id,meter_id,customer_category,agent,gps',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^2026-11-22T08:00:00\.000Z,10\.50,NGN,instalments,[^,]+,SHS-1,[^,]+,,residential,bola,/,
    );
    expect(lines[2]).toContain(',20.25,NGN,instalments,');
    expect(existsSync(join(out, 'griddesk-odyssey-2026-11-company.xlsx'))).toBe(true);

    const p = await griddesk(t, [
      'funder',
      '--kind',
      'prospect',
      '--period',
      '2026-Q4',
      '--out',
      out,
    ]);
    expect(p.code).toBe(0);
    const installs = readFileSync(join(out, 'griddesk-prospect-2026-Q4-company.csv'), 'utf8');
    expect(installs).toContain('customer_id,customer_name,serial_number,product_type,install_date');
    expect(installs).toContain(',SHS-1,shs,2026-11-22,cash or energy service,');

    const bad = await t.call('reports.funder', { kind: 'grant', period: '2026-11' } as never, {
      door: 'cli',
    });
    expect(!bad.ok && bad.error.details?.issues?.[0]?.field).toBe('kind');
    await expect(
      griddesk(t, ['funder', '--period', '2026-11', '--out', out]),
    ).rejects.toBeInstanceOf(ReportUsageError);
  });

  it('refuses a month not started yet (exit 1) and writes nothing; usage errors are thrown', async () => {
    const { t, out } = await office();
    const r = await griddesk(t, ['monthly', '--period', '2027-01', '--out', join(out, 'x')]);
    expect(r.code).toBe(1);
    expect(r.text).toBe('refused: 2027-01 has not started yet (this month is 2026-11).');
    expect(existsSync(join(out, 'x'))).toBe(false);
    const unknown = await griddesk(t, [
      'monthly',
      '--period',
      '2026-11',
      '--scope',
      'NOPE',
      '--out',
      out,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.text).toContain('"NOPE"');
    await expect(griddesk(t, ['monthly', '--out', out])).rejects.toBeInstanceOf(ReportUsageError);
    await expect(griddesk(t, ['weekly', '--period', '2026-11'])).rejects.toBeInstanceOf(
      ReportUsageError,
    );
  });
});
