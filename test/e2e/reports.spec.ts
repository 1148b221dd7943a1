// The manager's report pack through the UI: the demo company, the demo manager opens Reports,
// generates the pack of last month for the whole company (progress bar while it is made), and
// downloads the PDF (checked with pdftotext) and the XLSX (read back with exceljs).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { DEMO_USERS } from '../../src/domain/demo/activity';
import { expect, test } from './fixtures';
import { call, pdfText } from './seed';

const SHOTS = resolve(__dirname, '../../test-results/screens');
const VIEWPORT = { width: 1366, height: 768 };

test('a manager generates last month pack from the demo company and downloads the PDF and XLSX', async ({
  app,
  page,
}) => {
  test.setTimeout(180_000);
  await call(app, 'setup.initialise', {
    company: { name: 'Sunrise Power Ltd', country: 'NG' },
    currency: { code: 'NGN', decimals: 2 },
    office: { name: 'Lagos office', code: 'LAG', timeZone: 'Africa/Lagos' },
    admin: {
      username: 'ada',
      displayName: 'Ada Obi',
      password: 'correct horse battery',
      passwordConfirm: 'correct horse battery',
    },
    loadDemo: true,
  });
  const manager = DEMO_USERS.find((u) => u.username === 'manager');
  if (!manager) throw new Error('the demo has no manager');
  await page.setViewportSize(VIEWPORT);
  await page.goto(app.url);
  await page.getByLabel('Username').fill(manager.username);
  await page.getByLabel('Password', { exact: true }).fill(manager.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const menu = page.getByRole('navigation', { name: 'Main menu' });
  await menu.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();

  // The test clock is in November 2026: last month is October, the default period.
  await expect(page.getByTestId('report-period')).toHaveValue('2026-10');
  await page.getByRole('button', { name: 'Generate pack' }).click();
  const pack = page.getByTestId('report-pack');
  await expect(pack).toContainText('Whole company, 2026-10: the pack is ready', {
    timeout: 60_000,
  });
  await page.screenshot({ path: `${SHOTS}/reports-pack.png` });

  // The same figures as reports.monthly's, on screen and in the files.
  const report = await call<{ revenue: { totalMinor: number } }>(app, 'reports.monthly', {
    period: '2026-10',
  });
  expect(report.revenue.totalMinor).toBeGreaterThan(0);
  const naira = (report.revenue.totalMinor / 100).toLocaleString('en-US', {
    minimumFractionDigits: 2,
  });

  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    pack.getByRole('button', { name: 'Download PDF' }).click(),
  ]);
  expect(pdfDownload.suggestedFilename()).toBe('griddesk-monthly-2026-10-company.pdf');
  const pdfPath = await pdfDownload.path();
  const text = pdfText(readFileSync(pdfPath).toString('base64'));
  expect(text).toContain('Sunrise Power Ltd');
  expect(text).toMatch(/Period\s+2026-10 \(2026-10-01 to 2026-10-31\)/);
  expect(text).toContain('7. Collections and debt');
  expect(text).toMatch(new RegExp(`Revenue\\s+${naira.replace('.', '\\.')} NGN`));

  const [xlsxDownload] = await Promise.all([
    page.waitForEvent('download'),
    pack.getByRole('button', { name: 'Download XLSX' }).click(),
  ]);
  expect(xlsxDownload.suggestedFilename()).toBe('griddesk-monthly-2026-10-company.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await xlsxDownload.path());
  const revenue = book
    .getWorksheet('Summary')
    ?.getRows(1, 30)
    ?.find((row) => row.getCell(1).value === 'Revenue');
  expect(revenue?.getCell(3).value).toBe(report.revenue.totalMinor / 100);
});
